using CaptioningKit.Encoder;
using CaptioningKit.Images;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using TorchSharp;
using Xunit;
using Xunit.Abstractions;

namespace CaptioningKit.Tests.Encoder;

/// <summary>
/// resnet18-imagenet against ONNX Runtime running the ML.NET package's own graphs (its preprocessing, then the
/// ResNet-18) on real photographs: the kit's preprocessing and module must give the same 7x7 map and pooled vector.
/// </summary>
public class ImageNetResNet18Tests(ITestOutputHelper output)
{
    const float Tolerance = 1e-4f;
    static readonly string[] Photos = ["cat.jpg", "coffee.jpg", "rocket.jpg"];

    static string Photo(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", "photos", name);

    /// <summary>The photograph resized to 224x224 as the kit resizes (the part both sides share).</summary>
    static Image<Rgb24> Resized(string name)
    {
        using var image = Image.Load<Rgb24>(Photo(name));
        return ImageTransforms.Resize(image, 224, 224);
    }

    /// <summary>ML.NET's input to the preprocessing graph: planar R, G, B values 0..255, (1, 3, 224, 224).</summary>
    static DenseTensor<float> RawRgb(Image<Rgb24> image)
    {
        var data = new float[3 * 224 * 224];
        PixelNormalization.ZeroToOne.WritePlanar(image, data);
        for (var i = 0; i < data.Length; i++) data[i] = MathF.Round(data[i] * 255f); // exact 0..255 integers
        return new DenseTensor<float>(data, [1, 3, 224, 224]);
    }

    static InferenceSession Session(byte[] model) =>
        new(model, new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL });

    /// <summary>The ResNet-18 graph with the last ReLU (the 7x7 map) added as a second output, since ONNX Runtime returns only graph outputs.</summary>
    static byte[] ModelWithFeatureMapOutput()
    {
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(ImageNetResNet18Weights.FindPackageFile(ImageNetResNet18Weights.ModelFile)));
        model.Graph.Output.Add(new ValueInfoProto
        {
            Name = ImageNetResNet18Weights.FeatureMapOutputName,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } },
        });
        return model.ToByteArray();
    }

    [Fact]
    public void Kit_preprocessing_matches_the_package_preprocessing_graph()
    {
        using var session = Session(File.ReadAllBytes(ImageNetResNet18Weights.FindPackageFile(ImageNetResNet18Weights.PreprocessFile)));
        var normalization = EncoderFactory.NormalizationFor(ImageNetResNet18.Name);
        Assert.Equal(ImageNetResNet18Weights.NormalizationName, normalization.Name);
        foreach (var photo in Photos)
        {
            using var image = Resized(photo);
            using var results = session.Run([NamedOnnxValue.CreateFromTensor("OriginalInput", RawRgb(image))]);
            var expected = results.Single().AsTensor<float>().ToArray();                // (1, 3, 224, 224) flattened
            var actual = new float[3 * 224 * 224];
            normalization.WritePlanar(image, actual);                                   // (3, 224, 224) flattened
            var maxDiff = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
            output.WriteLine($"{photo}: preprocessing, largest absolute difference {maxDiff:E3}");
            Assert.True(maxDiff <= Tolerance, $"{photo}: preprocessing differs by {maxDiff}");
        }
    }

    [Fact]
    public void Pretrained_module_matches_onnx_runtime_on_real_photographs()
    {
        using var preprocess = Session(File.ReadAllBytes(ImageNetResNet18Weights.FindPackageFile(ImageNetResNet18Weights.PreprocessFile)));
        using var network = Session(ModelWithFeatureMapOutput());
        var (loaded, hash) = EncoderFactory.CreatePretrained(ImageNetResNet18.Name, torch.CPU);
        using var encoder = (ImageNetResNet18)loaded;
        encoder.eval();
        Assert.Matches("^[0-9a-f]{16}$", hash);
        var transform = CaptionerConfig.ForPhotos(100).Transform;

        foreach (var photo in Photos)
        {
            // ONNX Runtime: the package's preprocessing graph, then the ResNet-18 graph.
            using var image = Resized(photo);
            using var prepared = preprocess.Run([NamedOnnxValue.CreateFromTensor("OriginalInput", RawRgb(image))]);
            var input = prepared.Single().AsTensor<float>().ToDenseTensor();            // (1, 3, 224, 224)
            using var results = network.Run([NamedOnnxValue.CreateFromTensor(ImageNetResNet18Weights.InputName, input)]);
            var pooledExpected = results.Single(r => r.Name == ImageNetResNet18Weights.PooledOutputName).AsTensor<float>().ToArray(); // 512
            var mapExpected = results.Single(r => r.Name == ImageNetResNet18Weights.FeatureMapOutputName).AsTensor<float>().ToArray(); // 512*7*7

            // The kit: its own image path (the transform the captioner config gives), then the TorchSharp module.
            using var original = Image.Load<Rgb24>(Photo(photo));
            var pixels = new float[transform.FloatsPerImage];
            transform.Apply(original, [], new Random(0), pixels);
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            var x = torch.tensor(pixels, [1, 3, 224, 224]);                             // (1, 3, 224, 224)
            var map = encoder.FeatureMap(x);                                            // (1, 512, 7, 7)
            var grid = encoder.call(x);                                                 // (1, 49, 512)
            var pooled = grid.mean([1]);                                                // (1, 512)

            var mapDiff = MaxDiff(map.data<float>().ToArray(), mapExpected);
            var pooledDiff = MaxDiff(pooled.data<float>().ToArray(), pooledExpected);
            var gridDiff = MaxDiff(grid.permute(0, 2, 1).contiguous().data<float>().ToArray(), mapExpected); // (1, 512, 49) = the map
            output.WriteLine($"{photo}: 7x7 map {mapDiff:E3}, grid {gridDiff:E3}, pooled {pooledDiff:E3} (map values up to {mapExpected.Max():F2}, pooled up to {pooledExpected.Max():F2})");
            Assert.True(mapDiff <= Tolerance, $"{photo}: the 7x7 map differs by {mapDiff}");
            Assert.True(gridDiff <= Tolerance, $"{photo}: the (49, 512) grid differs by {gridDiff}");
            Assert.True(pooledDiff <= Tolerance, $"{photo}: the pooled output differs by {pooledDiff}");
        }
    }

    [Fact]
    public void Random_weights_do_not_match_onnx_runtime()
    {
        // The comparison above can fail: the same architecture with random weights gives other numbers.
        using var preprocess = Session(File.ReadAllBytes(ImageNetResNet18Weights.FindPackageFile(ImageNetResNet18Weights.PreprocessFile)));
        using var network = Session(File.ReadAllBytes(ImageNetResNet18Weights.FindPackageFile(ImageNetResNet18Weights.ModelFile)));
        using var image = Resized("cat.jpg");
        using var prepared = preprocess.Run([NamedOnnxValue.CreateFromTensor("OriginalInput", RawRgb(image))]);
        using var results = network.Run([NamedOnnxValue.CreateFromTensor(ImageNetResNet18Weights.InputName, prepared.Single().AsTensor<float>().ToDenseTensor())]);
        var expected = results.Single().AsTensor<float>().ToArray();
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(1);
        using var random = (ImageNetResNet18)EncoderFactory.Create(ImageNetResNet18.Name, torch.CPU);
        random.eval();
        using var noGrad = torch.no_grad();
        var x = torch.tensor(prepared.Single().AsTensor<float>().ToArray(), [1, 3, 224, 224]);
        var pooled = random.call(x).mean([1]);                                          // (1, 512)
        Assert.True(MaxDiff(pooled.data<float>().ToArray(), expected) > 0.1f);
    }

    [Fact]
    public void Converted_cache_is_used_without_the_package_and_a_corrupt_one_is_converted_again()
    {
        var (path, hash) = ImageNetResNet18Weights.EnsureConverted();
        var folder = Directory.CreateTempSubdirectory("ck-imagenet-").FullName;
        try
        {
            var copy = Path.Combine(folder, "weights.safetensors");
            File.Copy(path, copy);
            var noPackages = Path.Combine(folder, "no-nuget");
            Directory.CreateDirectory(noPackages);
            // A valid cache needs no ONNX file: the NuGet folder given here is empty.
            Assert.Equal((copy, hash), ImageNetResNet18Weights.EnsureConverted(copy, [noPackages]));
            Assert.Equal(WeightsHash.OfFile(ImageNetResNet18Weights.FindPackageFile(ImageNetResNet18Weights.ModelFile)), hash);

            // A truncated cache is not trusted: it is converted again, which needs the package.
            using (var stream = File.Open(copy, FileMode.Open)) stream.SetLength(stream.Length / 2);
            var e = Assert.Throws<FileNotFoundException>(() => ImageNetResNet18Weights.EnsureConverted(copy, [noPackages]));
            Assert.Contains("dotnet restore", e.Message);
            Assert.Contains(ImageNetResNet18Weights.PackageId, e.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Feature_cache_for_a_folder_uses_the_shipped_weights_and_preprocessing()
    {
        var folder = Directory.CreateTempSubdirectory("ck-imagenet-features-").FullName;
        try
        {
            var dataset = Path.Combine(folder, "photos");
            Directory.CreateDirectory(dataset);
            foreach (var photo in Photos) File.Copy(Photo(photo), Path.Combine(dataset, photo));
            var options = new FeatureBuildOptions { CacheRoot = Path.Combine(folder, "cache") };

            var summary = FeatureCacheBuilder.BuildForDataset(dataset, ImageNetResNet18.Name, torch.CPU, options);

            var (_, hash) = ImageNetResNet18Weights.EnsureConverted();
            Assert.Equal(hash, summary.Metadata.WeightsHash); // not random weights
            Assert.Equal((ImageNetResNet18.Name, 512, 7, 7, 224, 224), (summary.Metadata.EncoderName, summary.Metadata.Channels,
                summary.Metadata.GridRows, summary.Metadata.GridColumns, summary.Metadata.ImageWidth, summary.Metadata.ImageHeight));
            Assert.Equal(CaptionerConfig.ForPhotos(10).Transform.Describe(), summary.Metadata.Transform);
            Assert.Equal(3, summary.Images);
            Assert.Throws<ArgumentException>(() => FeatureCacheBuilder.BuildForDataset(dataset, ImageNetResNet18.Name, torch.CPU,
                options with { WeightsPath = Path.Combine(folder, "resnet18.pth") }));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Missing_package_gives_one_error_that_names_the_fix()
    {
        var empty = Directory.CreateTempSubdirectory("ck-nonuget-").FullName;
        try
        {
            var e = Assert.Throws<FileNotFoundException>(() => ImageNetResNet18Weights.FindPackageFile(ImageNetResNet18Weights.ModelFile, [empty]));
            Assert.Contains("dotnet restore", e.Message);
            Assert.Contains(ImageNetResNet18Weights.PackageVersion, e.Message);
            Assert.Contains(empty, e.Message);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    [Fact]
    public void Factory_names_it_and_pools_to_any_grid()
    {
        Assert.Contains(ImageNetResNet18.Name, EncoderFactory.Names);
        Assert.True(EncoderFactory.IsPretrained("resnet18-imagenet"));
        Assert.False(EncoderFactory.IsPretrained("resnet18"));
        Assert.Throws<ArgumentException>(() => EncoderFactory.CreatePretrained("resnet50", torch.CPU));
        using var scope = torch.NewDisposeScope();
        using var encoder = EncoderFactory.Create(ImageNetResNet18.Name, torch.CPU, GridSize.Square(4));
        Assert.Equal(new long[] { 2, 16, 512 }, encoder.call(torch.randn(2, 3, 224, 224)).shape); // (2, 4x4, 512)
        using var seven = EncoderFactory.Create(ImageNetResNet18.Name, torch.CPU);
        Assert.Equal(new long[] { 1, 49, 512 }, seven.call(torch.randn(1, 3, 224, 224)).shape);    // (1, 7x7, 512)
        Assert.Equal(["stem (conv1, bn1)", "layer1", "layer2", "layer3", "layer4"], encoder.Blocks.Select(b => b.Name));
        // 15.9M parameters as in the package (conv and batch-norm weights; no classifier).
        Assert.InRange(encoder.parameters().Sum(p => p.numel()), 15_800_000, 16_000_000);
    }

    [Fact]
    public void It_can_be_frozen_or_fine_tuned_like_any_encoder()
    {
        using var scope = torch.NewDisposeScope();
        using var encoder = EncoderFactory.Create(ImageNetResNet18.Name, torch.CPU, GridSize.Square(2));
        Assert.Equal(["layer4"], EncoderTraining.FineTuneLastBlocks(encoder, 1));
        Assert.Equal(encoder.Blocks[^1].Parameters.Sum(p => p.numel()), EncoderTraining.TrainableParameterCount(encoder));
        encoder.call(torch.randn(1, 3, 64, 64)).sum().backward();                      // (1, 4, 512) -> scalar
        Assert.All(encoder.Blocks[^1].Parameters, p => Assert.NotNull(p.grad));        // layer4 learns
        Assert.All(encoder.Blocks[0].Parameters, p => Assert.Null(p.grad));            // the stem stays frozen
        EncoderTraining.Freeze(encoder);
        Assert.Equal(0, EncoderTraining.TrainableParameterCount(encoder));
    }

    [Fact]
    public void Captioner_config_for_it_uses_224_pixels_and_the_bgr_mean_normalisation()
    {
        var config = CaptionerConfig.ForPhotos(50);
        Assert.Equal((224, 224, 7, 7, 512), (config.ImageWidth, config.ImageHeight, config.GridRows, config.GridColumns, config.Decoder.FeatureChannels));
        Assert.Equal(ImageNetResNet18Weights.NormalizationName, config.Transform.Normalization.Name);
        Assert.Contains("mean image", config.Transform.Describe());
        var json = config.ToJson();                                     // as stored in every checkpoint
        Assert.Equal(json, CaptionerConfig.FromJson(json, "test").ToJson());
        Assert.Equal(ImageNetResNet18Weights.NormalizationName, CaptionerConfig.FromJson(json, "test").Transform.Normalization.Name);
        Assert.Equal(PixelNormalization.ImageNet, (config with { Encoder = "resnet18" }).Transform.Normalization);
        var e = Assert.Throws<ArgumentException>(() => new Captioner(config with { ImageWidth = 64, ImageHeight = 64 }, torch.CPU));
        Assert.Contains("224", e.Message);
    }

    [Fact]
    public void Bgr_mean_image_normalisation_reorders_channels_and_subtracts_per_pixel()
    {
        // A 2x1 image; mean image planes B, G, R with a different value per pixel.
        float[] mean = [1, 2, 10, 20, 100, 200];
        var normalization = PixelNormalization.BgrMeanImage("test", mean, 2, 1);
        using var image = new Image<Rgb24>(2, 1);
        image[0, 0] = new Rgb24(30, 40, 50);
        image[1, 0] = new Rgb24(60, 70, 80);
        var values = new float[6];
        normalization.WritePlanar(image, values);
        Assert.Equal([50 - 1, 80 - 2, 40 - 10, 70 - 20, 30 - 100, 60 - 200], values);
        using var wrongSize = new Image<Rgb24>(1, 2);
        Assert.Throws<ArgumentException>(() => normalization.WritePlanar(wrongSize, new float[6]));
    }

    static float MaxDiff(float[] a, float[] b)
    {
        Assert.Equal(b.Length, a.Length);
        var max = 0f;
        for (var i = 0; i < a.Length; i++) max = Math.Max(max, Math.Abs(a[i] - b[i]));
        return max;
    }
}
