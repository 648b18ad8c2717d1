using CaptioningKit.Attention;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CaptioningKit.Decoder;

/// <summary>
/// The Show, Attend and Tell decoder, with an LSTM or a GRU cell (<see cref="DecoderOptions.Cell"/>). Per step:
/// <code>
/// z_t, alpha_t = attention(features, h_{t-1})          // where to look (query [h_{t-1}; embed(y_{t-1})] with AttendWithWord)
/// h_t (, c_t)  = cell([embed(y_{t-1}); z_t], h_{t-1})  // read the previous word and what was seen
/// logits_t     = W_o dropout(h_t)                      // score every word of the vocabulary (WordScores)
/// </code>
/// The initial state comes from the mean feature: h_0 = init_h(mean_i f_i), c_0 = init_c(mean_i f_i).
/// </summary>
public sealed class AttentionDecoder : CaptionDecoder
{
    readonly Embedding embedding;
    readonly nn.Module attention; // an IImageAttention (additive or dot product, DecoderOptions.Attention)
    readonly Linear initH;
    readonly Linear? initC;
    readonly LSTMCell? lstm;
    readonly GRUCell? gru;
    readonly Dropout dropout;
    readonly Linear output;

    public AttentionDecoder(DecoderOptions options, Device? device = null)
        : base(nameof(AttentionDecoder), options.Tokens, options.VocabSize)
    {
        Options = options;
        embedding = nn.Embedding(options.VocabSize, options.EmbeddingDim);
        var queryDim = options.HiddenDim + (options.AttendWithWord ? options.EmbeddingDim : 0);
        attention = (nn.Module)AttentionWeights.Create(options.Attention, options.FeatureChannels, queryDim, options.AttentionDim, options.Gate, options.HiddenDim);
        initH = nn.Linear(options.FeatureChannels, options.HiddenDim);
        var cellInput = options.EmbeddingDim + options.FeatureChannels;
        if (options.Cell == RecurrentCellKind.Lstm)
        {
            initC = nn.Linear(options.FeatureChannels, options.HiddenDim);
            lstm = nn.LSTMCell(cellInput, options.HiddenDim);
        }
        else
        {
            gru = nn.GRUCell(cellInput, options.HiddenDim);
        }
        dropout = nn.Dropout(options.Dropout);
        output = nn.Linear(options.HiddenDim, options.VocabSize);
        RegisterComponents();
        if (device is not null) this.to(device);
    }

    public DecoderOptions Options { get; }

    /// <summary>The attention module (exposed for inspection, e.g. counting feature projections).</summary>
    public IImageAttention Attention => (IImageAttention)attention;

    /// <summary>Hard attention at decode time (the argmax cell instead of the weighted sum); an evaluation switch, not stored.</summary>
    public bool HardAttention
    {
        get => Attention.Hard;
        set => Attention.Hard = value;
    }

    public override EncodedImages Encode(Tensor features, Tensor? pixelMask = null) =>
        new(features, Attention.ProjectFeatures(features), pixelMask); // projected: (batch, pixels, attentionDim)

    public override RecurrentState InitialState(EncodedImages images)
    {
        var mean = MeanFeature(images.Features, images.PixelMask); // (batch, channels)
        var hidden = initH.forward(mean); // (batch, hiddenDim)
        var cell = initC?.forward(mean); // (batch, hiddenDim)
        return new RecurrentState(hidden, cell);
    }

    public override (Tensor Weights, RecurrentState State) Advance(Tensor previousTokens, EncodedImages images, RecurrentState state)
    {
        var embedded = embedding.forward(previousTokens); // (batch, embeddingDim)
        var query = Options.AttendWithWord ? torch.cat([state.Hidden, embedded], 1) : state.Hidden; // (batch, hiddenDim [+ embeddingDim])
        var (context, weights) = Attention.Attend(images.Features, images.Projected, query, state.Hidden, images.PixelMask); // (batch, channels), (batch, pixels)
        var input = torch.cat([embedded, context], 1); // (batch, embeddingDim + channels)
        if (lstm is not null)
        {
            var (h, c) = lstm.forward(input, (state.Hidden, state.Cell!)); // (batch, hiddenDim) each
            return (weights, new RecurrentState(h, c));
        }
        return (weights, new RecurrentState(gru!.forward(input, state.Hidden), null)); // (batch, hiddenDim)
    }

    public override Tensor WordScores(Tensor hidden) => output.forward(dropout.forward(hidden)); // (..., vocab)

    public override Tensor AttentionPenalty(Tensor weights, Tensor? stepMask = null) =>
        DoublyStochasticRegularization.Penalty(weights, Options.DoublyStochasticWeight, stepMask);
}
