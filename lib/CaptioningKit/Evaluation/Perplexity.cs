namespace CaptioningKit.Evaluation;

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
