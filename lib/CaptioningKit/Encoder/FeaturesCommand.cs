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
public sealed record FeatureBuildSummary(string CacheFolder, int Images, bool Built, string? Reason, FeatureCacheMetadata Metadata, IReadOnlyList<ImageLoadException> Skipped)
{
    /// <summary>How the images were found: the caption format read (e.g. "folder"), or <see cref="FeaturesCommand.PlainImageFolder"/>.</summary>
    public string Source { get; init; } = FeaturesCommand.PlainImageFolder;
}

/// <summary>The one call behind `features build --dataset &lt;folder&gt; --encoder &lt;name&gt; [--weights path]`.</summary>
public static class FeaturesCommand
{
    /// <summary>The <see cref="FeatureBuildSummary.Source"/> of a folder without a captions file.</summary>
    public const string PlainImageFolder = "image folder";

    /// <summary>
    /// Encodes every image of the dataset in <paramref name="datasetFolder"/> with the named encoder and stores the
    /// features in a cache (reused when its metadata still matches). The dataset is read as the rest of the kit reads
    /// it (<see cref="ItemsOf"/>), so the cache's ids are the dataset's image ids. The device comes from the host (Kit.Device).
    /// </summary>
    public static FeatureBuildSummary Build(string datasetFolder, string encoderName, torch.Device device, FeatureBuildOptions? options = null, IProgress<int>? progress = null)
    {
        options ??= new FeatureBuildOptions();
        if (!Directory.Exists(datasetFolder)) throw new DirectoryNotFoundException($"The dataset folder '{datasetFolder}' does not exist.");
        var (items, source) = ItemsOf(datasetFolder);
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
        return new FeatureBuildSummary(folder, cache.Count, result.Built, result.Reason, cache.Metadata, result.Skipped) { Source = source };
    }

    /// <summary>
    /// The images of a dataset folder, with the ids the rest of the kit uses: read with <see cref="CaptionDatasets"/> in
    /// the format detected from its captions file (the kit's generated sets are "folder": images/ + captions.csv, ids
    /// the names in the image column). Only a folder with no captions file at all is read as a plain image folder
    /// (<see cref="ImagesIn"/>). A captions file that cannot be read is an error, never a silent fallback.
    /// </summary>
    public static (IReadOnlyList<CaptionedImage> Items, string Source) ItemsOf(string datasetFolder, LoadOptions? options = null)
    {
        string format;
        try { format = CaptionDatasets.DetectFormat(datasetFolder); }
        catch (CaptionFormatException) { return (ImagesIn(datasetFolder), PlainImageFolder); }
        // COCO and Karpathy are single JSON files: their readers take the file, not the folder.
        var path = format is CaptionDatasets.Coco or CaptionDatasets.Karpathy
            ? Directory.EnumerateFiles(datasetFolder, "*.json").Order().First(f => SafeDetect(f) == format)
            : datasetFolder;
        return (CaptionDatasets.Load(format, path, options).Images, format);
    }

    static string? SafeDetect(string file)
    {
        try { return CaptionDatasets.DetectFormat(file); }
        catch (CaptionFormatException) { return null; }
    }

    /// <summary>Every image file under the folder as an item with no captions; id = relative path with '/'.</summary>
    public static IReadOnlyList<CaptionedImage> ImagesIn(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => ImageInspector.ImageExtensions.Contains(Path.GetExtension(f)))
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => new CaptionedImage(Path.GetRelativePath(folder, f).Replace('\\', '/'), f, [], Split.Train))
            .ToList();
}
