using CaptioningKit.Decoder;

namespace CaptioningKit.Teaching;

/// <summary>Notebook 06's exercises: teacher-forcing targets, the shape of the logits, and the size of an LSTM cell.</summary>
public static class DecoderExercises
{
    /// <summary>The caption of exercise 06.1, as tokens.</summary>
    public static IReadOnlyList<string> Caption { get; } = ["<start>", "a", "red", "circle", "above", "a", "square", "<end>"];

    /// <summary>Exercise 06.1: with (inputs, targets) = TeacherForcing.Split(caption), the word targets[3].</summary>
    public static ExerciseResult TargetAtStep3(string? answer)
    {
        const string name = "Exercise 06.1 (the target at step 3)";
        if (string.IsNullOrWhiteSpace(answer))
            return ExerciseResult.NotAnswered(name, "targets is the caption without its first token (<start>).");
        var word = answer.Trim().ToLowerInvariant();
        if (word == "above")
            return ExerciseResult.Right(name, "\"above\": at step 3 the decoder reads inputs[3] = \"circle\" and must predict the word after it, targets[3] = caption[4].");
        if (word == "circle")
            return ExerciseResult.Wrong(name, "\"circle\" is inputs[3], the word the decoder READS at step 3.", "The target is the next word: targets[t] = caption[t + 1].");
        if (word == "red")
            return ExerciseResult.Wrong(name, "\"red\" is targets[1] (or caption[2]).", "Count from 0, and remember targets starts at caption[1].");
        if (Caption.Contains(word))
            return ExerciseResult.Wrong(name, $"\"{word}\" is in the caption, but not at targets[3].", "targets = caption[1..]: write it out and count from 0.");
        return ExerciseResult.Wrong(name, $"\"{word}\" is not a word of the caption.", "Answer with one word of: " + string.Join(" ", Caption));
    }

    /// <summary>Exercise 06.2: the logits' shape for Forward on batch 4, captions of 12 tokens, vocabulary 5000.</summary>
    public static ExerciseResult LogitsShape(long[]? answer)
    {
        const string name = "Exercise 06.2 (shape of the teacher-forced logits)";
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
    /// Exercise 06.3: parameters of nn.LSTMCell(256 + 512, 512): four gates, each with input weights, hidden weights
    /// and (in PyTorch) two biases.
    /// </summary>
    public static ExerciseResult LstmCellParameters(long? answer)
    {
        const string name = "Exercise 06.3 (parameters of LSTMCell(256 + 512 -> 512))";
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
        return ExerciseResult.Wrong(name, $"{answer:N0} is not it.", "Count 4 gates × hidden × (input + hidden) weights, then the biases; check with lstm.parameters().Sum(p => p.numel()).");
    }
}
