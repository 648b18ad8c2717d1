using CaptioningKit.Images;

namespace CaptioningKit.Teaching;

/// <summary>The checks of notebook 03 (images). Wrong or unfinished answers never throw.</summary>
public static class ImagesExercises
{
    /// <summary>A tiny 8-level histogram: counts of grey levels 0..7 (dark ink at 1-2, paper at 5-6).</summary>
    public static IReadOnlyList<int> TinyHistogram { get; } = [0, 4, 6, 1, 0, 2, 5, 2];

    /// <summary>03.1 — Otsu's threshold of <see cref="TinyHistogram"/> (levels ≤ t are ink).</summary>
    public static ExerciseResult CheckOtsuThreshold(int? threshold)
    {
        const string name = "03.1 Otsu threshold";
        if (threshold is null) return ExerciseResult.NotAnswered(name, "Try every t, compute w0·w1·(μ0−μ1)², keep the largest.");
        var expected = ScanCleaning.OtsuThreshold(TinyHistogram);
        if (threshold == expected) return ExerciseResult.Right(name, $"t = {expected}: levels 0..{expected} are ink, the rest paper.");
        return ExerciseResult.Wrong(name, $"t = {threshold} does not maximise the between-class variance.",
            threshold > expected ? "Your ink class swallows some paper: try a smaller t." : "Your ink class misses some ink: try a larger t.");
    }

    /// <summary>
    /// Exercise 03.2 (code): <paramref name="otsu"/> must return Otsu's threshold of a histogram (counts of grey levels
    /// 0..n-1; levels ≤ t are ink), like <see cref="ScanCleaning.OtsuThreshold(IReadOnlyList{int})"/>. It runs on 30
    /// random two-peaked histograms of 8 to 256 levels; any t with the kit's (largest) between-class variance counts as
    /// right. The verdict names the first histogram where it differs.
    /// </summary>
    public static ExerciseResult WriteOtsuThreshold(Func<IReadOnlyList<int>, int>? otsu)
    {
        const string name = "03.2 Write Otsu's threshold (code)";
        const string start = "For every t: w0, w1 = pixels at levels ≤ t and > t; μ0, μ1 = their mean levels; keep the t with the largest w0·w1·(μ0−μ1)².";
        if (otsu is null) return ExerciseResult.NotWritten(name, start);
        var random = new Random(3);
        for (var k = 0; k < 30; k++)
        {
            var histogram = k == 0 ? TinyHistogram.ToArray() : RandomTwoPeaks(random);
            var expected = ScanCleaning.OtsuThreshold(histogram);
            var failed = CodeCheck.Invoke(name, () => otsu(histogram.ToArray()), start, out var got);
            if (failed is not null) return failed;
            var best = BetweenClassVariance(histogram, expected);
            if (Math.Abs(BetweenClassVariance(histogram, got) - best) <= 1e-9 * (1 + best)) continue;
            var shown = histogram.Length <= 8 ? $"[{string.Join(", ", histogram)}]" : $"of {histogram.Length} levels (random #{k})";
            var hint = got < 0 || got >= histogram.Length - 1
                ? $"t must leave both classes non-empty: 0 ≤ t < {histogram.Length - 1}."
                : Math.Abs(got - expected) == 1
                    ? "Off by one: class 0 is the levels 0..t INCLUDED, class 1 the levels t+1..n-1."
                    : "Compare w0·w1·(μ0−μ1)² at your t and at its neighbours: the threshold maximises it (μ are mean LEVELS, weighted by the counts).";
            return ExerciseResult.Wrong(name, $"for the histogram {shown} you return t = {got}, the kit t = {expected}.", hint);
        }
        return ExerciseResult.Right(name, "your threshold agrees with ScanCleaning.OtsuThreshold on 30 histograms, the tiny one and 29 random ones.");
    }

    /// <summary>w0·w1·(μ0−μ1)² at threshold t (0 when a class is empty or t is out of range).</summary>
    static double BetweenClassVariance(IReadOnlyList<int> histogram, int t)
    {
        if (t < 0 || t >= histogram.Count) return 0;
        double w0 = 0, w1 = 0, s0 = 0, s1 = 0;
        for (var i = 0; i < histogram.Count; i++)
            if (i <= t) { w0 += histogram[i]; s0 += (double)i * histogram[i]; }
            else { w1 += histogram[i]; s1 += (double)i * histogram[i]; }
        return w0 == 0 || w1 == 0 ? 0 : w0 * w1 * Math.Pow(s0 / w0 - s1 / w1, 2);
    }

    /// <summary>A histogram with an ink peak and a paper peak, plus a little noise everywhere.</summary>
    static int[] RandomTwoPeaks(Random random)
    {
        var levels = random.Next(2) == 0 ? random.Next(8, 32) : 256;
        var (ink, paper) = (random.Next(0, levels / 3), random.Next(levels / 2, levels));
        var width = Math.Max(1, levels / 12.0);
        return Enumerable.Range(0, levels).Select(i =>
            (int)(200 * Math.Exp(-Math.Pow((i - ink) / width, 2)) + 600 * Math.Exp(-Math.Pow((i - paper) / width, 2))) + random.Next(3)).ToArray();
    }
}
