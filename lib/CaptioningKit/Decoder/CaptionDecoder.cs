using CaptioningKit.Vocabulary;
using TorchSharp;
using static TorchSharp.torch;

namespace CaptioningKit.Decoder;

/// <summary>
/// The one-word-at-a-time surface that greedy decoding, beam search and scheduled sampling all use:
/// <list type="number">
/// <item><see cref="Encode"/> once per batch of images (projects the features once),</item>
/// <item><see cref="InitialState"/> once,</item>
/// <item><see cref="Step"/> once per generated word, feeding back the previous word.</item>
/// </list>
/// Small enough that a test can implement it by hand (a stub decoder with a known probability table).
/// </summary>
public interface IStepDecoder
{
    /// <summary>The special token ids the decoder was built with.</summary>
    SpecialTokens Tokens { get; }

    /// <summary>Size of the output vocabulary (the last dimension of the logits).</summary>
    int VocabSize { get; }

    /// <summary>Computes what stays fixed during a decode.</summary>
    /// <param name="features">(batch, pixels, channels)</param>
    /// <param name="pixelMask">optional (batch, pixels) bool, true for real pixels.</param>
    EncodedImages Encode(Tensor features, Tensor? pixelMask = null);

    /// <summary>The state before the first word.</summary>
    RecurrentState InitialState(EncodedImages images);

    /// <summary>One step: reads <paramref name="previousTokens"/> (batch) int64 and returns next-word logits.</summary>
    DecoderStep Step(Tensor previousTokens, EncodedImages images, RecurrentState state);
}

/// <summary>
/// What a decoder keeps about a batch of images for a whole decode, computed once by
/// <see cref="IStepDecoder.Encode"/>: the encoder's features, their attention projection (or, for the baseline, the
/// image embedding) and the optional pixel mask. Beam search repeats and reorders its rows with <see cref="Select"/>.
/// </summary>
/// <param name="Features">(batch, pixels, channels)</param>
/// <param name="Projected">(batch, pixels, attentionDim) for attention decoders; (batch, embeddingDim) for the baseline.</param>
/// <param name="PixelMask">optional (batch, pixels) bool, true for real pixels.</param>
public sealed record EncodedImages(Tensor Features, Tensor Projected, Tensor? PixelMask)
{
    /// <summary>Number of rows (images, or image×beam rows in beam search).</summary>
    public long Batch => Features.shape[0];

    /// <summary>Number of pixels per image.</summary>
    public long Pixels => Features.shape[1];

    /// <summary>Rows picked by <paramref name="rows"/> (a 1-D int64 index tensor), e.g. each image repeated beam times.</summary>
    public EncodedImages Select(Tensor rows) => new(
        Features.index_select(0, rows), // (rows, pixels, channels)
        Projected.index_select(0, rows), // (rows, ...)
        PixelMask?.index_select(0, rows)); // (rows, pixels)
}

/// <summary>
/// The recurrent cell's state between two steps: the hidden state h (batch, hiddenDim) and, for an LSTM, the memory
/// cell c (batch, hiddenDim); a GRU has no c. It is the only thing that changes from step to step.
/// </summary>
public sealed record RecurrentState(Tensor Hidden, Tensor? Cell) : IDisposable
{
    /// <summary>Rows picked by <paramref name="rows"/> (1-D int64): how beam search follows the surviving beams.</summary>
    public RecurrentState Select(Tensor rows) => new(
        Hidden.index_select(0, rows), // (rows, hiddenDim)
        Cell?.index_select(0, rows)); // (rows, hiddenDim)

    /// <summary>The state's tensors (h, and c for an LSTM), e.g. to attach them to the dispose scope of the step that replaces them.</summary>
    public IEnumerable<Tensor> Tensors => Cell is null ? [Hidden] : [Hidden, Cell];

    /// <summary>Moves the state's tensors out of the current dispose scope (keeps them alive for the next step).</summary>
    public RecurrentState MoveToOuterDisposeScope()
    {
        Hidden.MoveToOuterDisposeScope();
        Cell?.MoveToOuterDisposeScope();
        return this;
    }

    public void Dispose()
    {
        Hidden.Dispose();
        Cell?.Dispose();
    }
}

/// <summary>The result of one decoding step.</summary>
/// <param name="Logits">(batch, vocab) unnormalised scores of the next word.</param>
/// <param name="Weights">(batch, pixels) where the decoder looked (sums to 1 over real pixels).</param>
/// <param name="State">the cell's state after the step, to pass to the next one.</param>
public sealed record DecoderStep(Tensor Logits, Tensor Weights, RecurrentState State);

/// <summary>
/// What every caption decoder shares: the step surface (<see cref="IStepDecoder"/>) and a teacher-forced
/// <see cref="Forward"/> built from that same <see cref="Step"/>, so training, scheduled sampling and inference run
/// exactly the same arithmetic.
/// </summary>
public abstract class CaptionDecoder : nn.Module, IStepDecoder
{
    protected CaptionDecoder(string name, SpecialTokens tokens, int vocabSize) : base(name)
    {
        Tokens = tokens;
        VocabSize = vocabSize;
    }

    public SpecialTokens Tokens { get; }
    public int VocabSize { get; }

    public abstract EncodedImages Encode(Tensor features, Tensor? pixelMask = null);
    public abstract RecurrentState InitialState(EncodedImages images);

    /// <summary>A step without its word scores: where the decoder looked and the cell's new state.</summary>
    /// <param name="previousTokens">(batch) int64</param>
    /// <returns>weights (batch, pixels) and the state after the step.</returns>
    public abstract (Tensor Weights, RecurrentState State) Advance(Tensor previousTokens, EncodedImages images, RecurrentState state);

    /// <summary>The word scores of hidden states: dropout, then the output layer.</summary>
    /// <param name="hidden">(..., hiddenDim): one step's (batch, hiddenDim) or a whole pass's (batch, steps, hiddenDim).</param>
    /// <returns>(..., vocab)</returns>
    public abstract Tensor WordScores(Tensor hidden);

    /// <summary>One step: <see cref="Advance"/>, then <see cref="WordScores"/> of the new hidden state.</summary>
    public DecoderStep Step(Tensor previousTokens, EncodedImages images, RecurrentState state)
    {
        var (weights, next) = Advance(previousTokens, images, state); // (batch, pixels), h and c (batch, hiddenDim)
        return new DecoderStep(WordScores(next.Hidden), weights, next); // logits (batch, vocab)
    }

    /// <summary>The doubly stochastic attention penalty with this decoder's lambda (0 for a decoder without attention).</summary>
    /// <param name="weights">(batch, steps, pixels) from <see cref="Forward"/>.</param>
    /// <param name="stepMask">optional (batch, steps) bool, true on real (non-pad) target steps.</param>
    public abstract Tensor AttentionPenalty(Tensor weights, Tensor? stepMask = null);

    /// <summary>
    /// Teacher forcing: at step t the decoder reads the true token <c>inputTokens[:, t]</c> (not its own guess) and
    /// predicts the next one. Pass the captions without their last token as <paramref name="inputTokens"/> and
    /// compare the logits with the captions without their first token (see <see cref="TeacherForcing.Split"/>).
    /// <para>
    /// The same arithmetic as <see cref="Step"/> word by word, in a faster order: since every step's input word is
    /// known in advance, the loop only <see cref="Advance"/>s the cell, and the output layer scores the hidden states
    /// of all steps at once, one (batch·steps, hidden) x (hidden, vocab) product instead of one per step (its weight
    /// gradient likewise). With scheduled sampling a step's input depends on the previous step's scores, so each step
    /// is scored as it goes.
    /// </para>
    /// </summary>
    /// <param name="features">(batch, pixels, channels)</param>
    /// <param name="inputTokens">(batch, steps) int64, starting with &lt;start&gt;.</param>
    /// <param name="pixelMask">optional (batch, pixels) bool, true for real pixels.</param>
    /// <param name="sampling">optional scheduled sampling.</param>
    public DecoderOutput Forward(Tensor features, Tensor inputTokens, Tensor? pixelMask = null, ScheduledSampling? sampling = null)
    {
        using var batchScope = torch.NewDisposeScope();
        var images = Encode(features, pixelMask);
        var state = InitialState(images);
        var steps = inputTokens.shape[1];
        var sampled = sampling is { Probability: > 0 };
        var logits = new List<Tensor>((int)steps);  // scored step by step (scheduled sampling only)
        var hidden = new List<Tensor>((int)steps);  // otherwise scored together after the loop
        var weights = new List<Tensor>((int)steps);
        for (var t = 0L; t < steps; t++)
        {
            using var stepScope = torch.NewDisposeScope();
            var tokens = inputTokens.select(1, t); // (batch)
            if (sampled && t > 0)
            {
                var own = ImpossibleTokens.Mask(logits[^1], Tokens).argmax(1); // (batch): its own best word, never <pad>/<start>
                var useOwn = torch.rand(own.shape, generator: sampling!.Generator, device: own.device) < sampling.Probability; // (batch) bool
                tokens = torch.where(useOwn, own, tokens); // (batch)
            }
            var (stepWeights, next) = Advance(tokens, images, state); // (batch, pixels), h and c (batch, hiddenDim)
            if (sampled) logits.Add(WordScores(next.Hidden).MoveToOuterDisposeScope()); // (batch, vocab)
            else hidden.Add(next.Hidden);
            weights.Add(stepWeights.MoveToOuterDisposeScope());
            state = next.MoveToOuterDisposeScope();
        }
        var output = new DecoderOutput(
            sampled ? torch.stack(logits, 1) : WordScores(torch.stack(hidden, 1)), // (batch, steps, vocab)
            torch.stack(weights, 1)); // (batch, steps, pixels)
        return output.MoveToOuterDisposeScope();
    }

    /// <summary>Mean of the features over the (real) pixels.</summary>
    /// <param name="features">(batch, pixels, channels)</param>
    /// <param name="pixelMask">optional (batch, pixels) bool.</param>
    /// <returns>(batch, channels)</returns>
    protected static Tensor MeanFeature(Tensor features, Tensor? pixelMask)
    {
        if (pixelMask is null) return features.mean([1L]); // (batch, channels)
        var mask = pixelMask.unsqueeze(2).to_type(features.dtype); // (batch, pixels, 1)
        var total = (features * mask).sum(1); // (batch, channels)
        var count = mask.sum(1).clamp_min(1); // (batch, 1)
        return total / count; // (batch, channels)
    }
}

/// <summary>The result of a teacher-forced pass over whole captions.</summary>
/// <param name="Logits">(batch, steps, vocab): at step t, the scores of the word that follows input token t.</param>
/// <param name="Weights">(batch, steps, pixels): the attention weights of every step.</param>
public sealed record DecoderOutput(Tensor Logits, Tensor Weights) : IDisposable
{
    public DecoderOutput MoveToOuterDisposeScope()
    {
        Logits.MoveToOuterDisposeScope();
        Weights.MoveToOuterDisposeScope();
        return this;
    }

    public void Dispose()
    {
        Logits.Dispose();
        Weights.Dispose();
    }
}

/// <summary>How a caption becomes a teacher-forcing pair: the decoder reads tokens 0..T-2 and must predict 1..T-1.</summary>
public static class TeacherForcing
{
    /// <param name="captions">(batch, T) int64: &lt;start&gt; w1 ... wn &lt;end&gt; &lt;pad&gt;...</param>
    /// <returns>inputs (batch, T-1) without the last token and targets (batch, T-1) without &lt;start&gt;.</returns>
    public static (Tensor Inputs, Tensor Targets) Split(Tensor captions)
    {
        var length = captions.shape[1];
        var inputs = captions.narrow(1, 0, length - 1); // (batch, T-1)
        var targets = captions.narrow(1, 1, length - 1); // (batch, T-1)
        return (inputs, targets);
    }
}

/// <summary>
/// Scheduled sampling (Bengio et al., 2015): during teacher-forced training, with probability
/// <see cref="Probability"/> per row and step, feed the decoder its own previous prediction (the argmax of the last
/// logits) instead of the true previous word, so that training looks more like inference. The first step always
/// reads the true &lt;start&gt;.
/// </summary>
/// <param name="Probability">Chance of feeding back the model's own word (0 = pure teacher forcing).</param>
/// <param name="Generator">Optional random generator, for reproducible runs.</param>
public sealed record ScheduledSampling(double Probability, Generator? Generator = null);

/// <summary>
/// &lt;pad&gt; and &lt;start&gt; are never a sensible next word: an untrained (or unlucky) model may still rank them
/// first, and a caption of pads would silently come out empty. Decoding removes them from the choice by giving their
/// logits -infinity before the softmax.
/// </summary>
public static class ImpossibleTokens
{
    /// <param name="logits">(batch, vocab)</param>
    /// <returns>(batch, vocab) with the &lt;pad&gt; and &lt;start&gt; columns at -infinity.</returns>
    public static Tensor Mask(Tensor logits, SpecialTokens tokens) =>
        logits.index_fill(1, tensor(new[] { tokens.Pad, tokens.Start }, device: logits.device), double.NegativeInfinity); // (batch, vocab)
}
