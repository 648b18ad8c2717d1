using CaptioningKit.Decoder;

namespace CaptioningKit.Teaching;

/// <summary>Notebook 06's exercises: the shape of the logits, the size of an LSTM cell, and one LSTM step as code.</summary>
public static class DecoderExercises
{
    /// <summary>Exercise 06.1: the logits' shape for Forward on batch 4, captions of 12 tokens, vocabulary 5000.</summary>
    public static ExerciseResult LogitsShape(long[]? answer)
    {
        const string name = "Exercise 06.1 (shape of the teacher-forced logits)";
        if (answer is null || answer.Length == 0)
            return ExerciseResult.NotAnswered(name, "Forward reads inputs = captions without their last token and scores every word of the vocabulary at each step.");
        var shown = $"({string.Join(", ", answer)})";
        if (answer.SequenceEqual(new long[] { 4, 11, 5000 }))
            return ExerciseResult.Right(name, "(4, 11, 5000): 11 steps (the inputs drop each caption's last token), and at each step one score per vocabulary word.");
        if (answer.SequenceEqual(new long[] { 4, 12, 5000 }))
            return ExerciseResult.Wrong(name, $"{shown} has one step too many.", "The inputs are the captions without their last token: how many tokens are left?");
        if (answer.SequenceEqual(new long[] { 4, 5000 }))
            return ExerciseResult.Wrong(name, $"{shown} is the shape of one Step's logits.", "Forward stacks the logits of every step.");
        if (answer.Length == 3 && answer[0] == 4 && answer[2] != 5000)
            return ExerciseResult.Wrong(name, $"{shown}: the last size is not the vocabulary.", "Logits score every word of the vocabulary.");
        return ExerciseResult.Wrong(name, $"{shown} is not it.", "The layout is (batch, steps, vocab).");
    }

    /// <summary>
    /// Exercise 06.2: parameters of nn.LSTMCell(256 + 512, 512): four gates, each with input weights, hidden weights
    /// and (in PyTorch) two biases.
    /// </summary>
    public static ExerciseResult LstmCellParameters(long? answer)
    {
        const string name = "Exercise 06.2 (parameters of LSTMCell(256 + 512 -> 512))";
        if (answer is null or 0)
            return ExerciseResult.NotAnswered(name, "An LSTM cell has 4 gates; each one is a linear layer from [input; h] to hidden, with a bias.");
        const long input = 256 + 512, hidden = 512;
        const long expected = 4 * hidden * (input + hidden) + 2 * 4 * hidden;
        if (answer == expected)
            return ExerciseResult.Right(name, $"{expected:N0} = 4 gates × 512 × (768 + 512) weights + 2 × 4 × 512 biases (PyTorch keeps b_ih and b_hh). "
                + $"A GRU cell has 3 gates: {3 * hidden * (input + hidden) + 2 * 3 * hidden:N0}.");
        if (answer == 4 * hidden * (input + hidden) + 4 * hidden)
            return ExerciseResult.Wrong(name, $"{answer:N0} counts one bias per gate.", "PyTorch's (and TorchSharp's) LSTMCell has two bias vectors, bias_ih and bias_hh.");
        if (answer == 4 * hidden * (input + hidden))
            return ExerciseResult.Wrong(name, $"{answer:N0} leaves out the biases.", "Each gate also has biases, two vectors of 512 in PyTorch.");
        if (answer == 3 * hidden * (input + hidden) + 2 * 3 * hidden)
            return ExerciseResult.Wrong(name, $"{answer:N0} is a GRU cell (3 gates).", "An LSTM has four: input, forget, cell candidate and output.");
        if (answer == hidden * (input + hidden) + 2 * hidden)
            return ExerciseResult.Wrong(name, $"{answer:N0} is one gate.", "An LSTM has four gates of that size.");
        if (answer == 4 * hidden * input + 2 * 4 * hidden)
            return ExerciseResult.Wrong(name, $"{answer:N0} forgets the recurrent weights.", "Each gate reads the previous hidden state h (512 numbers) too, not only the input.");
        return ExerciseResult.Wrong(name, $"{answer:N0} is not it.", "Each gate is a linear layer reading both the input and h; count its weights and its biases, then multiply by the number of gates.");
    }

    /// <summary>
    /// Exercise 06.3 (code): <paramref name="step"/> must compute one LSTM step, (h', c') from x, h, c and the cell's
    /// weights, exactly as the decoder's <c>nn.LSTMCell</c> does. It runs on random inputs and weights (batch 2, input 5,
    /// hidden 3); the verdict names the shape or the first value of c', then of h', that differs.
    /// </summary>
    public static ExerciseResult WriteLstmStep(Func<LstmStepInputs, (TorchSharp.torch.Tensor Hidden, TorchSharp.torch.Tensor Cell)>? step)
    {
        const string name = "Exercise 06.3 (write one LSTM step)";
        const string start = "Start with the four gates at once: gates = x W_ihᵀ + b_ih + h W_hhᵀ + b_hh, shape (batch, 4 · hidden); then gates.chunk(4, 1).";
        if (step is null) return ExerciseResult.NotWritten(name, start);
        using var scope = TorchSharp.torch.NewDisposeScope();
        using var noGrad = TorchSharp.torch.no_grad();
        const long batch = 2, input = 5, hidden = 3;
        var random = new Random(6);
        var cell = TorchSharp.torch.nn.LSTMCell(input, hidden);
        var p = cell.named_parameters().ToDictionary(x => x.name, x => x.parameter);
        foreach (var parameter in p.Values) parameter.copy_(CodeCheck.Normal(random, parameter.shape)); // the same random cell every run
        var (x, h, c) = (CodeCheck.Normal(random, batch, input), CodeCheck.Normal(random, batch, hidden), CodeCheck.Normal(random, batch, hidden)); // (2, 5), (2, 3), (2, 3)
        var (expectedH, expectedC) = cell.forward(x, (h, c));                    // (2, 3) each
        var inputs = new LstmStepInputs(x.clone(), h.clone(), c.clone(),
            p["weight_ih"].clone(), p["weight_hh"].clone(), p["bias_ih"].clone(), p["bias_hh"].clone());

        var failed = CodeCheck.Invoke(name, () => step(inputs), start, out var got);
        if (failed is not null) return failed;
        if (CodeCheck.FirstDifference("c'", expectedC, got.Cell) is { } cellDifference)
            return ExerciseResult.Wrong(name, cellDifference + ".", got.Cell is not null && got.Cell.shape.SequenceEqual(expectedC.shape)
                ? "c' = f ⊙ c + i ⊙ g, with i, f, o = sigmoid(…) and g = tanh(…) of the four chunks of the gates, in PyTorch's order i, f, g, o; both biases count."
                : "c' is (batch, hidden): each chunk of the gates is (batch, hidden), and ⊙ is the element-wise product (*), not a matrix product.");
        if (CodeCheck.FirstDifference("h'", expectedH, got.Hidden) is { } hiddenDifference)
            return ExerciseResult.Wrong(name, hiddenDifference + " (c' is right).", "h' = o ⊙ tanh(c'): the NEW cell, squashed, times the output gate.");
        return ExerciseResult.Right(name, "(h', c') match nn.LSTMCell: four gates from one matrix product each for x and h, the memory c' = f⊙c + i⊙g, and h' = o⊙tanh(c').");
    }
}
