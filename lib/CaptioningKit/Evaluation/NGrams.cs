namespace CaptioningKit.Evaluation;

/// <summary>N-gram counting for BLEU.</summary>
public static class NGrams
{
    /// <summary>Counts of the n-grams of <paramref name="tokens"/> (none if it is shorter than n).</summary>
    public static Dictionary<string, int> Count(IReadOnlyList<string> tokens, int n)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i + n <= tokens.Count; i++)
        {
            var key = string.Join('\u0000', Enumerable.Range(i, n).Select(j => tokens[j]));
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        return counts;
    }

    /// <summary>
    /// BLEU's modified precision parts for one hypothesis: matches = sum over its n-grams of
    /// min(count in hypothesis, max count in any one reference); total = its number of n-grams.
    /// </summary>
    public static (long Matches, long Total) ClippedMatches(IReadOnlyList<IReadOnlyList<string>> references, IReadOnlyList<string> hypothesis, int n)
    {
        var counts = Count(hypothesis, n);
        if (counts.Count == 0) return (0, 0);
        var maxReference = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var reference in references)
        {
            var referenceCounts = Count(reference, n);
            foreach (var gram in counts.Keys)
                maxReference[gram] = Math.Max(maxReference.GetValueOrDefault(gram), referenceCounts.GetValueOrDefault(gram));
        }
        long matches = 0, total = 0;
        foreach (var (gram, count) in counts)
        {
            matches += Math.Min(count, maxReference[gram]);
            total += count;
        }
        return (matches, total);
    }
}
