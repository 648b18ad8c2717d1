using CaptioningKit.Images;
using CaptioningKit.SafeTensors;
using TorchSharp;
using static TorchSharp.torch;

namespace CaptioningKit.Encoder;

/// <summary>
/// The ImageNet weights of <see cref="ImageNetResNet18"/>, taken offline from the NuGet package
/// Microsoft.ML.DnnImageFeaturizer.ResNet18 (MIT), which restore downloads (a PackageDownload in CaptioningKit.csproj)
/// without referencing it. The ONNX graph is read once, by node and initializer name with shape checks, and converted
/// to a safetensors file in <see cref="KitPaths.CacheDirectory"/>; later starts read only that file. The package's
/// preprocessing graph (B, G, R order, minus a 224x224 mean image) becomes <see cref="Normalization"/>.
/// </summary>
public static class ImageNetResNet18Weights
{
    public const string PackageId = "Microsoft.ML.DnnImageFeaturizer.ResNet18";
    /// <summary>Keep in step with the PackageDownload in CaptioningKit.csproj.</summary>
    public const string PackageVersion = "0.23.1";
    public const string ModelFile = "tools/DnnImageModels/ResNet18Onnx/ResNet18.onnx";
    public const string PreprocessFile = "tools/DnnImageModels/ResNetPrepOnnx/ResNetPreprocess.onnx";

    /// <summary>The graph's input, its output (the 1x1 average pool) and the last ReLU (the 7x7 map the encoder returns).</summary>
    public const string InputName = "Input247";
    public const string PooledOutputName = "Pooling395_Output_0";
    public const string FeatureMapOutputName = "ReLU393_Output_0";

    /// <summary>The name of the preprocessing as a <see cref="PixelNormalization"/>.</summary>
    public const string NormalizationName = "imagenet-cntk-bgr-mean";

    /// <summary>The mean image's tensor name in the converted file (not a module parameter).</summary>
    public const string MeanImageTensor = "preprocess.mean_image_bgr";

    const string Format = "captioningkit/resnet18-imagenet/1";

    /// <summary>Module name (convolution) ← the ONNX Conv node; its BatchNormalization is the node that consumes the conv's output.</summary>
    static readonly (string Module, string Node)[] Convolutions =
    [
        ("conv1", "Convolution249"),
        ("layer1.0.conv1", "Convolution257"), ("layer1.0.conv2", "Convolution263"),
        ("layer1.1.conv1", "Convolution271"), ("layer1.1.conv2", "Convolution277"),
        ("layer2.0.conv1", "Convolution285"), ("layer2.0.conv2", "Convolution291"), ("layer2.0.downsample.0", "Convolution295"),
        ("layer2.1.conv1", "Convolution303"), ("layer2.1.conv2", "Convolution309"),
        ("layer3.0.conv1", "Convolution317"), ("layer3.0.conv2", "Convolution323"), ("layer3.0.downsample.0", "Convolution327"),
        ("layer3.1.conv1", "Convolution335"), ("layer3.1.conv2", "Convolution341"),
        ("layer4.0.conv1", "Convolution349"), ("layer4.0.conv2", "Convolution355"), ("layer4.0.downsample.0", "Convolution359"),
        ("layer4.1.conv1", "Convolution367"), ("layer4.1.conv2", "Convolution373"),
        ("layer4.2.conv1", "Convolution381"), ("layer4.2.conv2", "Convolution387"),
    ];

    /// <summary>Where the converted weights live: $CAPTIONINGKIT_CACHE/weights/resnet18-imagenet-0.23.1.safetensors.</summary>
    public static string CachePath => Path.Combine(KitPaths.CacheDirectory, "weights", $"{ImageNetResNet18.Name}-{PackageVersion}.safetensors");

    /// <summary>
    /// A file of the package in the first NuGet folder that has it (<see cref="KitPaths.NuGetPackageFolders"/> when
    /// <paramref name="folders"/> is null). Missing: a <see cref="FileNotFoundException"/> that says how to get it.
    /// </summary>
    public static string FindPackageFile(string relativePath, IEnumerable<string>? folders = null)
    {
        var searched = new List<string>();
        foreach (var folder in folders ?? KitPaths.NuGetPackageFolders())
        {
            var path = Path.Combine(folder, PackageId.ToLowerInvariant(), PackageVersion, relativePath);
            if (File.Exists(path)) return path;
            searched.Add(folder);
        }
        throw new FileNotFoundException(
            $"The ImageNet weights of {ImageNetResNet18.Name} come from the NuGet package {PackageId} {PackageVersion}, and {relativePath} is not in the NuGet folder (looked in: {string.Join(", ", searched.Distinct())}). " +
            "Fix: run `dotnet restore` in the repository (lib/CaptioningKit/CaptioningKit.csproj downloads the package), or set NUGET_PACKAGES to the folder that holds it.",
            relativePath);
    }

    /// <summary>
    /// The ResNet-18 with its ImageNet weights on <paramref name="device"/>, and the weights' identity (the first 16
    /// hex digits of the ONNX file's SHA-256) for feature-cache metadata. Converts the ONNX file on first use.
    /// </summary>
    public static (ImageNetResNet18 Encoder, string WeightsHash) LoadPretrained(Device device, GridSize? grid = null)
    {
        var (path, hash) = EnsureConverted();
        var encoder = new ImageNetResNet18(grid);
        var file = SafeTensorsFile.Open(path);
        CopyInto(encoder, name => file.Entries.ContainsKey(name) ? file.Read(name) : null, path);
        encoder.to(device);
        return (encoder, hash);
    }

    /// <summary>
    /// The converted safetensors file and the weights' hash; converts the package's ONNX files when the cache is
    /// missing, unreadable or of another format (written to a temporary file, then renamed).
    /// </summary>
    public static (string Path, string WeightsHash) EnsureConverted(string? cachePath = null, IEnumerable<string>? nugetFolders = null)
    {
        cachePath ??= CachePath;
        if (TryOpenCache(cachePath) is { } hash) return (cachePath, hash);
        var onnxPath = FindPackageFile(ModelFile, nugetFolders);
        var preprocessPath = FindPackageFile(PreprocessFile, nugetFolders);
        using var scope = NewDisposeScope();
        var encoder = new ImageNetResNet18();
        LoadFromOnnx(encoder, OnnxWeights.Open(onnxPath));
        var meanImage = ReadMeanImage(OnnxWeights.Open(preprocessPath)); // (3, 224, 224), B, G, R
        var weightsHash = WeightsHash.OfFile(onnxPath);
        var tensors = encoder.state_dict().Append(new KeyValuePair<string, Tensor>(MeanImageTensor, meanImage));
        SafeTensorsWriter.Write(cachePath, tensors, new Dictionary<string, string>
        {
            ["format"] = Format,
            ["source"] = $"{PackageId} {PackageVersion} {ModelFile}",
            ["weights_hash"] = weightsHash,
        });
        encoder.Dispose();
        return (cachePath, weightsHash);
    }

    static string? TryOpenCache(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            var file = SafeTensorsFile.Open(path);
            return file.Metadata.TryGetValue("format", out var format) && format == Format
                && file.Metadata.TryGetValue("weights_hash", out var hash) && file.Entries.ContainsKey(MeanImageTensor)
                ? hash : null;
        }
        catch (CheckpointFormatException)
        {
            return null; // a truncated or corrupt cache is converted again
        }
    }

    /// <summary>
    /// The package's preprocessing as the kit's normalisation: B, G, R 0..255 minus the 224x224 mean image of
    /// ResNetPreprocess.onnx. Read from the converted file (converting on first use); images must be 224x224.
    /// </summary>
    public static PixelNormalization Normalization => normalization.Value;

    static readonly Lazy<PixelNormalization> normalization = new(LoadNormalization, LazyThreadSafetyMode.PublicationOnly);

    static PixelNormalization LoadNormalization()
    {
        var (path, _) = EnsureConverted();
        using var mean = SafeTensorsFile.Open(path).Read(MeanImageTensor); // (3, 224, 224)
        return PixelNormalization.BgrMeanImage(NormalizationName, mean.data<float>().ToArray(), ImageNetResNet18.ImageSize, ImageNetResNet18.ImageSize);
    }

    /// <summary>
    /// Reads the preprocessing graph and checks it is what the kit reproduces: Split the RGB input into R, G, B,
    /// Concat them as B, G, R, Sub the mean image. Returns the mean image (3, 224, 224) in B, G, R order.
    /// </summary>
    public static Tensor ReadMeanImage(OnnxWeights preprocess)
    {
        var nodes = preprocess.Model.Graph.Node;
        if (nodes.Count != 3 || nodes[0].OpType != "Split" || nodes[1].OpType != "Concat" || nodes[2].OpType != "Sub")
            throw new InvalidDataException($"The preprocessing graph '{preprocess.Path}' is not Split → Concat → Sub ({string.Join(" → ", nodes.Select(n => n.OpType))}).");
        var (split, concat, sub) = (nodes[0], nodes[1], nodes[2]);
        // Split gives R, G, B (outputs 0, 1, 2); the Concat must take them as B, G, R.
        if (concat.Input.Count != 3 || Enumerable.Range(0, 3).Any(i => concat.Input[i] != split.Output[2 - i]) || sub.Input[0] != concat.Output[0])
            throw new InvalidDataException($"The preprocessing graph '{preprocess.Path}' does not reorder R, G, B to B, G, R as expected.");
        var meanImage = preprocess.Read(sub.Input[1], [1, 3, ImageNetResNet18.ImageSize, ImageNetResNet18.ImageSize]); // (1, 3, 224, 224)
        return meanImage.squeeze(0); // (3, 224, 224)
    }

    /// <summary>
    /// Copies the ONNX graph's weights into <paramref name="encoder"/> by node and initializer name, checking each
    /// convolution's kernel, stride and padding and each shape against the module.
    /// </summary>
    public static void LoadFromOnnx(ImageNetResNet18 encoder, OnnxWeights onnx)
    {
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var own = encoder.state_dict();
        foreach (var (module, nodeName) in Convolutions)
        {
            var conv = onnx.Node(nodeName, "Conv");
            var weightShape = own[module + ".weight"].shape;
            CheckConv(onnx, conv, module, weightShape);
            tensors[module + ".weight"] = onnx.Read(conv.Input[1], weightShape);
            var bn = onnx.Model.Graph.Node.FirstOrDefault(n => n.OpType == "BatchNormalization" && n.Input[0] == conv.Output[0])
                ?? throw new InvalidDataException($"The ONNX file '{onnx.Path}': no BatchNormalization follows {nodeName}.");
            var epsilon = OnnxWeights.Float(bn, "epsilon") ?? 1e-5f;
            if (Math.Abs(epsilon - 1e-5f) > 1e-9f)
                throw new InvalidDataException($"The ONNX file '{onnx.Path}': {bn.Name} has epsilon {epsilon}; the module uses 1e-5.");
            var bnModule = BatchNormName(module);
            var channels = new long[] { weightShape[0] };
            tensors[bnModule + ".weight"] = onnx.Read(bn.Input[1], channels);
            tensors[bnModule + ".bias"] = onnx.Read(bn.Input[2], channels);
            tensors[bnModule + ".running_mean"] = onnx.Read(bn.Input[3], channels);
            tensors[bnModule + ".running_var"] = onnx.Read(bn.Input[4], channels);
        }
        var maxPool = onnx.Model.Graph.Node.Single(n => n.OpType == "MaxPool");
        CheckAttribute(onnx, maxPool, "pads", [1, 1, 0, 0]);
        CheckAttribute(onnx, maxPool, "strides", [2, 2]);
        CheckAttribute(onnx, maxPool, "kernel_shape", [3, 3]);
        CopyInto(encoder, name => tensors.GetValueOrDefault(name), onnx.Path);
    }

    /// <summary>Copies every tensor of the module's state dict from <paramref name="source"/> (shape-checked); num_batches_tracked may be missing.</summary>
    static void CopyInto(ImageNetResNet18 encoder, Func<string, Tensor?> source, string file)
    {
        using var scope = NewDisposeScope();
        using var noGrad = torch.no_grad();
        foreach (var (name, target) in encoder.state_dict())
        {
            var value = source(name);
            if (value is null)
            {
                if (name.EndsWith("num_batches_tracked", StringComparison.Ordinal)) continue;
                throw new InvalidDataException($"'{file}' has no weights for {ImageNetResNet18.Name}'s '{name}'.");
            }
            if (!value.shape.SequenceEqual(target.shape))
                throw new InvalidDataException($"'{file}': '{name}' is [{string.Join(", ", value.shape)}], the module's is [{string.Join(", ", target.shape)}].");
            target.copy_(value);
        }
    }

    static string BatchNormName(string conv) =>
        conv == "conv1" ? "bn1"
        : conv.EndsWith(".conv1", StringComparison.Ordinal) ? conv[..^".conv1".Length] + ".bn1"
        : conv.EndsWith(".conv2", StringComparison.Ordinal) ? conv[..^".conv2".Length] + ".bn2"
        : conv[..^".0".Length] + ".1"; // layerN.0.downsample.0 → layerN.0.downsample.1

    /// <summary>The padding the module applies must be the graph's: the stem (3, 3, 2, 2), stride-2 3x3 (1, 1, 0, 0).</summary>
    static void CheckConv(OnnxWeights onnx, Onnx.NodeProto conv, string module, long[] weightShape)
    {
        var kernel = weightShape[2];
        var stride2 = module == "conv1" || module.EndsWith(".0.downsample.0", StringComparison.Ordinal)
            || (module.EndsWith(".0.conv1", StringComparison.Ordinal) && !module.StartsWith("layer1", StringComparison.Ordinal));
        long[] pads = module == "conv1" ? [3, 3, 2, 2] : kernel == 1 ? [0, 0, 0, 0] : stride2 ? [1, 1, 0, 0] : [1, 1, 1, 1];
        CheckAttribute(onnx, conv, "kernel_shape", [kernel, kernel]);
        CheckAttribute(onnx, conv, "strides", stride2 ? [2, 2] : [1, 1]);
        CheckAttribute(onnx, conv, "pads", pads);
        if (OnnxWeights.Ints(conv, "dilations") is { } d && d.Any(v => v != 1) || conv.Input.Count != 2)
            throw new InvalidDataException($"The ONNX file '{onnx.Path}': {conv.Name} has dilation or a bias; the module has neither.");
    }

    static void CheckAttribute(OnnxWeights onnx, Onnx.NodeProto node, string attribute, long[] expected)
    {
        var actual = OnnxWeights.Ints(node, attribute) ?? (attribute == "pads" ? [0, 0, 0, 0] : null);
        if (actual is null || !actual.SequenceEqual(expected))
            throw new InvalidDataException($"The ONNX file '{onnx.Path}': {node.Name} has {attribute} [{string.Join(", ", actual ?? [])}], the module uses [{string.Join(", ", expected)}].");
    }
}
