using CaptioningKit.Data;
using CaptioningKit.Images;
using SixLabors.ImageSharp.Formats.Png;
using TorchSharp;
using Xunit;

namespace CaptioningKit.Tests.Images;

public class BatchLoaderTests : IDisposable
{
    readonly TestImages _files = new();
    readonly List<CaptionedImage> _items = [];

    public BatchLoaderTests()
    {
        for (var i = 0; i < 10; i++)
        {
            var path = _files.Png($"img{i}.png", PngColorType.Rgb, edit: img => img[0, 0] = new SixLabors.ImageSharp.PixelFormats.Rgba32((byte)(i * 20), 0, 0));
            _items.Add(new CaptionedImage($"img{i}", path, [$"image {i} red is left"], Split.Train));
        }
    }

    public void Dispose() => _files.Dispose();

    static ImageBatchLoaderOptions Options(int seed) => new()
    {
        BatchSize = 4, Seed = seed, Workers = 2, Prefetch = 1,
        Transform = ImageTransform.Fixed(16, 8, HorizontalFlip.FlipAndSwapLeftRight),
    };

    static List<(string[] Ids, float Sum, string[] Captions)> Run(ImageBatchLoader loader, int epoch = 0)
    {
        var result = new List<(string[], float, string[])>();
        foreach (var batch in loader.Batches(torch.CPU, epoch))
        {
            using (batch)
            {
                Assert.Equal([batch.Items.Count, 3L, 8, 16], batch.Images.shape);
                result.Add((batch.Items.Select(i => i.Id).ToArray(), batch.Images.sum().item<float>(), batch.Items.Select(i => i.Captions[0]).ToArray()));
            }
        }
        return result;
    }

    [Fact]
    public void Same_seed_gives_the_same_batches_and_another_seed_or_epoch_does_not()
    {
        var a = Run(new ImageBatchLoader(_items, Options(7)));
        var b = Run(new ImageBatchLoader(_items, Options(7)));
        Assert.Equal([4, 4, 2], a.Select(x => x.Ids.Length));
        Assert.Equal(a.Select(x => string.Join(",", x.Ids)), b.Select(x => string.Join(",", x.Ids)));
        Assert.Equal(a.Select(x => x.Sum), b.Select(x => x.Sum));
        Assert.Equal(a.SelectMany(x => x.Captions), b.SelectMany(x => x.Captions));
        Assert.Equal(_items.Select(i => i.Id).Order(), a.SelectMany(x => x.Ids).Order()); // every item once

        var other = Run(new ImageBatchLoader(_items, Options(8)));
        Assert.NotEqual(a.SelectMany(x => x.Ids), other.SelectMany(x => x.Ids));
        var nextEpoch = Run(new ImageBatchLoader(_items, Options(7)), epoch: 1);
        Assert.NotEqual(a.SelectMany(x => x.Ids), nextEpoch.SelectMany(x => x.Ids));
    }

    [Fact]
    public void Bad_image_fails_the_enumeration_naming_the_file_by_default()
    {
        _items[5] = _items[5] with { ImagePath = _files.RandomBytes("broken.png") };
        var loader = new ImageBatchLoader(_items, Options(1) with { Shuffle = false });
        var e = Assert.Throws<ImageLoadException>(() => Run(loader));
        Assert.Contains("broken.png", e.Message);
    }

    [Fact]
    public void Bad_image_is_skipped_and_reported_when_asked()
    {
        _items[5] = _items[5] with { ImagePath = _files.RandomBytes("broken.png") };
        var loader = new ImageBatchLoader(_items, Options(1) with { Shuffle = false, BadImages = BadImagePolicy.SkipAndReport });
        var batches = Run(loader);
        Assert.Equal(9, batches.Sum(b => b.Ids.Length));
        Assert.DoesNotContain("img5", batches.SelectMany(b => b.Ids));
        var skipped = Assert.Single(loader.Skipped);
        Assert.Equal(ImageLoadProblem.UnsupportedFormat, skipped.Problem);
        Assert.EndsWith("broken.png", skipped.Path);
    }
}
