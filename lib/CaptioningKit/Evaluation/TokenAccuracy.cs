using static TorchSharp.torch;

namespace CaptioningKit.Evaluation;

/// <summary>
/// Share of real (non-pad) target positions where the predicted word is the target word, under teacher forcing.
/// Counts are returned so that batches can be added up exactly.
/// </summary>
public static class TokenAccuracy
{
    /// <param name="predictions">(batch, steps) int64 predicted ids.</param>
    /// <param name="targets">(batch, steps) int64 target ids.</param>
    /// <param name="padId">the &lt;pad&gt; id; those positions are not counted.</param>
    public static TokenCounts Count(Tensor predictions, Tensor targets, long padId)
    {
        using var scope = NewDisposeScope();
        var real = targets.ne(padId); // (batch, steps) bool
        var correct = predictions.eq(targets).logical_and(real); // (batch, steps) bool
        return new TokenCounts(correct.sum().item<long>(), real.sum().item<long>()); // scalars -> counts
    }

    /// <param name="logits">(batch, steps, vocab); the prediction is the argmax.</param>
    public static TokenCounts CountFromLogits(Tensor logits, Tensor targets, long padId)
    {
        using var scope = NewDisposeScope();
        return Count(logits.argmax(-1), targets, padId); // argmax: (batch, steps)
    }
}

/// <summary>Correct and counted (non-pad) positions; <see cref="Accuracy"/> is 0 when nothing was counted.</summary>
public readonly record struct TokenCounts(long Correct, long Total)
{
    public double Accuracy => Total == 0 ? 0.0 : (double)Correct / Total;

    public static TokenCounts operator +(TokenCounts a, TokenCounts b) => new(a.Correct + b.Correct, a.Total + b.Total);
}
