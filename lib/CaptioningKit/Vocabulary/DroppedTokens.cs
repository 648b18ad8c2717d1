namespace CaptioningKit.Vocabulary;

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
