using CaptioningKit.Attention;

namespace CaptioningKit.Teaching;

/// <summary>Notebook 05's exercises: the softmax, the shape of the context, and what projecting the features costs.</summary>
public static class AttentionExercises
{
    /// <summary>The scores of exercise 05.1.</summary>
    public static IReadOnlyList<double> SoftmaxScores { get; } = [2.0, 1.0, 0.1];

    /// <summary>Exercise 05.1: softmax of the scores (2, 1, 0.1), each weight within 0.001.</summary>
    public static ExerciseResult Softmax(double[]? answer)
    {
        const string name = "Exercise 05.1 (softmax of 2, 1, 0.1)";
        if (answer is null || answer.Length == 0)
            return ExerciseResult.NotAnswered(name, "softmax(e)_i = exp(e_i) / (exp(e_1) + exp(e_2) + exp(e_3)); Math.Exp does the exponentials.");
        if (answer.Length != SoftmaxScores.Count)
            return ExerciseResult.Wrong(name, $"{answer.Length} numbers, but there are {SoftmaxScores.Count} scores.", "One weight per score: three numbers.");
        var exps = SoftmaxScores.Select(Math.Exp).ToArray();
        var expected = exps.Select(e => e / exps.Sum()).ToArray();
        var shown = $"({string.Join(", ", answer.Select(a => a.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)))})";
        if (answer.Zip(expected).All(p => Math.Abs(p.First - p.Second) <= 1e-3))
            return ExerciseResult.Right(name, $"{shown}: they sum to 1, and the largest score gets much more than its share (exp stretches the gaps).");
        if (Math.Abs(answer.Sum() - 1) > 1e-3)
            return ExerciseResult.Wrong(name, $"{shown} sums to {answer.Sum():0.###}, not 1.", "Divide every exp(e_i) by the sum of all three, so that the weights add up to 1.");
        var plain = SoftmaxScores.Select(s => s / SoftmaxScores.Sum()).ToArray();
        if (answer.Zip(plain).All(p => Math.Abs(p.First - p.Second) <= 1e-3))
            return ExerciseResult.Wrong(name, $"{shown} divides the scores by their sum: that is not a softmax.", "Take exp of each score first, then normalise (scores can be negative; exp makes them positive).");
        return ExerciseResult.Wrong(name, $"{shown} sums to 1 but is not the softmax of (2, 1, 0.1).", "Check exp(2) ≈ 7.389, exp(1) ≈ 2.718, exp(0.1) ≈ 1.105, then divide each by their sum.");
    }

    /// <summary>Exercise 05.2: the context's shape for batch 4, 196 pixels (a 14x14 grid), 512 channels.</summary>
    public static ExerciseResult ContextShape(long[]? answer)
    {
        const string name = "Exercise 05.2 (shape of the context)";
        if (answer is null || answer.Length == 0)
            return ExerciseResult.NotAnswered(name, "The context is a weighted sum of the pixels' feature vectors, one per image.");
        var shown = $"({string.Join(", ", answer)})";
        if (answer.SequenceEqual(new long[] { 4, 512 }))
            return ExerciseResult.Right(name, "(4, 512): one feature-sized vector per image; the sum over the 196 pixels removes that dimension.");
        if (answer.SequenceEqual(new long[] { 4, 196 }))
            return ExerciseResult.Wrong(name, $"{shown} is the shape of the weights alpha.", "The context is sum_i alpha_i f_i: a vector the size of one pixel's features.");
        if (answer.SequenceEqual(new long[] { 4, 196, 512 }))
            return ExerciseResult.Wrong(name, $"{shown} is the shape of the features.", "The weighted sum runs over the pixels, so the pixel dimension disappears.");
        if (answer.SequenceEqual(new long[] { 512 }) || answer.SequenceEqual(new long[] { 1, 512 }))
            return ExerciseResult.Wrong(name, $"{shown} is the context of a single image.", "Every image of the batch gets its own context.");
        return ExerciseResult.Wrong(name, $"{shown} is not it.", "Features are (batch, pixels, channels) and weights (batch, pixels); the context keeps batch and channels.");
    }

    /// <summary>
    /// Exercise 05.3: multiply-adds of W_f f for one image: 196 pixels, 512 channels, attention size 256
    /// (pixels × channels × attentionDim; adding the bias too is accepted).
    /// </summary>
    public static ExerciseResult ProjectionMultiplyAdds(long? answer)
    {
        const string name = "Exercise 05.3 (cost of projecting one image's features)";
        if (answer is null or 0)
            return ExerciseResult.NotAnswered(name, "W_f is a (256 x 512) matrix applied to each of the 196 pixels' feature vectors.");
        const long pixels = 196, channels = 512, attentionDim = 256;
        const long expected = pixels * channels * attentionDim;
        if (answer == expected || answer == expected + pixels * attentionDim)
            return ExerciseResult.Right(name, $"{expected:N0} (about 26 million) per image. Per step, W_h h costs only 512 x 256 = {512L * 256:N0}, "
                + "so recomputing W_f f at every word would make each step about 200 times dearer.");
        if (answer == channels * attentionDim)
            return ExerciseResult.Wrong(name, $"{answer:N0} is the cost for ONE pixel.", "The projection is applied to every pixel of the grid.");
        if (answer == pixels * channels || answer == pixels * attentionDim)
            return ExerciseResult.Wrong(name, $"{answer:N0} leaves out one of the sizes.", "Each of the 256 outputs of a pixel is a dot product of 512 numbers; and there are 196 pixels.");
        return ExerciseResult.Wrong(name, $"{answer:N0} is not it.", "A (out x in) matrix times a vector costs out × in multiply-adds; count it per pixel, then for all pixels.");
    }
}
