using CaptioningKit.Data;
using CaptioningKit.Training;
using CaptioningKit.Vocabulary;
using static TorchSharp.torch;

namespace CaptioningKit.Inference;

/// <summary>Captions for many images at once: batched greedy decoding or beam search over a prepared image tensor.</summary>
public static class SplitDecoding
{
    /// <param name="model">the captioner (switched to eval mode here).</param>
    /// <param name="images">(N, 3, H, W) on any device; batches are moved to <paramref name="device"/>.</param>
    /// <param name="items">the N images, in tensor order.</param>
    /// <param name="beamWidth">1 for greedy decoding, more for beam search.</param>
    /// <param name="lengthAlpha">beam search length normalisation (score / length^alpha).</param>
    public static List<GeneratedCaption> Generate(Captioner model, Tensor images, IReadOnlyList<CaptionedImage> items, Vocab vocab, Device device,
        int beamWidth = 1, double lengthAlpha = 0.7, int batchSize = 128, int? maxLength = null)
    {
        if (images.shape[0] != items.Count) throw new ArgumentException($"{images.shape[0]} images but {items.Count} items.");
        model.eval();
        using var noGrad = no_grad();
        var result = new List<GeneratedCaption>(items.Count);
        var length = maxLength ?? model.Config.MaxCaptionLength;
        for (int start = 0; start < items.Count; start += batchSize)
        {
            using var scope = NewDisposeScope();
            int count = Math.Min(batchSize, items.Count - start);
            var batch = images.narrow(0, start, count).to(device);                       // (B, 3, H, W)
            var features = model.Features(batch);                                      // (B, pixels, channels)
            using var decoded = beamWidth > 1
                ? BeamSearch.Decode(model.Decoder, features, beamWidth, length, lengthAlpha)
                : GreedyDecoding.Decode(model.Decoder, features, length);               // tokens (B, steps), weights (B, steps, pixels)
            var ids = decoded.TokenIds(model.Decoder.Tokens);
            var weights = decoded.Weights.to(CPU).to_type(ScalarType.Float32);         // (B, steps, pixels)
            var scores = decoded.Scores.to(CPU).data<double>().ToArray();
            int steps = (int)weights.shape[1], pixels = (int)weights.shape[2];
            var w = weights.data<float>().ToArray();
            for (int b = 0; b < count; b++)
            {
                var words = ids[b].Select(id => vocab.TokenOf((int)id)).ToList();
                var perWord = Enumerable.Range(0, words.Count)
                    .Select(t => w.AsSpan((b * steps + t) * pixels, pixels).ToArray()).ToArray();
                result.Add(new GeneratedCaption(items[start + b], words, perWord, scores[b]));
            }
        }
        return result;
    }
}
