using static TorchSharp.torch;

namespace CaptioningKit.Decoder;

/// <summary>The result of one decoding step.</summary>
/// <param name="Logits">(batch, vocab) unnormalised scores of the next word.</param>
/// <param name="Weights">(batch, pixels) where the decoder looked (sums to 1 over real pixels).</param>
/// <param name="State">the cell's state after the step, to pass to the next one.</param>
public sealed record DecoderStep(Tensor Logits, Tensor Weights, RecurrentState State);
