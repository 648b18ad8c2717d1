using static TorchSharp.torch;

namespace CaptioningKit.Decoder;

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
