using CaptioningKit.Vocabulary;

namespace CaptioningKit.Evaluation;

/// <summary>
/// Corpus BLEU with the semantics of NLTK's <c>nltk.translate.bleu_score.corpus_bleu</c> (NLTK 3.8), number for number:
/// <code>
/// p_n  = sum over hypotheses of clipped n-gram matches / sum of hypothesis n-grams (max 1 per hypothesis)
/// BP   = 1 if c &gt; r, 0 if c = 0, else exp(1 - r/c)
/// BLEU = BP * exp(sum_n w_n log p_n)
/// </code>
/// "Clipped": an n-gram that the hypothesis repeats counts at most as often as in the one reference that has it most
/// ("the the the the" against "the cat" earns one match, not four). r sums, per hypothesis, the reference length
/// closest to the hypothesis length (ties go to the shorter). Exactly as NLTK: no unigram match at all gives 0; a
/// zero precision of a higher order, unsmoothed, is replaced by 2.2e-308 (so BLEU is about 1e-77, not 0) and a
/// smoothed one that is still 0 is left out of the sum. Inputs are token sequences, already stripped of special tokens
/// (<see cref="SpecialTokens.Strip"/>; <see cref="FromCaptions"/> does it for you).
/// </summary>
public static class CorpusBleu
{
    /// <summary>NLTK's stand-in for a zero precision: Python's sys.float_info.min, the smallest normal double.</summary>
    public const double SmallestNormalDouble = 2.2250738585072014E-308;

    const double Method1Epsilon = 0.1;
    const double Method4K = 5.0;

    /// <summary>The uniform weights of BLEU-n: n weights of 1/n.</summary>
    public static double[] UniformWeights(int n) => Enumerable.Repeat(1.0 / n, n).ToArray();

    /// <summary>BLEU-1, -2, -3 and -4 in one pass (the n-gram counts are shared).</summary>
    public static BleuScores Bleu1To4(
        IReadOnlyList<IReadOnlyList<IReadOnlyList<string>>> references, IReadOnlyList<IReadOnlyList<string>> hypotheses,
        BleuSmoothing smoothing = BleuSmoothing.None)
    {
        var s = Compute(references, hypotheses, [UniformWeights(1), UniformWeights(2), UniformWeights(3), UniformWeights(4)], smoothing);
        return new BleuScores(s[0], s[1], s[2], s[3]);
    }

    /// <summary>BLEU-1..4 of captions that may still carry &lt;start&gt;/&lt;end&gt;/&lt;pad&gt;: strips them with
    /// <see cref="SpecialTokens.Strip"/> first.</summary>
    public static BleuScores FromCaptions(
        IEnumerable<IEnumerable<IEnumerable<string>>> references, IEnumerable<IEnumerable<string>> hypotheses,
        BleuSmoothing smoothing = BleuSmoothing.None)
    {
        var refs = references.Select(r => (IReadOnlyList<IReadOnlyList<string>>)r.Select(SpecialTokens.Strip).ToArray()).ToArray();
        var hyps = hypotheses.Select(SpecialTokens.Strip).ToArray();
        return Bleu1To4(refs, hyps, smoothing);
    }

    /// <summary>Corpus BLEU for one set of weights (w_1..w_N for 1..N-grams).</summary>
    public static double Compute(
        IReadOnlyList<IReadOnlyList<IReadOnlyList<string>>> references, IReadOnlyList<IReadOnlyList<string>> hypotheses,
        IReadOnlyList<double>? weights = null, BleuSmoothing smoothing = BleuSmoothing.None) =>
        Compute(references, hypotheses, [weights ?? UniformWeights(4)], smoothing)[0];

    /// <summary>Corpus BLEU for several sets of weights at once (NLTK's list-of-weights form).</summary>
    public static double[] Compute(
        IReadOnlyList<IReadOnlyList<IReadOnlyList<string>>> references, IReadOnlyList<IReadOnlyList<string>> hypotheses,
        IReadOnlyList<IReadOnlyList<double>> weightSets, BleuSmoothing smoothing = BleuSmoothing.None)
    {
        var maxOrder = weightSets.Max(w => w.Count);
        var stats = Statistics(references, hypotheses, maxOrder);
        if (stats.Numerators[0] == 0) return new double[weightSets.Count];
        var precisions = Smooth(stats, smoothing);
        var bp = stats.BrevityPenalty;
        return weightSets.Select(w =>
        {
            var terms = new List<double>();
            for (var i = 0; i < Math.Min(w.Count, precisions.Length); i++)
                if (precisions[i] > 0) terms.Add(w[i] * Math.Log(precisions[i]));
            return bp * Math.Exp(ExactSum.Of(terms));
        }).ToArray();
    }

    /// <summary>The corpus counts behind BLEU, for 1..<paramref name="maxOrder"/>-grams.</summary>
    public static BleuStatistics Statistics(
        IReadOnlyList<IReadOnlyList<IReadOnlyList<string>>> references, IReadOnlyList<IReadOnlyList<string>> hypotheses, int maxOrder = 4)
    {
        if (references.Count != hypotheses.Count)
            throw new ArgumentException($"BLEU needs one list of references per hypothesis: got {references.Count} reference lists and {hypotheses.Count} hypotheses.");
        ArgumentOutOfRangeException.ThrowIfLessThan(maxOrder, 1);
        var numerators = new long[maxOrder];
        var denominators = new long[maxOrder];
        long hypothesisLength = 0, referenceLength = 0;
        for (var k = 0; k < hypotheses.Count; k++)
        {
            var refs = references[k];
            if (refs.Count == 0) throw new ArgumentException($"Hypothesis {k} has no reference.");
            var hyp = hypotheses[k];
            for (var n = 1; n <= maxOrder; n++)
            {
                var (matches, total) = NGrams.ClippedMatches(refs, hyp, n);
                numerators[n - 1] += matches;
                denominators[n - 1] += Math.Max(1, total);
            }
            hypothesisLength += hyp.Count;
            referenceLength += ClosestReferenceLength(refs, hyp.Count);
        }
        return new BleuStatistics(numerators, denominators, hypothesisLength, referenceLength);
    }

    /// <summary>The reference length closest to the hypothesis length; on a tie, the shorter one.</summary>
    public static int ClosestReferenceLength(IReadOnlyList<IReadOnlyList<string>> references, int hypothesisLength) =>
        references.Select(r => r.Count).MinBy(len => (Math.Abs(len - hypothesisLength), len));

    /// <summary>p_n after NLTK's smoothing method; a result of 0 means "leave this order out of the sum".</summary>
    static double[] Smooth(BleuStatistics stats, BleuSmoothing smoothing)
    {
        var p = new double[stats.Numerators.Length];
        var k = 1; // methods 3 and 4: the k-th order without any match
        for (var i = 0; i < p.Length; i++)
        {
            long num = stats.Numerators[i], den = stats.Denominators[i];
            p[i] = smoothing switch
            {
                BleuSmoothing.None => num != 0 ? (double)num / den : SmallestNormalDouble,
                BleuSmoothing.Method1 => num != 0 ? (double)num / den : (num + Method1Epsilon) / den,
                BleuSmoothing.Method2 => i == 0 ? (double)num / den : (double)(num + 1) / (den + 1),
                BleuSmoothing.Method3 => num != 0 ? (double)num / den : 1.0 / ((1L << k++) * den),
                BleuSmoothing.Method4 => num != 0 || stats.HypothesisLength <= 1
                    ? (double)num / den
                    : 1.0 / ((1L << k++) * Method4K / Math.Log(stats.HypothesisLength)) / den,
                _ => throw new ArgumentOutOfRangeException(nameof(smoothing)),
            };
        }
        return p;
    }
}

/// <summary>Corpus BLEU-1..4 (uniform weights over 1..n-grams).</summary>
public sealed record BleuScores(double Bleu1, double Bleu2, double Bleu3, double Bleu4)
{
    public override string ToString() => $"BLEU-1 {Bleu1:F4}  BLEU-2 {Bleu2:F4}  BLEU-3 {Bleu3:F4}  BLEU-4 {Bleu4:F4}";
}
