namespace CaptioningKit.Vocabulary;

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
