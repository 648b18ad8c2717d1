namespace CaptioningKit.Vocabulary;

/// <summary>
/// Builds a <see cref="Vocab"/> from captions: tokenize (and clean) each caption, count tokens, keep those with
/// count &gt;= threshold, cap at top-k, order by descending count then alphabetically (ordinal), after the four
/// specials. Build it from the training captions only: words seen only in val/test must be &lt;unk&gt;, as at
/// inference time.
/// </summary>
public static class VocabularyBuilder
{
    public static VocabularyBuild Build(IEnumerable<string> captions, VocabularyOptions? options = null)
    {
        options ??= new VocabularyOptions();
        options.Validate();
        var cleaning = options.Level == VocabularyLevel.Word ? options.Cleaning : Cleaning.CleaningPresets.None;
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var dropped = cleaning.Steps.ToDictionary(s => s.Name, _ => new Dictionary<string, int>(StringComparer.Ordinal));
        var lengths = new SortedDictionary<int, int>();
        int captionCount = 0;
        long tokenCount = 0;
        foreach (var caption in captions)
        {
            var tokens = CaptionTokenizer.Tokenize(caption, options.Level, cleaning, (rule, token) => Increment(dropped[rule], token));
            captionCount++;
            tokenCount += tokens.Count;
            lengths[tokens.Count] = lengths.GetValueOrDefault(tokens.Count) + 1;
            foreach (var token in tokens) Increment(counts, token);
        }

        var byFrequency = Sorted(counts);
        var kept = byFrequency.Where(t => t.Count >= options.MinCount).ToList();
        var belowThreshold = byFrequency.Where(t => t.Count < options.MinCount).ToList();
        var beyondTopK = options.TopK is int k && kept.Count > k ? kept.Skip(k).ToList() : [];
        if (beyondTopK.Count > 0) kept = kept.Take(options.TopK!.Value).ToList();

        var vocab = new Vocab(options.Level, cleaning,
            [.. SpecialTokens.All, .. kept.Select(t => t.Token)], [0, 0, 0, 0, .. kept.Select(t => t.Count)], options.MinCount, options.TopK);
        var report = new VocabularyReport(captionCount, tokenCount, byFrequency,
            cleaning.Steps.Select(s => Drops(s.Name, Sorted(dropped[s.Name]))).ToList(),
            Drops($"threshold (count < {options.MinCount})", belowThreshold),
            Drops(options.TopK is null ? "top-k (none)" : $"top-k ({options.TopK})", beyondTopK),
            new LengthDistribution(lengths.Select(p => (p.Key, p.Value)).ToList()));
        return new VocabularyBuild(vocab, report);
    }

    static void Increment(Dictionary<string, int> counts, string token) => counts[token] = counts.GetValueOrDefault(token) + 1;

    /// <summary>Descending count, ties by ordinal token order: the same input always gives the same order.</summary>
    static List<TokenCount> Sorted(Dictionary<string, int> counts) =>
        counts.Select(p => new TokenCount(p.Key, p.Value)).OrderByDescending(t => t.Count).ThenBy(t => t.Token, StringComparer.Ordinal).ToList();

    static DroppedTokens Drops(string rule, List<TokenCount> tokens) => new(rule, tokens.Sum(t => (long)t.Count), tokens);
}

/// <summary>A vocabulary and the report of how it was built.</summary>
public sealed record VocabularyBuild(Vocab Vocab, VocabularyReport Report);

/// <summary>Everything learned while building a vocabulary, for the build report and notebook 02.</summary>
public sealed record VocabularyReport(
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

/// <summary>A token and how many times it occurred.</summary>
public sealed record TokenCount(string Token, int Count);

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
