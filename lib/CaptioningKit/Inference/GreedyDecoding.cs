using CaptioningKit.Decoder;
using CaptioningKit.Vocabulary;
using TorchSharp;
using static TorchSharp.torch;

namespace CaptioningKit.Inference;

/// <summary>The words chosen for a batch of images and where the decoder looked for each.</summary>
/// <param name="Tokens">(batch, steps) int64, without &lt;start&gt;; each row ends with its &lt;end&gt; (unless the maximum
/// length cut it) followed by &lt;pad&gt;.</param>
/// <param name="Weights">(batch, steps, pixels) attention weights per generated token; zero after the row's &lt;end&gt;.</param>
/// <param name="Scores">(batch) float64 sum of the log-probabilities of the chosen tokens (up to and including &lt;end&gt;).</param>
public sealed record DecodeResult(Tensor Tokens, Tensor Weights, Tensor Scores) : IDisposable
{
    /// <summary>Each row's token ids stripped by the kit's one rule (<see cref="SpecialTokens.StripIds"/>: up to, not
    /// including, its &lt;end&gt;; no &lt;pad&gt; or &lt;start&gt;): ready for a vocabulary.</summary>
    public long[][] TokenIds(SpecialTokens tokens)
    {
        using var onCpu = Tokens.cpu();
        var all = onCpu.data<long>().ToArray();
        var steps = (int)Tokens.shape[1];
        return Enumerable.Range(0, (int)Tokens.shape[0]).Select(r => tokens.StripIds(all.Skip(r * steps).Take(steps))).ToArray();
    }

    public DecodeResult MoveToOuterDisposeScope()
    {
        Tokens.MoveToOuterDisposeScope();
        Weights.MoveToOuterDisposeScope();
        Scores.MoveToOuterDisposeScope();
        return this;
    }

    public void Dispose()
    {
        Tokens.Dispose();
        Weights.Dispose();
        Scores.Dispose();
    }
}

/// <summary>
/// Greedy decoding: at every step take the single most probable word and feed it back. Batched: all images advance
/// together; each row stops at its own &lt;end&gt; (later steps of that row get &lt;pad&gt; and zero attention), and the
/// loop ends when every row has finished or at <c>maxLength</c>. Cheap, but a locally best word can lead into a
/// poor caption; <see cref="BeamSearch"/> keeps several candidates instead.
/// </summary>
public static class GreedyDecoding
{
    /// <param name="decoder">any step decoder (put it in eval mode first, so dropout is off).</param>
    /// <param name="features">(batch, pixels, channels)</param>
    /// <param name="maxLength">most tokens generated per row, &lt;end&gt; included.</param>
    /// <param name="pixelMask">optional (batch, pixels) bool, true for real pixels.</param>
    public static DecodeResult Decode(IStepDecoder decoder, Tensor features, int maxLength, Tensor? pixelMask = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var special = decoder.Tokens;
        var batch = features.shape[0];
        var device = features.device;
        var images = decoder.Encode(features, pixelMask); // features projected once for the whole decode
        var state = decoder.InitialState(images);
        var tokens = torch.full([batch], special.Start, dtype: ScalarType.Int64, device: device); // (batch)
        var finished = torch.zeros([batch], dtype: ScalarType.Bool, device: device); // (batch)
        var scores = torch.zeros([batch], dtype: ScalarType.Float64, device: device); // (batch)
        var chosen = new List<Tensor>();
        var looked = new List<Tensor>();
        for (var t = 0; t < maxLength; t++)
        {
            using var stepScope = torch.NewDisposeScope();
            stepScope.Attach(state.Tensors); // last step's values die with this step (tokens live on in `chosen`)
            stepScope.Attach([finished, scores]);
            var step = decoder.Step(tokens, images, state);
            var logProbs = ImpossibleTokens.Mask(step.Logits, special).log_softmax(1).to_type(ScalarType.Float64); // (batch, vocab)
            var (best, next) = logProbs.max(1); // (batch), (batch)
            next = next.masked_fill(finished, special.Pad); // (batch): finished rows only pad
            var weights = step.Weights * finished.logical_not().unsqueeze(1).to_type(step.Weights.dtype); // (batch, pixels)
            var newScores = scores + best.masked_fill(finished, 0.0); // (batch)
            var newFinished = finished.logical_or(next == special.End); // (batch)
            chosen.Add(next.MoveToOuterDisposeScope());
            looked.Add(weights.MoveToOuterDisposeScope());
            state = step.State.MoveToOuterDisposeScope();
            tokens = next;
            finished = newFinished.MoveToOuterDisposeScope();
            scores = newScores.MoveToOuterDisposeScope();
            if (finished.all().item<bool>()) break;
        }
        var result = new DecodeResult(
            torch.stack(chosen, 1), // (batch, steps)
            torch.stack(looked, 1), // (batch, steps, pixels)
            scores);
        return result.MoveToOuterDisposeScope();
    }
}
