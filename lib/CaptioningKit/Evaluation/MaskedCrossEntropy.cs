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

/// <summary>
/// Perplexity = exp(mean cross-entropy in nats): the number of words the model is, on average, "as unsure as choosing
/// uniformly among". A model that knows nothing over a vocabulary of V words has perplexity V; a perfect one has 1.
/// </summary>
public static class Perplexity
{
    /// <param name="meanCrossEntropy">mean -ln p(word) per real (non-pad) word.</param>
    public static double FromMeanCrossEntropy(double meanCrossEntropy) => Math.Exp(meanCrossEntropy);

    /// <param name="totalCrossEntropy">sum of -ln p(word) over real words (see <see cref="MaskedCrossEntropy.Sum"/>).</param>
    /// <param name="tokenCount">number of real words.</param>
    public static double FromTotal(double totalCrossEntropy, long tokenCount) =>
        tokenCount > 0 ? Math.Exp(totalCrossEntropy / tokenCount) : throw new ArgumentOutOfRangeException(nameof(tokenCount), "No tokens to average over.");
}
