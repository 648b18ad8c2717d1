using CaptioningKit.Vocabulary;
using static TorchSharp.torch;

namespace CaptioningKit.Evaluation;

/// <summary>
/// Cross-entropy over the real words of a batch of captions: -log p(target word), averaged over every (row, step)
/// whose target is not &lt;pad&gt;. Padding exists only so captions of different lengths fit one tensor; letting it
/// into the loss would teach the model to predict padding.
/// </summary>
public static class MaskedCrossEntropy
{
    /// <param name="logits">(batch, steps, vocab)</param>
    /// <param name="targets">(batch, steps) int64</param>
    /// <param name="padId">the &lt;pad&gt; id (SpecialTokens.Pad).</param>
    /// <returns>scalar: mean over non-pad targets (the training loss).</returns>
    public static Tensor Mean(Tensor logits, Tensor targets, long padId) => Reduce(logits, targets, padId, nn.Reduction.Mean);

    /// <returns>scalar: sum over non-pad targets; divide the corpus total by the token count for an exact corpus mean.</returns>
    public static Tensor Sum(Tensor logits, Tensor targets, long padId) => Reduce(logits, targets, padId, nn.Reduction.Sum);

    static Tensor Reduce(Tensor logits, Tensor targets, long padId, nn.Reduction reduction)
    {
        var vocab = logits.shape[^1];
        var flatLogits = logits.reshape(-1, vocab); // (batch*steps, vocab)
        var flatTargets = targets.reshape(-1); // (batch*steps)
        return nn.functional.cross_entropy(flatLogits, flatTargets, ignore_index: padId, reduction: reduction); // scalar
    }
}
