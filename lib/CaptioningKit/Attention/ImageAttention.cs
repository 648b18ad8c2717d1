using TorchSharp;
using static TorchSharp.torch;

namespace CaptioningKit.Attention;

/// <summary>Which score an attention module uses to compare the decoder's query with every pixel.</summary>
public enum AttentionKind
{
    /// <summary>Additive (Bahdanau, Show Attend and Tell): <c>e_i = v^T tanh(W_f f_i + W_q q)</c>, a small network per pixel.</summary>
    Additive,

    /// <summary>Scaled dot product (Luong / Transformer): <c>e_i = (W_k f_i) . (W_q q) / sqrt(d)</c>, one multiply per pixel.</summary>
    ScaledDotProduct,
}

/// <summary>
/// What every attention module of the kit offers the decoder: project the features once per image
/// (<see cref="ProjectFeatures"/>), then per step turn a query (the decoder's hidden state, optionally with the previous
/// word's embedding) into weights over the pixels and a context vector (<see cref="Attend"/>).
/// </summary>
public interface IImageAttention
{
    /// <summary>Number of channels of each pixel's feature vector.</summary>
    int Channels { get; }

    /// <summary>How many times <see cref="ProjectFeatures"/> ran (a diagnostic: once per decode).</summary>
    int ProjectFeaturesCalls { get; }

    /// <summary>
    /// Hard attention at decode time: instead of the weighted mean of all pixels, the context is the single
    /// most-weighted pixel's features, and the weights returned are that one-hot choice. An evaluation switch (the
    /// model is trained soft); not stored in checkpoints.
    /// </summary>
    bool Hard { get; set; }

    /// <param name="features">(batch, pixels, channels)</param>
    /// <returns>(batch, pixels, attentionDim)</returns>
    Tensor ProjectFeatures(Tensor features);

    /// <param name="features">(batch, pixels, channels)</param>
    /// <param name="projectedFeatures">(batch, pixels, attentionDim) from <see cref="ProjectFeatures"/>.</param>
    /// <param name="query">(batch, queryDim): the hidden state (and, with AttendWithWord, the previous word's embedding).</param>
    /// <param name="gateInput">(batch, hiddenDim) what the context gate reads (the hidden state); ignored without a gate.</param>
    /// <param name="pixelMask">optional (batch, pixels) bool, true for real pixels.</param>
    /// <returns>the (gated) context (batch, channels) and the weights (batch, pixels).</returns>
    (Tensor Context, Tensor Weights) Attend(Tensor features, Tensor projectedFeatures, Tensor query, Tensor gateInput, Tensor? pixelMask = null);

    /// <summary>One step whose query is the hidden state alone (which also feeds the gate), without a pixel mask.</summary>
    (Tensor Context, Tensor Weights) Attend(Tensor features, Tensor projectedFeatures, Tensor hidden) =>
        Attend(features, projectedFeatures, hidden, hidden);
}

/// <summary>The part every attention shares once the scores are known: mask, softmax (or argmax) and the weighted sum.</summary>
public static class AttentionWeights
{
    /// <summary>
    /// Scores to weights and context. Soft: <c>alpha = softmax(e)</c> over the real pixels, <c>z = sum_i alpha_i f_i</c>.
    /// Hard: <c>alpha</c> = one-hot of the highest score, so <c>z</c> is that pixel's features.
    /// </summary>
    /// <param name="scores">(batch, pixels)</param>
    /// <param name="features">(batch, pixels, channels)</param>
    /// <param name="pixelMask">optional (batch, pixels) bool, true for real pixels (masked pixels get weight 0).</param>
    /// <returns>context (batch, channels) and weights (batch, pixels).</returns>
    public static (Tensor Context, Tensor Weights) FromScores(Tensor scores, Tensor features, Tensor? pixelMask, bool hard)
    {
        if (pixelMask is not null) scores = scores.masked_fill(pixelMask.logical_not(), double.NegativeInfinity); // (batch, pixels)
        var weights = hard
            ? nn.functional.one_hot(scores.argmax(1), scores.shape[1]).to_type(features.dtype) // (batch, pixels), one 1 per row
            : scores.softmax(1); // (batch, pixels)
        var context = torch.bmm(weights.unsqueeze(1), features).squeeze(1); // (batch, 1, pixels) x (batch, pixels, channels) -> (batch, channels)
        return (context, weights);
    }

    /// <summary>Builds the attention module <paramref name="kind"/> names.</summary>
    public static IImageAttention Create(AttentionKind kind, int channels, int queryDim, int attentionDim, bool gate, int gateInputDim) => kind switch
    {
        AttentionKind.Additive => new BahdanauAttention(channels, queryDim, attentionDim, gate, gateInputDim),
        AttentionKind.ScaledDotProduct => new DotProductAttention(channels, queryDim, attentionDim, gate, gateInputDim),
        _ => throw new ArgumentException($"Unknown attention kind {kind}. Use Additive or ScaledDotProduct."),
    };
}
