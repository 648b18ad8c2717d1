using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CaptioningKit.Attention;

/// <summary>
/// Additive ("Bahdanau") attention, as in Show, Attend and Tell. For every image pixel i (a cell of the encoder's
/// grid, a vector f_i of <c>channels</c> numbers) and the decoder's hidden state h it scores
/// <code>e_i = v^T tanh(W_f f_i + W_h h)</code>
/// then turns the scores into weights that sum to 1 over the pixels, <c>alpha = softmax(e)</c>, and returns the
/// weighted mean of the pixels, the context <c>z = sum_i alpha_i f_i</c>.
/// <para>
/// <c>W_f f_i</c> does not depend on the step, so it is computed once per image by <see cref="ProjectFeatures"/>
/// and kept by the decoder for every step; only <c>W_h h</c> is computed per step, in <see cref="Attend"/>.
/// </para>
/// <para>
/// Padded pixels (images of different grid sizes in one batch) are excluded with a (batch, pixels) bool mask, true
/// where a pixel is real: their score is set to -inf before the softmax, so their weight is exactly 0. A row whose
/// pixels are all masked has no valid weights (the softmax of all -inf is NaN); don't pass one.
/// </para>
/// <para>
/// With <c>gate</c> on, the context is scaled by <c>sigmoid(f_beta(h))</c> (one gate per channel), which lets the
/// decoder say "this word needs little from the image" (e.g. "a", "of").
/// </para>
/// </summary>
public sealed class BahdanauAttention : nn.Module, IImageAttention
{
    readonly Linear featureProjection; // W_f: channels -> attentionDim
    readonly Linear hiddenProjection;  // W_h: hiddenDim -> attentionDim
    readonly Linear score;             // v:   attentionDim -> 1
    readonly Linear? gate;             // f_beta: gateInputDim -> channels

    /// <param name="hiddenDim">size of the query (the decoder's hidden state, plus the word embedding when the decoder attends with the word).</param>
    /// <param name="gateInputDim">size of what the gate reads (the hidden state); <paramref name="hiddenDim"/> when null.</param>
    public BahdanauAttention(int channels, int hiddenDim, int attentionDim, bool gate = false, int? gateInputDim = null) : base(nameof(BahdanauAttention))
    {
        Channels = channels;
        featureProjection = nn.Linear(channels, attentionDim);
        hiddenProjection = nn.Linear(hiddenDim, attentionDim);
        score = nn.Linear(attentionDim, 1);
        this.gate = gate ? nn.Linear(gateInputDim ?? hiddenDim, channels) : null;
        RegisterComponents();
    }

    /// <summary>Number of channels of each pixel's feature vector (the encoder's output size).</summary>
    public int Channels { get; }

    /// <summary>How many times <see cref="ProjectFeatures"/> ran: a diagnostic that shows it runs once per decode.</summary>
    public int ProjectFeaturesCalls { get; private set; }

    /// <inheritdoc/>
    public bool Hard { get; set; }

    /// <summary>W_f f for every pixel, computed once per image and reused at every step.</summary>
    /// <param name="features">(batch, pixels, channels)</param>
    /// <returns>(batch, pixels, attentionDim)</returns>
    public Tensor ProjectFeatures(Tensor features)
    {
        ProjectFeaturesCalls++;
        return featureProjection.forward(features); // (batch, pixels, attentionDim)
    }

    /// <summary>One step of attention: where to look given the hidden state h (which also feeds the gate).</summary>
    /// <param name="features">(batch, pixels, channels) the encoder's output.</param>
    /// <param name="projectedFeatures">(batch, pixels, attentionDim) from <see cref="ProjectFeatures"/>.</param>
    /// <param name="hidden">(batch, hiddenDim) the decoder's hidden state before this step's word.</param>
    /// <param name="pixelMask">optional (batch, pixels) bool, true for real pixels.</param>
    /// <returns>the (gated) context (batch, channels) and the weights alpha (batch, pixels).</returns>
    public (Tensor Context, Tensor Weights) Attend(Tensor features, Tensor projectedFeatures, Tensor hidden, Tensor? pixelMask = null) =>
        Attend(features, projectedFeatures, hidden, hidden, pixelMask);

    /// <summary>The scores e_i = v^T tanh(W_f f_i + W_h q), before masking.</summary>
    /// <param name="projectedFeatures">(batch, pixels, attentionDim)</param>
    /// <param name="query">(batch, queryDim)</param>
    /// <returns>(batch, pixels)</returns>
    public Tensor Scores(Tensor projectedFeatures, Tensor query)
    {
        var projectedHidden = hiddenProjection.forward(query).unsqueeze(1); // (batch, 1, attentionDim)
        var energy = torch.tanh(projectedFeatures + projectedHidden); // (batch, pixels, attentionDim)
        return score.forward(energy).squeeze(2); // (batch, pixels)
    }

    /// <summary>One step of attention with a separate query (e.g. the hidden state and the previous word) and gate input (the hidden state).</summary>
    public (Tensor Context, Tensor Weights) Attend(Tensor features, Tensor projectedFeatures, Tensor query, Tensor gateInput, Tensor? pixelMask = null)
    {
        var (context, weights) = AttentionWeights.FromScores(Scores(projectedFeatures, query), features, pixelMask, Hard); // (batch, channels), (batch, pixels)
        if (gate is not null) context = torch.sigmoid(gate.forward(gateInput)) * context; // (batch, channels)
        return (context, weights);
    }
}
