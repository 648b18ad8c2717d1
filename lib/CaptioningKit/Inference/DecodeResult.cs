using CaptioningKit.Vocabulary;
using CaptioningKit.Decoder;
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
