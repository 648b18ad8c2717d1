namespace CaptioningKit.Vocabulary;

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
