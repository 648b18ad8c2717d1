namespace CaptioningKit.Evaluation;

/// <summary>
/// The counts corpus BLEU is made of, summed over the corpus ("micro-averaged", as in Papineni et al. 2002 and NLTK).
/// </summary>
/// <param name="Numerators">Numerators[n-1]: clipped matches of n-grams (each hypothesis n-gram counts at most as often
/// as it appears in the single reference that has it most).</param>
/// <param name="Denominators">Denominators[n-1]: hypothesis n-grams, at least 1 per hypothesis (as NLTK does, so an empty
/// or too short hypothesis still adds 1).</param>
/// <param name="HypothesisLength">c: total hypothesis length.</param>
/// <param name="ReferenceLength">r: sum over hypotheses of the reference length closest to it (ties: the shorter).</param>
public sealed record BleuStatistics(long[] Numerators, long[] Denominators, long HypothesisLength, long ReferenceLength)
{
    /// <summary>The brevity penalty: 1 if c &gt; r, 0 if c = 0, else exp(1 - r/c).</summary>
    public double BrevityPenalty =>
        HypothesisLength > ReferenceLength ? 1.0
        : HypothesisLength == 0 ? 0.0
        : Math.Exp(1.0 - (double)ReferenceLength / HypothesisLength);

    /// <summary>The modified n-gram precisions p_n = numerator / denominator, unsmoothed.</summary>
    public double[] Precisions => Numerators.Select((n, i) => (double)n / Denominators[i]).ToArray();
}
