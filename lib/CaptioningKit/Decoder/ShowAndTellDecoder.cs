using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CaptioningKit.Decoder;

/// <summary>
/// The no-attention baseline (Show and Tell; the PyTorch tutorials' and "Mastering PyTorch" ch. 2 decoder): the
/// features are mean-pooled, projected to the embedding size and fed to the LSTM as its very first input, before
/// &lt;start&gt;; after that the LSTM sees only words. It has the same surface as <see cref="AttentionDecoder"/>, so
/// both can be trained and decoded by the same code. Its "attention weights" are the uniform weights that mean pooling
/// amounts to (1/pixels on every real pixel): it looks everywhere equally, all the time.
/// </summary>
public sealed class ShowAndTellDecoder : CaptionDecoder
{
    readonly Linear imageProjection;
    readonly Embedding embedding;
    readonly LSTMCell lstm;
    readonly Dropout dropout;
    readonly Linear output;

    /// <summary>Uses VocabSize, FeatureChannels, EmbeddingDim, HiddenDim, Dropout and Tokens of <paramref name="options"/>.</summary>
    public ShowAndTellDecoder(DecoderOptions options, Device? device = null)
        : base(nameof(ShowAndTellDecoder), options.Tokens, options.VocabSize)
    {
        Options = options;
        imageProjection = nn.Linear(options.FeatureChannels, options.EmbeddingDim);
        embedding = nn.Embedding(options.VocabSize, options.EmbeddingDim);
        lstm = nn.LSTMCell(options.EmbeddingDim, options.HiddenDim);
        dropout = nn.Dropout(options.Dropout);
        output = nn.Linear(options.HiddenDim, options.VocabSize);
        RegisterComponents();
        if (device is not null) this.to(device);
    }

    public DecoderOptions Options { get; }

    public override EncodedImages Encode(Tensor features, Tensor? pixelMask = null)
    {
        var mean = MeanFeature(features, pixelMask); // (batch, channels)
        return new EncodedImages(features, imageProjection.forward(mean), pixelMask); // projected: (batch, embeddingDim)
    }

    public override RecurrentState InitialState(EncodedImages images)
    {
        var zeros = torch.zeros([images.Batch, Options.HiddenDim], dtype: images.Projected.dtype, device: images.Projected.device); // (batch, hiddenDim)
        var (h, c) = lstm.forward(images.Projected, (zeros, zeros)); // the image is the LSTM's first input: (batch, hiddenDim) each
        return new RecurrentState(h, c);
    }

    public override (Tensor Weights, RecurrentState State) Advance(Tensor previousTokens, EncodedImages images, RecurrentState state)
    {
        var embedded = embedding.forward(previousTokens); // (batch, embeddingDim)
        var (h, c) = lstm.forward(embedded, (state.Hidden, state.Cell!)); // (batch, hiddenDim) each
        return (UniformWeights(images), new RecurrentState(h, c)); // (batch, pixels)
    }

    public override Tensor WordScores(Tensor hidden) => output.forward(dropout.forward(hidden)); // (..., vocab)

    /// <summary>No attention, so no penalty: a zero scalar.</summary>
    public override Tensor AttentionPenalty(Tensor weights, Tensor? stepMask = null) =>
        torch.zeros([], dtype: weights.dtype, device: weights.device); // scalar

    static Tensor UniformWeights(EncodedImages images)
    {
        if (images.PixelMask is null)
            return torch.full([images.Batch, images.Pixels], 1.0 / images.Pixels, dtype: images.Features.dtype, device: images.Features.device); // (batch, pixels)
        var mask = images.PixelMask.to_type(images.Features.dtype); // (batch, pixels)
        return mask / mask.sum(1, keepdim: true).clamp_min(1); // (batch, pixels)
    }
}
