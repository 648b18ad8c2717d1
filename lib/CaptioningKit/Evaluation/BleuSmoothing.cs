namespace CaptioningKit.Evaluation;

/// <summary>
/// What BLEU does with an n-gram order that has no match at all (Chen and Cherry, 2014; NLTK's
/// <c>SmoothingFunction</c> method0..method4 with its default epsilon 0.1 and k 5).
/// </summary>
public enum BleuSmoothing
{
    /// <summary>NLTK method0 (the default): a zero precision makes BLEU (practically) 0 — NLTK replaces it by the
    /// smallest normal double, 2.2e-308, so the score is a tiny positive number, not exactly 0; a corpus without a
    /// single matching unigram scores exactly 0.</summary>
    None,

    /// <summary>Method 1: a zero count becomes epsilon = 0.1: p_n = 0.1 / denominator.</summary>
    Method1,

    /// <summary>Method 2 (Lin and Och, 2004): add 1 to numerator and denominator of every order n &gt; 1.</summary>
    Method2,

    /// <summary>Method 3 (NIST): the k-th zero precision becomes 1 / (2^k denominator).</summary>
    Method3,

    /// <summary>Method 4: like method 3 but scaled by 1/ln(hypothesis length): p_n = ln(L) / (2^k K denominator), K = 5.</summary>
    Method4,
}
