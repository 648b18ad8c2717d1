using CaptioningKit.Data;
using CaptioningKit.Encoder;
using CaptioningKit.Images;
using CaptioningKit.Model;
using CaptioningKit.Vocabulary;
using static TorchSharp.torch;

namespace CaptioningKit.Inference;

/// <summary>A caption the model wrote for one image, with where it looked for each word.</summary>
/// <param name="Item">the image (and its reference captions).</param>
/// <param name="Words">the generated tokens, specials stripped (words, or characters for a character vocabulary).</param>
/// <param name="Weights">per generated token, its attention weights over the encoder grid (row-major, pixels long).</param>
/// <param name="Score">sum of the log-probabilities of the chosen tokens.</param>
public sealed record GeneratedCaption(CaptionedImage Item, IReadOnlyList<string> Words, float[][] Weights, double Score)
{
    /// <summary>The caption as text: words joined by spaces, characters joined without.</summary>
    public string Text(bool characters) => string.Join(characters ? "" : " ", Words);
}

/// <summary>
/// Captions images with a trained <see cref="Captioner"/>: image files go through the kit's one image path (the
/// <see cref="ImageBatchLoader"/> with the model's own <see cref="CaptionerConfig.Transform"/>), the encoder makes the
/// features, and greedy decoding (beam width 1) or beam search writes the words.
/// </summary>
public static class ImageCaptioning
{
    /// <summary>Captions every image of <paramref name="items"/>, in order, batch by batch.</summary>
    /// <param name="beamWidth">1 for greedy decoding, more for beam search.</param>
    /// <param name="lengthAlpha">beam search length normalisation (score / length^alpha).</param>
    /// <param name="maxLength">most tokens per caption; the model's MaxCaptionLength when null.</param>
    public static List<GeneratedCaption> Generate(Captioner model, IReadOnlyList<CaptionedImage> items, Vocab vocab, Device device,
        int beamWidth = 1, double lengthAlpha = 0.7, int batchSize = 128, int? maxLength = null, CancellationToken cancellationToken = default)
    {
        var loader = new ImageBatchLoader(items, new ImageBatchLoaderOptions { BatchSize = batchSize, Shuffle = false, Transform = model.Config.Transform });
        var result = new List<GeneratedCaption>(items.Count);
        foreach (var batch in loader.Batches(device, cancellationToken: cancellationToken))
            using (batch)
                result.AddRange(Generate(model, batch.Images, batch.Items, vocab, beamWidth, lengthAlpha, maxLength));
        return result;
    }

    /// <summary>Captions image files that belong to no dataset (the CLI's <c>caption IMAGE...</c>).</summary>
    public static List<GeneratedCaption> Files(Captioner model, IReadOnlyList<string> paths, Vocab vocab, Device device, int beamWidth = 1, double lengthAlpha = 0.7) =>
        Generate(model, paths.Select(p => new CaptionedImage(Path.GetFileName(p), Path.GetFullPath(p), [], Split.Test)).ToList(), vocab, device, beamWidth, lengthAlpha);

    /// <summary>Captions one batch of images that are already tensors.</summary>
    /// <param name="images">(B, 3, H, W) on the model's device, made with the model's transform.</param>
    /// <param name="items">the B images, in tensor order.</param>
    public static List<GeneratedCaption> Generate(Captioner model, Tensor images, IReadOnlyList<CaptionedImage> items, Vocab vocab,
        int beamWidth = 1, double lengthAlpha = 0.7, int? maxLength = null)
    {
        if (images.shape[0] != items.Count) throw new ArgumentException($"{images.shape[0]} images but {items.Count} items.");
        model.eval();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        return Decode(model, model.Features(images), items, vocab, beamWidth, lengthAlpha, maxLength); // features (B, pixels, channels)
    }

    /// <summary>
    /// Captions images whose encoder features were cached (a frozen encoder's output: see <see cref="FeatureCache"/>),
    /// batch by batch, in order: no image is decoded and the CNN does not run.
    /// </summary>
    public static List<GeneratedCaption> FromCache(Captioner model, FeatureCache cache, IReadOnlyList<CaptionedImage> items, Vocab vocab, Device device,
        int beamWidth = 1, double lengthAlpha = 0.7, int batchSize = 128, int? maxLength = null, CancellationToken cancellationToken = default)
    {
        model.eval();
        using var noGrad = no_grad();
        var result = new List<GeneratedCaption>(items.Count);
        foreach (var chunk in items.Chunk(batchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var encoded = cache.ReadBatch(chunk.Select(i => i.Id).ToList(), device); // (B, pixels, encoder channels)
            result.AddRange(Decode(model, model.FeaturesFromEncoded(encoded), chunk, vocab, beamWidth, lengthAlpha, maxLength));
        }
        return result;
    }

    /// <summary>Greedy or beam decoding of a batch of features, as captions with their attention weights.</summary>
    /// <param name="features">(B, pixels, channels): the decoder's input.</param>
    static List<GeneratedCaption> Decode(Captioner model, Tensor features, IReadOnlyList<CaptionedImage> items, Vocab vocab,
        int beamWidth, double lengthAlpha, int? maxLength)
    {
        var length = maxLength ?? model.Config.MaxCaptionLength;
        var decoded = beamWidth > 1
            ? BeamSearch.Decode(model.Decoder, features, beamWidth, length, lengthAlpha)
            : GreedyDecoding.Decode(model.Decoder, features, length);                // tokens (B, steps), weights (B, steps, pixels)
        var ids = decoded.TokenIds(model.Decoder.Tokens);
        var weights = decoded.Weights.to(CPU).to_type(ScalarType.Float32);           // (B, steps, pixels)
        var scores = decoded.Scores.to(CPU).data<double>().ToArray();
        int steps = (int)weights.shape[1], pixels = (int)weights.shape[2];
        var w = weights.data<float>().ToArray();
        var result = new List<GeneratedCaption>(items.Count);
        for (int b = 0; b < items.Count; b++)
        {
            var words = ids[b].Select(id => vocab.TokenOf((int)id)).ToList();
            var perWord = Enumerable.Range(0, words.Count).Select(t => w.AsSpan((b * steps + t) * pixels, pixels).ToArray()).ToArray();
            result.Add(new GeneratedCaption(items[b], words, perWord, scores[b]));
        }
        return result;
    }
}
