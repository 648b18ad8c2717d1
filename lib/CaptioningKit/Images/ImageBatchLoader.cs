using System.Collections.Concurrent;
using System.Threading.Channels;
using CaptioningKit.Data;
using TorchSharp;

namespace CaptioningKit.Images;

/// <summary>
/// Decodes and transforms images on worker threads (all cores by default) while the consumer trains, keeping at most
/// <see cref="ImageBatchLoaderOptions.Prefetch"/> batches ready (a bounded channel). The order is deterministic for a
/// seed and epoch: the shuffle and each item's augmentation draw from seeds derived from (seed, epoch, item), never
/// from thread timing. Tensors are made on the consumer's thread, on the device passed in.
/// </summary>
public sealed class ImageBatchLoader(IReadOnlyList<CaptionedImage> items, ImageBatchLoaderOptions? options = null, IImageSource? source = null)
{
    readonly ConcurrentQueue<ImageLoadException> _skipped = new();

    public ImageBatchLoaderOptions Options { get; } = options ?? new ImageBatchLoaderOptions();
    public IImageSource Source { get; } = source ?? new FileImageSource();
    public IReadOnlyList<CaptionedImage> Items { get; } = items;

    /// <summary>Every image skipped so far (policy <see cref="BadImagePolicy.SkipAndReport"/>).</summary>
    public IReadOnlyList<ImageLoadException> Skipped => _skipped.ToArray();

    /// <summary>The item order of an epoch: a seeded Fisher-Yates shuffle, or the input order.</summary>
    public IReadOnlyList<int> Order(int epoch) => EpochOrder(Items.Count, Options.Seed, epoch, Options.Shuffle);

    /// <summary>The order of <paramref name="count"/> items in an epoch: a Fisher-Yates shuffle seeded by (seed, epoch)
    /// only, so every run, process and batch source (images or cached features) sees the same order.</summary>
    public static int[] EpochOrder(int count, int seed, int epoch, bool shuffle = true)
    {
        var order = Enumerable.Range(0, count).ToArray();
        if (shuffle) new Random(SeedMixer.Mix(seed, epoch)).Shuffle(order);
        return order;
    }

    /// <summary>The batches of one epoch, as tensors on <paramref name="device"/>.</summary>
    public IEnumerable<ImageBatch> Batches(torch.Device device, int epoch = 0, CancellationToken cancellationToken = default)
    {
        var o = Options;
        if (o.BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(options), "BatchSize must be at least 1.");
        var channel = Channel.CreateBounded<Decoded>(new BoundedChannelOptions(Math.Max(1, o.Prefetch)) { SingleReader = true, SingleWriter = true });
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Run(() => Produce(channel.Writer, epoch, cts.Token), cts.Token);
        try
        {
            while (channel.Reader.WaitToReadAsync(cts.Token).AsTask().GetAwaiter().GetResult())
            {
                while (channel.Reader.TryRead(out var decoded))
                {
                    if (decoded.Items.Count == 0) continue; // every image of the batch was skipped (and reported)
                    yield return ToBatch(decoded, device);
                }
            }
        }
        finally
        {
            cts.Cancel();                   // the consumer stopped early or failed: stop decoding
            try { producer.Wait(); } catch (AggregateException) { } // exceptions were passed through the channel
        }
    }

    ImageBatch ToBatch(Decoded d, torch.Device device)
    {
        using var scope = torch.NewDisposeScope(); // one scope per batch
        var t = Options.Transform;
        var images = torch.tensor(d.Data, [d.Items.Count, 3, t.Height, t.Width]) // (B, 3, H, W) on the CPU
            .to(device);                                                         // (B, 3, H, W) on the device
        return new ImageBatch(images.MoveToOuterDisposeScope(), d.Items, d.Flipped, d.Skipped);
    }

    void Produce(ChannelWriter<Decoded> writer, int epoch, CancellationToken token)
    {
        try
        {
            var order = Order(epoch);
            var o = Options;
            for (var start = 0; start < order.Count; start += o.BatchSize)
            {
                var count = Math.Min(o.BatchSize, order.Count - start);
                if (count < o.BatchSize && !o.KeepLastPartialBatch) break;
                var decoded = DecodeBatch(order, start, count, epoch, token);
                writer.WriteAsync(decoded, token).AsTask().GetAwaiter().GetResult(); // waits while Prefetch batches are ready
            }
            writer.Complete();
        }
        catch (Exception e)
        {
            writer.TryComplete(e is AggregateException { InnerExceptions.Count: 1 } a ? a.InnerException : e);
        }
    }

    Decoded DecodeBatch(IReadOnlyList<int> order, int start, int count, int epoch, CancellationToken token)
    {
        var t = Options.Transform;
        var floats = t.FloatsPerImage;
        var data = new float[count * floats];
        var captions = new IReadOnlyList<string>[count];
        var flipped = new bool[count];
        var errors = new ImageLoadException?[count];
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Options.Workers), CancellationToken = token }, j =>
        {
            var index = order[start + j];
            var item = Items[index];
            try
            {
                using var image = Source.Load(item.ImagePath);
                var random = new Random(SeedMixer.Mix(Options.Seed, epoch, index)); // per item: independent of threads and processes
                (captions[j], flipped[j]) = t.Apply(image.Image, item.Captions, random, data.AsSpan(j * floats, floats));
            }
            catch (ImageLoadException e) when (Options.BadImages == BadImagePolicy.SkipAndReport)
            {
                errors[j] = e;
            }
        });
        var kept = Enumerable.Range(0, count).Where(j => errors[j] is null).ToList();
        var skipped = errors.OfType<ImageLoadException>().ToList();
        foreach (var e in skipped) _skipped.Enqueue(e);
        if (kept.Count < count) // compact: move the kept images' floats to the front
        {
            for (var k = 0; k < kept.Count; k++) Array.Copy(data, kept[k] * floats, data, k * floats, floats);
            Array.Resize(ref data, kept.Count * floats);
        }
        var batchItems = kept.Select(j => Items[order[start + j]] with { Captions = captions[j] }).ToList();
        return new Decoded(data, batchItems, kept.Select(j => flipped[j]).ToList(), skipped);
    }

    sealed record Decoded(float[] Data, IReadOnlyList<CaptionedImage> Items, IReadOnlyList<bool> Flipped, IReadOnlyList<ImageLoadException> Skipped);
}

/// <summary>Settings of <see cref="ImageBatchLoader"/>.</summary>
public sealed record ImageBatchLoaderOptions
{
    public int BatchSize { get; init; } = 32;
    /// <summary>Seeds the shuffle and every random augmentation: the same seed and epoch give the same batches.</summary>
    public int Seed { get; init; }
    public bool Shuffle { get; init; } = true;
    /// <summary>Keep the last batch when it is smaller than BatchSize.</summary>
    public bool KeepLastPartialBatch { get; init; } = true;
    public ImageTransform Transform { get; init; } = ImageTransform.Evaluation();
    public BadImagePolicy BadImages { get; init; } = BadImagePolicy.Fail;
    /// <summary>How many decoded batches may wait ahead of the consumer (bounds memory).</summary>
    public int Prefetch { get; init; } = 2;
    /// <summary>Decoding threads; the number of cores by default.</summary>
    public int Workers { get; init; } = Environment.ProcessorCount;
}

/// <summary>
/// One batch: the images as a (B, 3, H, W) float tensor on the requested device, the items in the same order
/// (their captions already swapped where the image was flipped), and any images of this batch that were skipped.
/// Dispose it (or let the caller's dispose scope) to free the tensor.
/// </summary>
public sealed class ImageBatch(torch.Tensor images, IReadOnlyList<CaptionedImage> items, IReadOnlyList<bool> flipped, IReadOnlyList<ImageLoadException> skipped) : IDisposable
{
    /// <summary>(B, 3, H, W) float32.</summary>
    public torch.Tensor Images { get; } = images;
    public IReadOnlyList<CaptionedImage> Items { get; } = items;
    public IReadOnlyList<bool> Flipped { get; } = flipped;
    public IReadOnlyList<ImageLoadException> Skipped { get; } = skipped;

    public void Dispose() => Images.Dispose();
}

/// <summary>Where decoded images come from; the batch loader and the feature cache read through it (tests count calls).</summary>
public interface IImageSource
{
    /// <summary>Decodes the image at <paramref name="path"/>; throws <see cref="ImageLoadException"/> on any problem.</summary>
    LoadedImage Load(string path);
}

/// <summary>Files on disk through <see cref="ImageLoader"/>.</summary>
public sealed class FileImageSource(ImageLoadOptions? options = null) : IImageSource
{
    public ImageLoadOptions Options { get; } = options ?? ImageLoadOptions.Default;

    public LoadedImage Load(string path) => ImageLoader.Load(path, Options);
}

/// <summary>What the batch loader does with an image that cannot be loaded. Never silent.</summary>
public enum BadImagePolicy
{
    /// <summary>Stop: the enumeration throws the <see cref="ImageLoadException"/> naming the file. The default.</summary>
    Fail,
    /// <summary>Leave it out of its batch and report it in <see cref="ImageBatch.Skipped"/> and <see cref="ImageBatchLoader.Skipped"/>.</summary>
    SkipAndReport,
}
