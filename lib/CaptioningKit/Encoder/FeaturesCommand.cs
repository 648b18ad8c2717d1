using CaptioningKit.Data;
using CaptioningKit.Images;
using TorchSharp;

namespace CaptioningKit.Encoder;

/// <summary>Options of `features build`.</summary>
public sealed record FeatureBuildOptions
{
    /// <summary>Weights file (.pth/.safetensors). For ResNets, else looked up in $CAPTIONINGKIT_WEIGHTS.</summary>
    public string? WeightsPath { get; init; }
    /// <summary>Allow a ResNet without pretrained weights (random features: tests and benchmarks only).</summary>
    public bool AllowRandomWeights { get; init; }
    /// <summary>The output grid; 14x14 for ResNets, 4x4 for small-cnn when null.</summary>
    public GridSize? Grid { get; init; }
    /// <summary>The image pipeline; 224 evaluation transform for ResNets, 64x64 fixed for small-cnn when null.</summary>
    public ImageTransform? Transform { get; init; }
    /// <summary>Where caches live; KitPaths.CacheDirectory/features when null. Each encoder/dataset gets a sub-folder.</summary>
    public string? CacheRoot { get; init; }
    public int BatchSize { get; init; } = 32;
    public ImageLoadOptions? ImageOptions { get; init; }
}

/// <summary>What `features build` did.</summary>
public sealed record FeatureBuildSummary(string CacheFolder, int Images, bool Built, string? Reason, FeatureCacheMetadata Metadata, IReadOnlyList<ImageLoadException> Skipped);

/// <summary>The one call behind `features build --dataset &lt;folder&gt; --encoder &lt;name&gt; [--weights path]`.</summary>
public static class FeaturesCommand
{
    /// <summary>
    /// Encodes every image file under <paramref name="datasetFolder"/> (ids are paths relative to it, with '/') with the
    /// named encoder and stores the features in a cache (reused when its metadata still matches). The device comes from
    /// the host (Kit.Device).
    /// </summary>
    public static FeatureBuildSummary Build(string datasetFolder, string encoderName, torch.Device device, FeatureBuildOptions? options = null, IProgress<int>? progress = null)
    {
        options ??= new FeatureBuildOptions();
        if (!Directory.Exists(datasetFolder)) throw new DirectoryNotFoundException($"The dataset folder '{datasetFolder}' does not exist.");
        var items = ImagesIn(datasetFolder);
        using var encoder = EncoderFactory.Create(encoderName, device, options.Grid);
        string weightsHash;
        if (encoder is ResNetEncoder resnet && !(options.AllowRandomWeights && options.WeightsPath is null))
        {
            var path = WeightsLocator.Resolve(resnet.Backbone.Spec, options.WeightsPath);
            WeightLoader.Load(resnet.Backbone, path);
            weightsHash = WeightsHash.OfFile(path);
        }
        else if (options.WeightsPath is { } smallWeights)
        {
            WeightLoader.Load(encoder, smallWeights);
            weightsHash = WeightsHash.OfFile(smallWeights);
        }
        else weightsHash = WeightsHash.Random(0);

        var transform = options.Transform ?? (encoder is ResNetEncoder ? ImageTransform.Evaluation(224) : ImageTransform.Fixed(64, 64));
        var root = options.CacheRoot ?? Path.Combine(KitPaths.CacheDirectory, "features");
        var folder = Path.Combine(root, $"{Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(datasetFolder)))}-{encoder.EncoderName}-{encoder.Grid}");
        var result = FeatureCacheBuilder.GetOrBuild(folder, items, encoder, transform, weightsHash, device,
            new FileImageSource(options.ImageOptions), options.BatchSize, progress);
        using var cache = result.Cache;
        return new FeatureBuildSummary(folder, cache.Count, result.Built, result.Reason, cache.Metadata, result.Skipped);
    }

    /// <summary>Every image file under the folder as an item with no captions; id = relative path with '/'.</summary>
    public static IReadOnlyList<CaptionedImage> ImagesIn(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => ImageInspector.ImageExtensions.Contains(Path.GetExtension(f)))
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => new CaptionedImage(Path.GetRelativePath(folder, f).Replace('\\', '/'), f, [], Split.Train))
            .ToList();
}
