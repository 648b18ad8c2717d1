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
            return ExerciseResult.Right(name, $"{expected:N0} (about 26 million) per image. Per step, W_h h costs only 512 x 256 = {512L * 256:N0}: "
                + $"W_f f is {expected / (channels * attentionDim)} times that (once per pixel), which is why it is computed once per image, not at every word.");
        if (answer == channels * attentionDim)
            return ExerciseResult.Wrong(name, $"{answer:N0} is the cost for ONE pixel.", "The projection is applied to every pixel of the grid.");
        if (answer == pixels * channels || answer == pixels * attentionDim)
            return ExerciseResult.Wrong(name, $"{answer:N0} leaves out one of the sizes.", "Each of the 256 outputs of a pixel is a dot product of 512 numbers; and there are 196 pixels.");
        return ExerciseResult.Wrong(name, $"{answer:N0} is not it.", "A (out x in) matrix times a vector costs out × in multiply-adds; count it per pixel, then for all pixels.");
    }

    /// <summary>
    /// Exercise 05.4 (code): <paramref name="attend"/> must do one step of additive attention with a pixel mask,
    /// e = v(tanh(W_f f + W_h h)), masked pixels' scores to -inf, alpha = softmax(e) over the pixels, z = sum_i alpha_i f_i,
    /// and return (z, alpha), like <see cref="BahdanauAttention.Attend"/> (without the gate). It runs on a random attention
    /// (batch 3, 7 pixels of which 0, 2 and 3 are padding, 6 channels); the verdict names the first thing that differs:
    /// a shape, a padded pixel's weight, a row that does not sum to 1, or a value.
    /// </summary>
    public static ExerciseResult WriteAttend(Func<AttentionStepInputs, (TorchSharp.torch.Tensor Context, TorchSharp.torch.Tensor Weights)>? attend)
    {
        const string name = "Exercise 05.4 (write one attention step)";
        const string start = "Scores first: s.Score(torch.tanh(s.ProjectedFeatures + s.ProjectHidden(s.Hidden).unsqueeze(1))) is (batch, pixels, 1).";
        if (attend is null) return ExerciseResult.NotWritten(name, start);
        using var scope = TorchSharp.torch.NewDisposeScope();
        using var noGrad = TorchSharp.torch.no_grad();
        const long batch = 3, pixels = 7, channels = 6, hiddenDim = 5, attentionDim = 4;
        var attention = new BahdanauAttention((int)channels, (int)hiddenDim, (int)attentionDim);
        var p = attention.named_parameters().ToDictionary(x => x.name, x => x.parameter);
        var random = new Random(5);
        foreach (var parameter in p.Values) parameter.copy_(CodeCheck.Normal(random, parameter.shape)); // the same random layers every run
        var features = CodeCheck.Normal(random, batch, pixels, channels);          // (batch, pixels, channels)
        var hidden = CodeCheck.Normal(random, batch, hiddenDim);                    // (batch, hiddenDim)
        long[] realPixels = [7, 5, 4];
        var mask = TorchSharp.torch.tensor(Enumerable.Range(0, (int)batch)
            .SelectMany(r => Enumerable.Range(0, (int)pixels).Select(i => i < realPixels[r])).ToArray(), [batch, pixels]); // (batch, pixels) bool
        var projected = attention.ProjectFeatures(features);                        // (batch, pixels, attentionDim)
        var (context, weights) = attention.Attend(features, projected, hidden, mask); // (batch, channels), (batch, pixels)
        var inputs = new AttentionStepInputs(features.clone(), projected.clone(), hidden.clone(), mask.clone(),
            h => TorchSharp.torch.nn.functional.linear(h, p["hiddenProjection.weight"], p["hiddenProjection.bias"]), // (…, attentionDim)
            e => TorchSharp.torch.nn.functional.linear(e, p["score.weight"], p["score.bias"]));                        // (…, 1)

        var failed = CodeCheck.Invoke(name, () => attend(inputs), start, out var got);
        if (failed is not null) return failed;
        if (got.Weights is null || !got.Weights.shape.SequenceEqual(weights.shape))
            return ExerciseResult.Wrong(name, CodeCheck.FirstDifference("alpha", weights, got.Weights) + ".",
                "alpha has one weight per pixel and image: squeeze the scores' last dimension (squeeze(2)) before the softmax.");
        var given = CodeCheck.Values(got.Weights);
        for (var r = 0; r < batch; r++)
            for (var i = realPixels[r]; i < pixels; i++)
                if (!(Math.Abs(given[r * pixels + i]) <= 1e-6))
                    return ExerciseResult.Wrong(name, $"pixel {i} of image {r} is padding (mask false) but alpha[{r}, {i}] is {CodeCheck.Number(given[r * pixels + i])}.",
                        "Mask before the softmax: scores.masked_fill(s.PixelMask.logical_not(), double.NegativeInfinity) gives padded pixels a weight of exactly 0.");
        for (var r = 0; r < batch; r++)
        {
            var sum = given.Skip(r * (int)pixels).Take((int)pixels).Sum();
            if (!(Math.Abs(sum - 1) <= 1e-4))
                return ExerciseResult.Wrong(name, $"the weights of image {r} sum to {CodeCheck.Number(sum)}, not 1.", "Take the softmax over the PIXEL dimension (dim 1), one distribution per image.");
        }
        if (CodeCheck.FirstDifference("alpha", weights, got.Weights) is { } weightDifference)
            return ExerciseResult.Wrong(name, weightDifference + ".", "The scores are e_i = v(tanh(W_f f_i + W_h h)): add W_h h (unsqueezed to (batch, 1, attentionDim)) to EVERY pixel's W_f f_i, and apply tanh before v.");
        if (CodeCheck.FirstDifference("the context", context, got.Context) is { } contextDifference)
            return ExerciseResult.Wrong(name, contextDifference + ".", got.Context is not null && got.Context.shape.SequenceEqual(context.shape)
                ? "The context is the weighted sum of the FEATURES f (not of W_f f): torch.bmm(alpha.unsqueeze(1), s.Features).squeeze(1)."
                : "The context is one feature-sized vector per image, (batch, channels): the sum over the pixels removes that dimension.");
        return ExerciseResult.Right(name, "your attention step matches BahdanauAttention.Attend: masked scores, a softmax over the pixels, and the weighted sum of the features.");
    }
}
