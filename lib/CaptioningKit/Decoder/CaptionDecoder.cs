using CaptioningKit.Vocabulary;
using TorchSharp;
using static TorchSharp.torch;

namespace CaptioningKit.Decoder;

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
    public abstract DecoderStep Step(Tensor previousTokens, EncodedImages images, RecurrentState state);

    /// <summary>The doubly stochastic attention penalty with this decoder's lambda (0 for a decoder without attention).</summary>
    /// <param name="weights">(batch, steps, pixels) from <see cref="Forward"/>.</param>
    /// <param name="stepMask">optional (batch, steps) bool, true on real (non-pad) target steps.</param>
    public abstract Tensor AttentionPenalty(Tensor weights, Tensor? stepMask = null);

    /// <summary>
    /// Teacher forcing: at step t the decoder reads the true token <c>inputTokens[:, t]</c> (not its own guess) and
    /// predicts the next one. Pass the captions without their last token as <paramref name="inputTokens"/> and
    /// compare the logits with the captions without their first token (see <see cref="TeacherForcing.Split"/>).
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
        var logits = new List<Tensor>((int)steps);
        var weights = new List<Tensor>((int)steps);
        for (var t = 0L; t < steps; t++)
        {
            using var stepScope = torch.NewDisposeScope();
            var tokens = inputTokens.select(1, t); // (batch)
            if (sampling is { Probability: > 0 } && t > 0)
            {
                var own = ImpossibleTokens.Mask(logits[^1], Tokens).argmax(1); // (batch): its own best word, never <pad>/<start>
                var useOwn = torch.rand(own.shape, generator: sampling.Generator, device: own.device) < sampling.Probability; // (batch) bool
                tokens = torch.where(useOwn, own, tokens); // (batch)
            }
            var step = Step(tokens, images, state);
            logits.Add(step.Logits.MoveToOuterDisposeScope());
            weights.Add(step.Weights.MoveToOuterDisposeScope());
            state = step.State.MoveToOuterDisposeScope();
        }
        var output = new DecoderOutput(
            torch.stack(logits, 1), // (batch, steps, vocab)
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
