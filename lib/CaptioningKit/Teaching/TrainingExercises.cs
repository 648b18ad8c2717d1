using CaptioningKit.Evaluation;
using CaptioningKit.Training;
using CaptioningKit.Vocabulary;

namespace CaptioningKit.Teaching;

/// <summary>Notebook 07's exercises, in the notebook's order: the positions the masked loss ignores, the masked loss as code, optimiser steps per epoch, perplexity.</summary>
public static class TrainingExercises
{
    /// <summary>The targets row of exercise 07.1 (TeacherForcing.Split of "&lt;start&gt; a red circle &lt;end&gt; &lt;pad&gt; &lt;pad&gt;").</summary>
    public static IReadOnlyList<string> Targets { get; } = ["a", "red", "circle", "<end>", "<pad>", "<pad>"];

    /// <summary>Exercise 07.4: the perplexity for a mean cross-entropy of 0.69 nats per token.</summary>
    public static ExerciseResult PerplexityOf069(double? answer)
    {
        const string name = "Exercise 07.4 (perplexity for a cross-entropy of 0.69)";
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

    /// <summary>Exercise 07.1: the positions (0-based) of <see cref="Targets"/> that the masked cross-entropy leaves out.</summary>
    public static ExerciseResult IgnoredPositions(int[]? answer)
    {
        const string name = "Exercise 07.1 (positions the masked loss ignores)";
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

    /// <summary>
    /// Exercise 07.2 (code): <paramref name="loss"/> must compute the masked cross-entropy of (logits, targets, padId),
    /// the mean of −log softmax(logits)[target] over the targets that are not &lt;pad&gt;, like
    /// <see cref="MaskedCrossEntropy.Mean"/>. It runs on random logits (batch 3, 6 steps, vocabulary 7) and targets
    /// whose rows end in 0, 2 and 4 pads; the verdict names a wrong shape, a loss that counts the pads, a sum instead of
    /// a mean, a sign, or the value.
    /// </summary>
    public static ExerciseResult WriteMaskedCrossEntropy(Func<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor, long, TorchSharp.torch.Tensor>? loss)
    {
        const string name = "Exercise 07.2 (write the masked cross-entropy)";
        const string start = "logits.log_softmax(-1) gives log p for every word; gather(-1, targets.unsqueeze(-1)) picks the target's, (batch, steps, 1).";
        if (loss is null) return ExerciseResult.NotWritten(name, start);
        using var scope = TorchSharp.torch.NewDisposeScope();
        using var noGrad = TorchSharp.torch.no_grad();
        const long batch = 3, steps = 6, vocab = 7, pad = SpecialTokens.PadId;
        var random = new Random(7);
        var logits = CodeCheck.Normal(random, batch, steps, vocab);                   // (3, 6, 7)
        int[] padsPerRow = [0, 2, 4];
        var targets = TorchSharp.torch.tensor(Enumerable.Range(0, (int)batch).SelectMany(r => Enumerable.Range(0, (int)steps)
            .Select(t => t < steps - padsPerRow[r] ? (long)random.Next(1, (int)vocab) : pad)).ToArray(), [batch, steps]); // (3, 6) int64
        var expected = MaskedCrossEntropy.Mean(logits, targets, pad).item<float>();    // scalar
        var failed = CodeCheck.Invoke(name, () => loss(logits.clone(), targets.clone(), pad), start, out var got);
        if (failed is not null) return failed;
        if (got is null || got.numel() != 1)
            return ExerciseResult.Wrong(name, $"your loss has shape {(got is null ? "null" : CodeCheck.Shape(got.shape))}, expected a scalar ().",
                "The loss is ONE number for the batch: average the per-target losses (over the real targets only).");
        var value = CodeCheck.Values(got)[0];
        var perTarget = TorchSharp.torch.nn.functional.cross_entropy(logits.reshape(-1, vocab), targets.reshape(-1), reduction: TorchSharp.torch.nn.Reduction.None); // (18)
        var real = targets.reshape(-1).ne(pad);                                        // (18) bool
        var realCount = real.sum().item<long>();
        var maskedSum = perTarget.masked_select(real).sum().item<float>();
        bool Near(double x) => Math.Abs(value - x) <= 1e-4 * (1 + Math.Abs(x));
        if (Near(expected)) return ExerciseResult.Right(name, $"{CodeCheck.Number(value)}: the mean of −log p(target) over the {realCount} real targets; the {batch * steps - realCount} <pad> targets cost nothing.");
        var shown = $"your loss is {CodeCheck.Number(value)}, expected {CodeCheck.Number(expected)}";
        if (Near(perTarget.mean().item<float>()))
            return ExerciseResult.Wrong(name, shown + ": it is the mean over ALL targets, <pad> included.", "Mask: keep only the targets that are not padId (targets.ne(padId)), and divide by how many there are.");
        if (Near(maskedSum / (batch * steps)))
            return ExerciseResult.Wrong(name, shown + ": the pads are left out of the sum but still counted in the division.", "Divide by the number of REAL targets, not by batch × steps.");
        if (Near(maskedSum)) return ExerciseResult.Wrong(name, shown + ": that is the sum over the real targets.", "Take the mean: divide by the number of real (non-pad) targets.");
        if (Near(-expected)) return ExerciseResult.Wrong(name, shown + ": the sign is flipped.", "Cross-entropy is MINUS the log-probability of the target: a loss is positive.");
        return ExerciseResult.Wrong(name, shown + ".", "Use log_softmax (not the raw logits, nor log of softmax over the wrong dimension): the softmax runs over the vocabulary, the LAST dimension.");
    }
}
