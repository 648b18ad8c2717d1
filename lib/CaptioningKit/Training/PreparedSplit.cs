using CaptioningKit.Data;
using CaptioningKit.Images;
using CaptioningKit.Vocabulary;
using static TorchSharp.torch;

namespace CaptioningKit.Training;

/// <summary>
/// One split held in memory, ready for training or evaluation: every image decoded once into a float tensor and every
/// caption encoded once. Right for the built-in sets and for a few thousand images; for large datasets, cache encoder
/// features instead (see the feature cache in notebook 04).
/// </summary>
/// <param name="Items">the images and their raw captions, in tensor order.</param>
/// <param name="Images">(N, 3, H, W) float32 on the CPU, ImageNet-normalised.</param>
/// <param name="Captions">(N, K, L) int64 on the CPU: up to K encoded captions per image (with &lt;start&gt;/&lt;end&gt;, padded).</param>
/// <param name="CaptionCounts">how many of the K rows of each image are real captions.</param>
/// <param name="References">per image, its captions as the vocabulary tokenises them: the references for BLEU.</param>
public sealed record PreparedSplit(
    IReadOnlyList<CaptionedImage> Items, Tensor Images, Tensor Captions, int[] CaptionCounts, IReadOnlyList<IReadOnlyList<string>>[] References) : IDisposable
{
    public int Count => Items.Count;

    /// <summary>Decodes the images (in parallel) and encodes the captions of <paramref name="items"/>.</summary>
    public static PreparedSplit Prepare(IReadOnlyList<CaptionedImage> items, Vocab vocab, CaptionerConfig config, ImageLoadOptions? imageOptions = null)
    {
        if (items.Count == 0) throw new ArgumentException("Cannot prepare an empty split: the dataset has no images for it. Check the split column of captions.csv.");
        var images = LoadImages(items.Select(x => x.ImagePath).ToList(), config, imageOptions); // (N, 3, H, W)

        int k = items.Max(x => x.Captions.Count), length = config.MaxCaptionLength;
        var ids = new long[(long)items.Count * k * length];
        var counts = new int[items.Count];
        var references = new IReadOnlyList<IReadOnlyList<string>>[items.Count];
        for (int i = 0; i < items.Count; i++)
        {
            var caps = items[i].Captions;
            if (caps.Count == 0) throw new ArgumentException($"Image {items[i].Id} has no caption; every training image needs at least one.");
            counts[i] = caps.Count;
            references[i] = caps.Select(c => (IReadOnlyList<string>)vocab.Tokenize(c)).ToArray();
            for (int c = 0; c < k; c++)
            {
                var row = vocab.Encode(caps[c % caps.Count], length);
                for (int t = 0; t < length; t++) ids[((long)i * k + c) * length + t] = row[t];
            }
        }
        var captions = tensor(ids).reshape(items.Count, k, length); // (N, K, L)
        return new PreparedSplit(items, images, captions, counts, references);
    }

    /// <summary>
    /// Decodes image files (in parallel, each through the kit's guarded loader) and resizes them to the size the model
    /// expects, ImageNet-normalised. A bad file raises an <see cref="ImageLoadException"/> naming it.
    /// </summary>
    /// <returns>(N, 3, H, W) float32 on the CPU.</returns>
    public static Tensor LoadImages(IReadOnlyList<string> paths, CaptionerConfig config, ImageLoadOptions? imageOptions = null)
    {
        var transform = ImageTransform.Fixed(config.ImageWidth, config.ImageHeight);
        var floats = new float[(long)paths.Count * transform.FloatsPerImage];
        try
        {
            Parallel.For(0, paths.Count, i =>
            {
                using var loaded = ImageLoader.Load(paths[i], imageOptions);
                transform.Apply(loaded.Image, [], new Random(i), floats.AsSpan(i * transform.FloatsPerImage, transform.FloatsPerImage));
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.FirstOrDefault(x => x is ImageLoadException) is { } bad)
        {
            // Report the bad file itself, not the parallel loop's wrapper.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(bad).Throw();
            throw;
        }
        return tensor(floats).reshape(paths.Count, 3, config.ImageHeight, config.ImageWidth); // (N, 3, H, W)
    }

    public void Dispose()
    {
        Images.Dispose();
        Captions.Dispose();
    }
}
