namespace CaptioningKit.Vocabulary;

/// <summary>
/// Builds a <see cref="Vocab"/> from captions: tokenize (and clean) each caption, count tokens, keep those with
/// count &gt;= threshold, cap at top-k, order by descending count then alphabetically (ordinal), after the four
/// specials. Build it from the training captions only: words seen only in val/test must be &lt;unk&gt;, as at
/// inference time.
/// </summary>
public static class VocabularyBuilder
{
    public static VocabularyBuildResult Build(IEnumerable<string> captions, VocabularyOptions? options = null)
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
        var report = new VocabularyBuildReport(captionCount, tokenCount, byFrequency,
            cleaning.Steps.Select(s => Drops(s.Name, Sorted(dropped[s.Name]))).ToList(),
            Drops($"threshold (count < {options.MinCount})", belowThreshold),
            Drops(options.TopK is null ? "top-k (none)" : $"top-k ({options.TopK})", beyondTopK),
            new LengthDistribution(lengths.Select(p => (p.Key, p.Value)).ToList()));
        return new VocabularyBuildResult(vocab, report);
    }

    static void Increment(Dictionary<string, int> counts, string token) => counts[token] = counts.GetValueOrDefault(token) + 1;

    /// <summary>Descending count, ties by ordinal token order: the same input always gives the same order.</summary>
    static List<TokenCount> Sorted(Dictionary<string, int> counts) =>
        counts.Select(p => new TokenCount(p.Key, p.Value)).OrderByDescending(t => t.Count).ThenBy(t => t.Token, StringComparer.Ordinal).ToList();

    static DroppedTokens Drops(string rule, List<TokenCount> tokens) => new(rule, tokens.Sum(t => (long)t.Count), tokens);
}
