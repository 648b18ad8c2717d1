using CaptioningKit.Images;

namespace CaptioningKit.Teaching;

/// <summary>The checks of notebook 03 (images). Wrong or unfinished answers never throw.</summary>
public static class ImagesExercises
{
    /// <summary>03.1 — Which words must a horizontal flip swap in a shapes caption? (e.g. ["left", "right"])</summary>
    public static ExerciseResult CheckFlipSwapWords(IEnumerable<string>? words)
    {
        const string name = "03.1 Words a flip must swap";
        var answer = words?.Where(w => !string.IsNullOrWhiteSpace(w)).Select(w => w.Trim().ToLowerInvariant()).ToHashSet();
        if (answer is null || answer.Count == 0) return ExerciseResult.NotAnswered(name, "Mirror the picture in your head: which words in 'a red square left of a blue circle' become false?");
        var known = CaptionFlip.SwappedWords.SelectMany(p => new[] { p.Word, p.Mirror }).ToHashSet();
        var wrong = answer.Where(w => !known.Contains(w)).ToList();
        if (wrong.Count > 0) return ExerciseResult.Wrong(name, $"A mirror does not change '{string.Join("', '", wrong)}'.", "Only directions along the horizontal axis change; 'above' and 'below' stay true.");
        if (!answer.Contains("left") || !answer.Contains("right")) return ExerciseResult.Wrong(name, "One side of the pair is missing.", "A swap needs both words: each becomes the other.");
        return ExerciseResult.Right(name, "'left' ↔ 'right' (and leftmost ↔ rightmost): swap them with the image, or do not flip.");
    }

    /// <summary>A tiny 8-level histogram: counts of grey levels 0..7 (dark ink at 1-2, paper at 5-6).</summary>
    public static IReadOnlyList<int> TinyHistogram { get; } = [0, 4, 6, 1, 0, 2, 5, 2];

    /// <summary>03.2 — Otsu's threshold of <see cref="TinyHistogram"/> (levels ≤ t are ink).</summary>
    public static ExerciseResult CheckOtsuThreshold(int? threshold)
    {
        const string name = "03.2 Otsu threshold";
        if (threshold is null) return ExerciseResult.NotAnswered(name, "Try every t, compute w0·w1·(μ0−μ1)², keep the largest.");
        var expected = ScanCleaning.OtsuThreshold(TinyHistogram);
        if (threshold == expected) return ExerciseResult.Right(name, $"t = {expected}: levels 0..{expected} are ink, the rest paper.");
        return ExerciseResult.Wrong(name, $"t = {threshold} does not maximise the between-class variance.",
            threshold > expected ? "Your ink class swallows some paper: try a smaller t." : "Your ink class misses some ink: try a larger t.");
    }
}
