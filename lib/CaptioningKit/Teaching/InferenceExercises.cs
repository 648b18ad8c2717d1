using CaptioningKit.Inference;

namespace CaptioningKit.Teaching;

/// <summary>Notebook 08's exercises: the brevity penalty, clipped precision, and the beam width that is greedy.</summary>
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

    /// <summary>Exercise 08.3: the beam width at which beam search gives exactly the greedy caption.</summary>
    public static ExerciseResult BeamWidthThatIsGreedy(int? answer)
    {
        const string name = "Exercise 08.3 (the beam width that is greedy)";
        if (answer is null)
            return ExerciseResult.NotAnswered(name, "How many partial captions does greedy decoding keep?");
        if (answer == 1)
            return ExerciseResult.Right(name, "1: keeping only the best partial caption at every step is greedy decoding (ImageCaptioning takes beamWidth 1 as greedy).");
        if (answer == 0)
            return ExerciseResult.Wrong(name, "0 keeps nothing: beam search needs at least one beam.", "Greedy keeps exactly one partial caption.");
        if (answer < 0)
            return ExerciseResult.Wrong(name, $"{answer} is not a width.", "A width counts the partial captions kept.");
        return ExerciseResult.Wrong(name, $"{answer} beams can find a better caption than greedy, so they can differ.", "Greedy keeps exactly one partial caption.");
    }
}
