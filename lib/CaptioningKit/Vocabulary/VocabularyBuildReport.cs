namespace CaptioningKit.Vocabulary;

/// <summary>A token and how many times it occurred.</summary>
public sealed record TokenCount(string Token, int Count);

/// <summary>
/// What one rule threw away: the rule's name, how many token occurrences and how many distinct tokens, and the
/// tokens themselves, most frequent first.
/// </summary>
public sealed record DroppedTokens(string Rule, long Occurrences, IReadOnlyList<TokenCount> Tokens)
{
    public int Distinct => Tokens.Count;

    /// <summary>"'.' ×40, 'a' ×31, …": the most frequent dropped tokens, for a report line.</summary>
    public string Examples(int n = 5) =>
        string.Join(", ", Tokens.Take(n).Select(t => $"'{t.Token}' ×{t.Count}")) + (Tokens.Count > n ? ", …" : "");
}

/// <summary>How long captions are, in tokens (after cleaning, without &lt;start&gt;/&lt;end&gt;).</summary>
public sealed record LengthDistribution(IReadOnlyList<(int Length, int Captions)> Histogram)
{
    public int Total => Histogram.Sum(h => h.Captions);
    public int Min => Histogram.Count == 0 ? 0 : Histogram[0].Length;
    public int Max => Histogram.Count == 0 ? 0 : Histogram[^1].Length;
    public double Mean => Total == 0 ? 0 : Histogram.Sum(h => (double)h.Length * h.Captions) / Total;

    /// <summary>
    /// The smallest length that at least <paramref name="fraction"/> of captions fit in; add 2 (for &lt;start&gt; and
    /// &lt;end&gt;) to choose a maximum length that truncates only the rest.
    /// </summary>
    public int Percentile(double fraction)
    {
        long needed = (long)Math.Ceiling(fraction * Total), seen = 0;
        foreach (var (length, captions) in Histogram) { seen += captions; if (seen >= needed) return length; }
        return Max;
    }
}

/// <summary>Everything learned while building a vocabulary, for the build report and notebook 02.</summary>
public sealed record VocabularyBuildReport(
    int Captions,
    long Tokens,
    IReadOnlyList<TokenCount> Frequencies,
    IReadOnlyList<DroppedTokens> DroppedByCleaning,
    DroppedTokens DroppedByThreshold,
    DroppedTokens DroppedByTopK,
    LengthDistribution Lengths)
{
    /// <summary>Distinct tokens after cleaning, before the threshold.</summary>
    public int DistinctTokens => Frequencies.Count;

    /// <summary>The share of (cleaned) token occurrences in the build captions that map to &lt;unk&gt;.</summary>
    public double UnknownShare => Tokens == 0 ? 0 : (double)(DroppedByThreshold.Occurrences + DroppedByTopK.Occurrences) / Tokens;
}

/// <summary>A vocabulary and the report of how it was built.</summary>
public sealed record VocabularyBuildResult(Vocab Vocab, VocabularyBuildReport Report);
