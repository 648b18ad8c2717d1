using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CaptioningKit.Attention;

/// <summary>
/// Scaled dot-product attention (Luong et al. 2015; the Transformer's score): each pixel's features become a key
/// <c>k_i = W_k f_i</c>, the decoder's query becomes <c>q = W_q h</c>, both of size d = attentionDim, and the score is
/// <code>e_i = k_i . q / sqrt(d)</code>
/// then, as in <see cref="BahdanauAttention"/>, <c>alpha = softmax(e)</c> and <c>z = sum_i alpha_i f_i</c>.
/// Cheaper than the additive score (no tanh layer over every pixel); dividing by sqrt(d) keeps the scores' spread
/// independent of d, so the softmax does not saturate as d grows.
/// </summary>
public sealed class DotProductAttention : nn.Module, IImageAttention
{
    readonly Linear featureProjection; // W_k: channels -> attentionDim
    readonly Linear hiddenProjection;  // W_q: queryDim -> attentionDim
    readonly Linear? gate;             // f_beta: gateInputDim -> channels
    readonly double scale;

    public DotProductAttention(int channels, int queryDim, int attentionDim, bool gate = false, int? gateInputDim = null) : base(nameof(DotProductAttention))
    {
        Channels = channels;
        featureProjection = nn.Linear(channels, attentionDim);
        hiddenProjection = nn.Linear(queryDim, attentionDim);
        this.gate = gate ? nn.Linear(gateInputDim ?? queryDim, channels) : null;
        scale = 1.0 / Math.Sqrt(attentionDim);
        RegisterComponents();
    }

    public int Channels { get; }
    public int ProjectFeaturesCalls { get; private set; }
    public bool Hard { get; set; }

    /// <summary>The keys W_k f for every pixel, once per image.</summary>
    /// <param name="features">(batch, pixels, channels)</param>
    /// <returns>(batch, pixels, attentionDim)</returns>
    public Tensor ProjectFeatures(Tensor features)
    {
        ProjectFeaturesCalls++;
        return featureProjection.forward(features); // (batch, pixels, attentionDim)
    }

    /// <summary>The scores e_i = k_i . W_q q / sqrt(d), before masking.</summary>
    /// <param name="projectedFeatures">(batch, pixels, attentionDim)</param>
    /// <param name="query">(batch, queryDim)</param>
    /// <returns>(batch, pixels)</returns>
    public Tensor Scores(Tensor projectedFeatures, Tensor query)
    {
        var q = hiddenProjection.forward(query).unsqueeze(2); // (batch, attentionDim, 1)
        return torch.bmm(projectedFeatures, q).squeeze(2) * scale; // (batch, pixels, 1) -> (batch, pixels)
    }

    public (Tensor Context, Tensor Weights) Attend(Tensor features, Tensor projectedFeatures, Tensor query, Tensor gateInput, Tensor? pixelMask = null)
    {
        var (context, weights) = AttentionWeights.FromScores(Scores(projectedFeatures, query), features, pixelMask, Hard); // (batch, channels), (batch, pixels)
        if (gate is not null) context = torch.sigmoid(gate.forward(gateInput)) * context; // (batch, channels)
        return (context, weights);
    }
}
