using CaptioningKit.Vocabulary;
using static TorchSharp.torch;

namespace CaptioningKit.Decoder;

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
