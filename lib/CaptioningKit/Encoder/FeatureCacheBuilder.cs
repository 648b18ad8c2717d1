using System.Text.Json;
using CaptioningKit.Data;
using CaptioningKit.Images;
using TorchSharp;

namespace CaptioningKit.Encoder;

/// <summary>The result of <see cref="FeatureCacheBuilder.GetOrBuild"/>: the open cache, whether it was (re)built and why.</summary>
public sealed record FeatureCacheResult(FeatureCache Cache, bool Built, string? Reason, IReadOnlyList<ImageLoadException> Skipped);

/// <summary>
/// Builds feature caches. Writes go to temporary files renamed into place, metadata.json last, so a crash leaves no
/// cache (rebuilt next time), never a half-written one that looks valid.
/// </summary>
public static class FeatureCacheBuilder
{
    /// <summary>The metadata an encoder and transform produce.</summary>
    public static FeatureCacheMetadata MetadataFor(ImageEncoder encoder, ImageTransform transform, string weightsHash, FeatureStorage storage = FeatureStorage.Float32) =>
        new(encoder.EncoderName, weightsHash, transform.Width, transform.Height, transform.Describe(), encoder.Grid.Rows, encoder.Grid.Columns, encoder.Channels, storage);

    /// <summary>
    /// Opens the cache in <paramref name="folder"/> when its metadata matches and it holds every item (a hit: no image
    /// is decoded); otherwise encodes every item once and writes a new cache. The encoder runs in eval mode without
    /// gradients. Images that cannot be loaded are skipped and reported.
    /// </summary>
    public static FeatureCacheResult GetOrBuild(
        string folder, IReadOnlyList<CaptionedImage> items, ImageEncoder encoder, ImageTransform transform, string weightsHash,
        torch.Device device, IImageSource? source = null, int batchSize = 32, IProgress<int>? progress = null,
        FeatureStorage storage = FeatureStorage.Float32, CancellationToken cancellationToken = default)
    {
        var expected = MetadataFor(encoder, transform, weightsHash, storage);
        var existing = FeatureCache.TryOpen(folder, expected, out var reason);
        if (existing is not null)
        {
            var missing = items.FirstOrDefault(i => !existing.Contains(i.Id) && !existing.Unreadable.Contains(i.Id));
            if (missing is null) return new FeatureCacheResult(existing, false, null, []);
            existing.Dispose();
            reason = $"stale: image '{missing.Id}' is not in the cache";
        }
        var skipped = Build(folder, items, encoder, transform, expected, device, source, batchSize, progress, cancellationToken);
        var cache = FeatureCache.TryOpen(folder, expected, out var afterReason)
            ?? throw new InvalidOperationException($"The feature cache just written to '{folder}' cannot be opened: {afterReason}");
        return new FeatureCacheResult(cache, true, reason, skipped);
    }

    static IReadOnlyList<ImageLoadException> Build(
        string folder, IReadOnlyList<CaptionedImage> items, ImageEncoder encoder, ImageTransform transform, FeatureCacheMetadata metadata,
        torch.Device device, IImageSource? source, int batchSize, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        var loader = new ImageBatchLoader(items, new ImageBatchLoaderOptions
        {
            BatchSize = batchSize, Shuffle = false, Transform = transform with { RandomCrop = false, Flip = HorizontalFlip.Never },
            BadImages = BadImagePolicy.SkipAndReport,
        }, source);
        var wasTraining = encoder.training;
        encoder.eval();
        try
        {
            using var writer = new FeatureCacheWriter(folder, metadata);
            using var noGrad = torch.no_grad();
            foreach (var batch in loader.Batches(device, cancellationToken: cancellationToken))
            {
                using var scope = torch.NewDisposeScope();
                using (batch)
                {
                    var features = encoder.call(batch.Images); // (B, pixels, channels)
                    writer.Append(batch.Items.Select(i => i.Id).ToList(), features);
                    progress?.Report(writer.Count);
                }
            }
            var byPath = items.ToLookup(i => i.ImagePath);
            writer.MarkUnreadable(loader.Skipped.SelectMany(e => byPath[e.Path]).Select(i => i.Id));
            writer.Commit();
        }
        finally
        {
            encoder.train(wasTraining);
        }
        return loader.Skipped;
    }

    /// <summary>Where the features of a dataset under an encoder are cached unless a folder is named:
    /// <c>&lt;root&gt;/&lt;dataset folder name&gt;-&lt;encoder&gt;-&lt;grid&gt;</c>, root <c>KitPaths.CacheDirectory/features</c> by default.
    /// <c>features build</c> and <c>train</c> use the same folder, so a cache one builds the other reuses.</summary>
    public static string DefaultFolder(string dataset, string encoderName, GridSize grid, string? root = null)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataset));
        var name = File.Exists(full) ? $"{Path.GetFileName(Path.GetDirectoryName(full))}-{Path.GetFileNameWithoutExtension(full)}" : Path.GetFileName(full);
        return Path.Combine(root ?? Path.Combine(KitPaths.CacheDirectory, "features"), $"{name}-{encoderName}-{grid}");
    }

    /// <summary>
    /// Encodes every image of the dataset <paramref name="datasetFolder"/> (a folder, or a captions file) with the named encoder and stores the
    /// features in a cache (reused when its metadata still matches). The dataset is read as the rest of the kit reads
    /// it (<see cref="CaptionDatasets.ItemsOf"/>), so the cache's ids are the dataset's image ids. The device comes from the host (Kit.Device).
    /// </summary>
    public static FeatureBuildSummary BuildForDataset(string datasetFolder, string encoderName, torch.Device device, FeatureBuildOptions? options = null, IProgress<int>? progress = null)
    {
        options ??= new FeatureBuildOptions();
        if (!Directory.Exists(datasetFolder) && !File.Exists(datasetFolder))
            throw new DirectoryNotFoundException($"The dataset '{datasetFolder}' does not exist. Fix: give a dataset folder or its captions file.");
        var (items, source) = CaptionDatasets.ItemsOf(datasetFolder);
        var (encoder, weightsHash) = EncoderWithWeights(encoderName, device, options);
        using var encoderScope = encoder;

        var transform = options.Transform
            ?? (encoder is ImageNetResNet18 // as CaptionerConfig.Transform for this encoder: 224x224, the package's preprocessing
                ? ImageTransform.Fixed(ImageNetResNet18.ImageSize, ImageNetResNet18.ImageSize) with { Normalization = EncoderFactory.NormalizationFor(encoderName) }
            : encoder is ResNetEncoder ? ImageTransform.Evaluation(224) : ImageTransform.Fixed(64, 64));
        var folder = DefaultFolder(datasetFolder, encoder.EncoderName, encoder.Grid, options.CacheRoot);
        var result = GetOrBuild(folder, items, encoder, transform, weightsHash, device,
            new FileImageSource(options.ImageOptions), options.BatchSize, progress, options.Storage);
        using var cache = result.Cache;
        return new FeatureBuildSummary(folder, cache.Count, result.Built, result.Reason, cache.Metadata, result.Skipped) { Source = source };
    }

    /// <summary>The named encoder with its weights (shipped, from a file, or random when allowed) and their identity.</summary>
    static (ImageEncoder Encoder, string WeightsHash) EncoderWithWeights(string encoderName, torch.Device device, FeatureBuildOptions options)
    {
        if (EncoderFactory.IsPretrained(encoderName))
        {
            if (options.WeightsPath is not null)
                throw new ArgumentException($"The encoder {encoderName} ships its own ImageNet weights and takes no weights file. Fix: drop the weights option.");
            return EncoderFactory.CreatePretrained(encoderName, device, options.Grid);
        }
        var encoder = EncoderFactory.Create(encoderName, device, options.Grid);
        try
        {
            if (encoder is ResNetEncoder resnet && !(options.AllowRandomWeights && options.WeightsPath is null))
            {
                var path = WeightsLocator.Resolve(resnet.Backbone.Spec, options.WeightsPath);
                WeightLoader.Load(resnet.Backbone, path);
                return (encoder, WeightsHash.OfFile(path));
            }
            if (options.WeightsPath is { } smallWeights)
            {
                WeightLoader.Load(encoder, smallWeights);
                return (encoder, WeightsHash.OfFile(smallWeights));
            }
            return (encoder, WeightsHash.Random(0));
        }
        catch
        {
            encoder.Dispose();
            throw;
        }
    }
}

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
    /// <summary>Float32 (exact) or Float16 (half the disk and page cache; what <c>train</c> uses by default).</summary>
    public FeatureStorage Storage { get; init; } = FeatureStorage.Float32;
    public ImageLoadOptions? ImageOptions { get; init; }
}

/// <summary>What `features build` did.</summary>
public sealed record FeatureBuildSummary(string CacheFolder, int Images, bool Built, string? Reason, FeatureCacheMetadata Metadata, IReadOnlyList<ImageLoadException> Skipped)
{
    /// <summary>How the images were found: the caption format read (e.g. "folder"), or <see cref="CaptionDatasets.PlainImageFolder"/>.</summary>
    public string Source { get; init; } = CaptionDatasets.PlainImageFolder;
}
