using CaptioningKit.Evaluation;

namespace CaptioningKit.Teaching;

/// <summary>Notebook 08's exercises: the brevity penalty, clipped precision, and the modified n-gram precision as code.</summary>
public static class InferenceExercises
{
    /// <summary>Exercise 08.1: BLEU's brevity penalty for a 4-word hypothesis against one 6-word reference.</summary>
    public static ExerciseResult BrevityPenalty(double? answer)
    {
        const string name = "Exercise 08.1 (brevity penalty, 4 words against 6)";
        if (answer is null || answer == 0 || double.IsNaN(answer.Value))
            return ExerciseResult.NotAnswered(name, "BP = exp(1 - r/c) when the hypothesis (c words) is shorter than the reference (r words).");
        var expected = Math.Exp(1 - 6.0 / 4);
        if (Math.Abs(answer.Value - expected) <= 0.005)
            return ExerciseResult.Right(name, $"exp(1 - 6/4) = exp(-0.5) = {expected:F4}: a caption a third too short loses 39% of its BLEU, however precise its words.");
        if (Math.Abs(answer.Value - Math.Exp(1 - 4.0 / 6)) <= 0.005)
            return ExerciseResult.Wrong(name, $"{answer:G4} swaps r and c.", "r is the reference length (6), c the hypothesis length (4): exp(1 - r/c).");
        if (Math.Abs(answer.Value - 1) <= 1e-9)
            return ExerciseResult.Wrong(name, "1 is the penalty of a hypothesis at least as long as its reference.", "This hypothesis is shorter: BP = exp(1 - r/c) < 1.");
        if (Math.Abs(answer.Value - 4.0 / 6) <= 0.005)
            return ExerciseResult.Wrong(name, $"{answer:G4} is the length ratio c/r, not the penalty.", "BP = exp(1 - r/c).");
        return ExerciseResult.Wrong(name, $"{answer:G4} is not it.", "BP = exp(1 - r/c) with r = 6 and c = 4.");
    }

    /// <summary>Exercise 08.2: the clipped unigram precision of "the the the the" against the reference "the cat".</summary>
    public static ExerciseResult ClippedUnigramPrecision(double? answer)
    {
        const string name = "Exercise 08.2 (clipped unigram precision)";
        if (answer is null || double.IsNaN(answer.Value))
            return ExerciseResult.NotAnswered(name, "Count the matches, each word at most as often as the reference has it, over the hypothesis' words.");
        if (Math.Abs(answer.Value - 0.25) <= 1e-6)
            return ExerciseResult.Right(name, "1/4 = 0.25: \"the\" occurs once in the reference, so only one of the four counts. Without clipping it would be 4/4 and repeating a safe word would pay.");
        if (Math.Abs(answer.Value - 1) <= 1e-6)
            return ExerciseResult.Wrong(name, "1 is the precision without clipping.", "Each hypothesis word is matched at most as often as it occurs in the reference.");
        if (Math.Abs(answer.Value - 0.5) <= 1e-6)
            return ExerciseResult.Wrong(name, "0.5 divides by the reference length.", "Precision divides by the number of HYPOTHESIS words (4).");
        if (answer == 0)
            return ExerciseResult.Wrong(name, "0: but \"the\" is in the reference.", "One of the four \"the\" matches.");
        return ExerciseResult.Wrong(name, $"{answer:G4} is not it.", "matches (clipped) / hypothesis words.");
    }

    /// <summary>The words of the n-gram exercise's random sentences: few, so that n-grams repeat and clipping matters.</summary>
    static readonly string[] FewWords = ["the", "a", "dog", "runs", "on", "grass", "the", "the"];

    /// <summary>
    /// Exercise 08.3 (code): <paramref name="clipped"/> must return BLEU's modified n-gram precision parts for one
    /// hypothesis, (matches, total): total = the hypothesis' n-grams; matches = the sum over its distinct n-grams of
    /// min(count in the hypothesis, the largest count in any ONE reference), like <see cref="NGrams.ClippedMatches"/>.
    /// It runs on 60 random cases (1 to 3 references, n = 1 to 4); the verdict names the first case that differs and
    /// whether the total, the clipping or the references were handled wrongly.
    /// </summary>
    public static ExerciseResult WriteClippedMatches(Func<IReadOnlyList<IReadOnlyList<string>>, IReadOnlyList<string>, int, (long Matches, long Total)>? clipped)
    {
        const string name = "Exercise 08.3 (write the modified n-gram precision)";
        const string start = "Count the hypothesis' n-grams in a Dictionary<string, int> (join the n words with a space), then each reference's the same way.";
        if (clipped is null) return ExerciseResult.NotWritten(name, start);
        var random = new Random(8);
        List<string> Sentence(int min, int max) => Enumerable.Range(0, random.Next(min, max + 1)).Select(_ => FewWords[random.Next(FewWords.Length)]).ToList();
        for (var k = 0; k < 60; k++)
        {
            var n = k < 10 ? 1 : random.Next(1, 5);
            IReadOnlyList<IReadOnlyList<string>> references = Enumerable.Range(0, k < 5 ? 1 : random.Next(1, 4)).Select(_ => (IReadOnlyList<string>)Sentence(2, 8)).ToList();
            var hypothesis = Sentence(n, 8);
            var expected = NGrams.ClippedMatches(references, hypothesis, n);
            var failed = CodeCheck.Invoke(name, () => clipped(references.Select(r => (IReadOnlyList<string>)r.ToList()).ToList(), hypothesis.ToList(), n), start, out var got);
            if (failed is not null) return failed;
            if (got == expected) continue;
            var refs = string.Join(" | ", references.Select(r => string.Join(' ', r)));
            var shown = $"for n = {n}, hypothesis \"{string.Join(' ', hypothesis)}\", references \"{refs}\": you return ({got.Matches}, {got.Total}), the kit ({expected.Matches}, {expected.Total})";
            if (got.Total != expected.Total)
                return ExerciseResult.Wrong(name, shown + ": the total differs.", $"total counts every n-gram of the hypothesis, repeats included: a sentence of L words has L − n + 1 of them ({hypothesis.Count} − {n} + 1 here).");
            var counts = NGrams.Count(hypothesis, n);
            var referenceCounts = references.Select(r => NGrams.Count(r, n)).ToList();
            var unclipped = counts.Sum(g => referenceCounts.Any(rc => rc.ContainsKey(g.Key)) ? (long)g.Value : 0);
            var summed = counts.Sum(g => Math.Min(g.Value, (long)referenceCounts.Sum(rc => rc.GetValueOrDefault(g.Key))));
            var firstOnly = counts.Sum(g => Math.Min(g.Value, (long)referenceCounts[0].GetValueOrDefault(g.Key)));
            var hint = got.Matches == unclipped && unclipped != expected.Matches
                ? "Clip: an n-gram counts at most as often as the reference that has it most (\"the the the\" against \"the cat\" matches once)."
                : got.Matches == summed && summed != expected.Matches
                    ? "Clip by the largest count in any ONE reference, not by the counts of all references added together."
                    : got.Matches == firstOnly && firstOnly != expected.Matches
                        ? "Look at EVERY reference: the clip is the largest count over all of them, not the first one's."
                        : "matches = sum over the DISTINCT hypothesis n-grams of min(count in the hypothesis, max over references of the count there).";
            return ExerciseResult.Wrong(name, shown + ".", hint);
        }
        return ExerciseResult.Right(name, "your counts match NGrams.ClippedMatches on 60 random cases: BLEU's p_n is the corpus sum of matches over the corpus sum of totals.");
    }
}
