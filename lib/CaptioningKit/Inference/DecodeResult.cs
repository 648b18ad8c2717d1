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
    /// <summary>Each row's token ids up to (not including) its &lt;end&gt;, pads removed: ready for a vocabulary.</summary>
    public long[][] TokenIds(SpecialTokens tokens)
    {
        var rows = Tokens.shape[0];
        using var onCpu = Tokens.cpu();
        var all = onCpu.data<long>().ToArray();
        var steps = (int)Tokens.shape[1];
        var result = new long[rows][];
        for (var r = 0; r < rows; r++)
        {
            var row = new List<long>();
            for (var s = 0; s < steps; s++)
            {
                var id = all[r * steps + s];
                if (id == tokens.End) break;
                if (id != tokens.Pad) row.Add(id);
            }
            result[r] = [.. row];
        }
        return result;
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
