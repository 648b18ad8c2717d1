using CaptioningKit.Training;

namespace CaptioningKit.Teaching;

/// <summary>Notebook 07's exercises: perplexity, the positions the masked loss ignores, optimiser steps per epoch.</summary>
public static class TrainingExercises
{
    /// <summary>The targets row of exercise 07.2 (TeacherForcing.Split of "&lt;start&gt; a red circle &lt;end&gt; &lt;pad&gt; &lt;pad&gt;").</summary>
    public static IReadOnlyList<string> Targets { get; } = ["a", "red", "circle", "<end>", "<pad>", "<pad>"];

    /// <summary>Exercise 07.1: the perplexity for a mean cross-entropy of 0.69 nats per token.</summary>
    public static ExerciseResult PerplexityOf069(double? answer)
    {
        const string name = "Exercise 07.1 (perplexity for a cross-entropy of 0.69)";
        if (answer is null || answer == 0 || double.IsNaN(answer.Value))
            return ExerciseResult.NotAnswered(name, "Perplexity undoes the logarithm of the cross-entropy.");
        var expected = Math.Exp(0.69);
        if (Math.Abs(answer.Value - expected) <= 0.05)
            return ExerciseResult.Right(name, $"exp(0.69) = {expected:F3} ≈ 2: on average the model is as unsure as a fair choice between 2 words (0.69 ≈ ln 2).");
        if (Math.Abs(answer.Value - Math.Log(0.69)) <= 0.05 || Math.Abs(answer.Value - 0.69) <= 0.005)
            return ExerciseResult.Wrong(name, $"{answer:G4} is not it.", "Perplexity = exp(cross-entropy), the cross-entropy being in nats (natural logarithm).");
        if (Math.Abs(answer.Value - Math.Pow(2, 0.69)) <= 0.02 || Math.Abs(answer.Value - Math.Pow(10, 0.69)) <= 0.05)
            return ExerciseResult.Wrong(name, $"{answer:G4} uses the wrong base.", "The kit's cross-entropy uses natural logarithms, so the base is e.");
        return ExerciseResult.Wrong(name, $"{answer:G4} is not it.", "Compute Math.Exp(0.69) in your head: ln 2 ≈ 0.693.");
    }

    /// <summary>Exercise 07.2: the positions (0-based) of <see cref="Targets"/> that the masked cross-entropy leaves out.</summary>
    public static ExerciseResult IgnoredPositions(int[]? answer)
    {
        const string name = "Exercise 07.2 (positions the masked loss ignores)";
        if (answer is null || answer.Length == 0)
            return ExerciseResult.NotAnswered(name, "The mask is targets != <pad>: which targets are padding?");
        var given = answer.Distinct().Order().ToArray();
        var shown = $"{{ {string.Join(", ", given)} }}";
        if (given.SequenceEqual([4, 5]))
            return ExerciseResult.Right(name, "{ 4, 5 }: only the <pad> targets. <end> (position 3) stays in the loss: the model must learn when to stop.");
        if (given.SequenceEqual([3, 4, 5]))
            return ExerciseResult.Wrong(name, $"{shown} also drops <end>.", "If <end> were not scored, the model would never learn to stop a caption.");
        if (given.SequenceEqual([5, 6]) || given.SequenceEqual([6, 7]))
            return ExerciseResult.Wrong(name, $"{shown} counts from 1, or in the caption rather than in the targets.", "Positions are 0-based indices into the targets row shown.");
        if (given.Any(p => p < 0 || p >= Targets.Count))
            return ExerciseResult.Wrong(name, $"{shown} has a position outside the row.", $"The targets row has {Targets.Count} positions, 0 to {Targets.Count - 1}.");
        return ExerciseResult.Wrong(name, $"{shown} is not it.", "Ignored means: the target at that position is <pad>.");
    }

    /// <summary>Exercise 07.3: optimiser steps per epoch for 2000 training images and a batch of 32 images.</summary>
    public static ExerciseResult StepsPerEpoch(int? answer)
    {
        const string name = "Exercise 07.3 (optimiser steps per epoch)";
        if (answer is null or 0)
            return ExerciseResult.NotAnswered(name, "One step per batch; every image is seen once per epoch.");
        if (answer == 63)
            return ExerciseResult.Right(name, "63 = ceil(2000 / 32): 62 full batches of 32 and a last one of 16. The Trainer batches images (each with all its captions), not captions.");
        if (answer == 62)
            return ExerciseResult.Wrong(name, "62 forgets the last, smaller batch.", "2000 = 62 × 32 + 16: the 16 left over still make a step.");
        if (answer is 312 or 313)
            return ExerciseResult.Wrong(name, $"{answer} counts captions (2000 × 5).", "The batch size counts images; each image brings all its captions into the same step.");
        return ExerciseResult.Wrong(name, $"{answer} is not it.", "Divide the number of images by the batch size and round up.");
    }
}
