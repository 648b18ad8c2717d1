using static TorchSharp.torch;

namespace CaptioningKit.Teaching;

/// <summary>
/// What exercise 05.4 hands the learner's attention step: the tensors of one decoder step and the two layers of an
/// additive attention, <c>W_h</c> and <c>v</c>, as functions (their weights are those of a random
/// <see cref="Attention.BahdanauAttention"/>, so the answer can be compared with the kit's <c>Attend</c>).
/// </summary>
/// <param name="Features">(batch, pixels, channels) the encoder's output, f.</param>
/// <param name="ProjectedFeatures">(batch, pixels, attentionDim) W_f f, computed once per image.</param>
/// <param name="Hidden">(batch, hiddenDim) the decoder's hidden state h.</param>
/// <param name="PixelMask">(batch, pixels) bool, true where a pixel is real, false where it is padding.</param>
/// <param name="ProjectHidden">W_h: (batch, hiddenDim) -> (batch, attentionDim).</param>
/// <param name="Score">v: (…, attentionDim) -> (…, 1).</param>
public sealed record AttentionStepInputs(
    Tensor Features, Tensor ProjectedFeatures, Tensor Hidden, Tensor PixelMask, Func<Tensor, Tensor> ProjectHidden, Func<Tensor, Tensor> Score);
