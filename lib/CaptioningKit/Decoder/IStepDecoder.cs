using CaptioningKit.Vocabulary;
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
