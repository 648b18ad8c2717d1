using CaptioningKit.Data;
using CaptioningKit.Data.Generated;
using CaptioningKit.Encoder;
using CaptioningKit.Images;
using CaptioningKit.Tests.Images;
using SixLabors.ImageSharp.Formats.Png;
using TorchSharp;
using Xunit;

namespace CaptioningKit.Tests.Encoder;

[Collection(TorchRandomCollection.Name)]
public class FeatureCacheTests : IDisposable
{
    sealed class CountingSource : IImageSource
    {
        int _count;
        public int Count => _count;
        public LoadedImage Load(string path)
        {
            Interlocked.Increment(ref _count);
            return ImageLoader.Load(path);
        }
    }

    readonly TestImages _files = new();
    readonly string _cache;
    readonly List<CaptionedImage> _items = [];
    readonly ImageTransform _transform = ImageTransform.Fixed(32, 32);

    public FeatureCacheTests()
    {
        _cache = Path.Combine(_files.Folder, "cache");
        for (var i = 0; i < 5; i++)
            _items.Add(new CaptionedImage($"id{i}", _files.Png($"p{i}.png", PngColorType.Rgb, edit: img => img[i, 0] = new SixLabors.ImageSharp.PixelFormats.Rgba32(0, 255, 0)), [], Split.Train));
    }

    public void Dispose() => _files.Dispose();

    SmallCnnEncoder NewEncoder()
    {
        torch.manual_seed(3);
        return new SmallCnnEncoder(GridSize.Square(2), [8, 16], torch.CPU);
    }

    [Fact]
    public void Build_then_hit_without_decoding_and_features_equal_the_encoder_output()
    {
        using var encoder = NewEncoder();
        var source = new CountingSource();
        var first = FeatureCacheBuilder.GetOrBuild(_cache, _items, encoder, _transform, "w1", torch.CPU, source, batchSize: 2);
        Assert.True(first.Built);
        Assert.Equal("no cache yet", first.Reason);
        Assert.Equal(5, source.Count);
        first.Cache.Dispose();

        var hit = FeatureCacheBuilder.GetOrBuild(_cache, _items, encoder, _transform, "w1", torch.CPU, source);
        using var cache = hit.Cache;
        Assert.False(hit.Built);
        Assert.Equal(5, source.Count); // a hit decodes nothing

        using var scope = torch.NewDisposeScope();
        using var image = ImageLoader.Load(_items[3].ImagePath);
        var floats = new float[_transform.FloatsPerImage];
        _transform.Apply(image.Image, [], new Random(0), floats);
        encoder.eval();
        using var noGrad = torch.no_grad();
        var expected = encoder.call(torch.tensor(floats, [1, 3, 32, 32]))[0]; // (pixels, channels)
        var actual = cache.Read("id3", torch.CPU);                              // (pixels, channels)
        Assert.Equal([4L, 16], actual.shape);
        Assert.True(actual.allclose(expected, atol: 1e-5));
        Assert.Equal([3L, 4, 16], cache.ReadBatch(["id0", "id3", "id4"], torch.CPU).shape);
        Assert.True(File.Exists(Path.Combine(_cache, "features.f32")));
        Assert.Empty(Directory.GetFiles(_cache, "*.tmp-*"));
    }

    [Fact]
    public void Stale_metadata_or_new_items_rebuild()
    {
        using var encoder = NewEncoder();
        var source = new CountingSource();
        FeatureCacheBuilder.GetOrBuild(_cache, _items, encoder, _transform, "w1", torch.CPU, source).Cache.Dispose();

        var otherWeights = FeatureCacheBuilder.GetOrBuild(_cache, _items, encoder, _transform, "w2", torch.CPU, source);
        otherWeights.Cache.Dispose();
        Assert.True(otherWeights.Built);
        Assert.Equal("stale: WeightsHash: 'w1' in the cache, 'w2' now", otherWeights.Reason);

        var otherTransform = FeatureCacheBuilder.GetOrBuild(_cache, _items, encoder, ImageTransform.Fixed(64, 64), "w2", torch.CPU, source);
        otherTransform.Cache.Dispose();
        Assert.True(otherTransform.Built);
        Assert.StartsWith("stale: ImageWidth", otherTransform.Reason);

        _items.Add(new CaptionedImage("new", _items[0].ImagePath, [], Split.Train));
        var more = FeatureCacheBuilder.GetOrBuild(_cache, _items, encoder, ImageTransform.Fixed(64, 64), "w2", torch.CPU, source);
        using var cache = more.Cache;
        Assert.True(more.Built);
        Assert.Equal("stale: image 'new' is not in the cache", more.Reason);
        Assert.Equal(6, cache.Count);
        Assert.Equal(5 * 3 + 6, source.Count);
    }

    [Fact]
    public void Features_command_builds_a_cache_for_a_folder_and_reuses_it()
    {
        var dataset = Path.Combine(_files.Folder, "dataset");
        Directory.CreateDirectory(Path.Combine(dataset, "sub"));
        foreach (var i in _items.Take(3)) File.Copy(i.ImagePath, Path.Combine(dataset, "sub", Path.GetFileName(i.ImagePath)));
        var options = new FeatureBuildOptions { CacheRoot = _cache, Grid = GridSize.Square(2), Transform = ImageTransform.Fixed(32, 32) };

        var first = FeatureCacheBuilder.BuildForDataset(dataset, "small-cnn", torch.CPU, options);
        Assert.True(first.Built);
        Assert.Equal(3, first.Images);
        Assert.Equal("small-cnn", first.Metadata.EncoderName);
        Assert.Equal(256, first.Metadata.Channels);
        Assert.Equal(CaptionDatasets.PlainImageFolder, first.Source);
        var second = FeatureCacheBuilder.BuildForDataset(dataset, "small-cnn", torch.CPU, options);
        Assert.False(second.Built);

        var e = Assert.Throws<WeightLoadException>(() => FeatureCacheBuilder.BuildForDataset(dataset, "resnet18", torch.CPU, options with { WeightsPath = Path.Combine(_files.Folder, "none.pth") }));
        Assert.Contains("none.pth", e.Message);
    }

    [Fact]
    public void Features_command_reads_a_dataset_with_captions_so_ids_match_the_rest_of_the_kit()
    {
        var generated = BuiltInDatasets.Generate("shapes", Path.Combine(_files.Folder, "data"), seed: 1, train: 4, val: 1, test: 1);
        var dataset = generated.Folder;
        // A stray picture beside the dataset (not in captions.csv) must not be encoded.
        File.Copy(_items[0].ImagePath, Path.Combine(dataset, "stray.png"));
        var expected = CaptionDatasets.Load(dataset).Images.Select(i => i.Id).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(6, expected.Count);
        var options = new FeatureBuildOptions { CacheRoot = _cache, Grid = GridSize.Square(2), Transform = ImageTransform.Fixed(32, 32) };

        var summary = FeatureCacheBuilder.BuildForDataset(dataset, "small-cnn", torch.CPU, options);

        Assert.Equal(CaptionDatasets.Folder, summary.Source);
        Assert.Equal(6, summary.Images);
        Assert.Empty(summary.Skipped);
        var cache = FeatureCache.TryOpen(summary.CacheFolder, summary.Metadata, out var reason);
        Assert.NotNull(cache);
        using (cache)
        {
            Assert.Null(reason);
            Assert.Equal(expected, cache.Ids.Order(StringComparer.Ordinal));
            Assert.DoesNotContain(cache.Ids, id => id.StartsWith("images/") || id == "stray.png");
        }

        // The captions file itself is a dataset too (one data path for every --dataset): same ids.
        var fromFile = FeatureCacheBuilder.BuildForDataset(Path.Combine(dataset, "captions.csv"), "small-cnn", torch.CPU, options);
        Assert.Equal(CaptionDatasets.Folder, fromFile.Source);
        Assert.Equal(6, fromFile.Images);
        Assert.NotEqual(summary.CacheFolder, fromFile.CacheFolder); // named by folder and file: two captions.csv never share a cache
        Assert.Contains("captions", Path.GetFileName(fromFile.CacheFolder));
    }
}
