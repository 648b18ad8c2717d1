using CaptioningKit.Attention;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CaptioningKit.Decoder;

/// <summary>
/// The Show, Attend and Tell decoder, with an LSTM or a GRU cell (<see cref="DecoderOptions.Cell"/>). Per step:
/// <code>
/// z_t, alpha_t = attention(features, h_{t-1})          // where to look
/// h_t (, c_t)  = cell([embed(y_{t-1}); z_t], h_{t-1})  // read the previous word and what was seen
/// logits_t     = W_o dropout(h_t)                      // score every word of the vocabulary
/// </code>
/// The initial state comes from the mean feature: h_0 = init_h(mean_i f_i), c_0 = init_c(mean_i f_i).
/// </summary>
public sealed class AttentionDecoder : CaptionDecoder
{
    readonly Embedding embedding;
    readonly BahdanauAttention attention;
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
        attention = new BahdanauAttention(options.FeatureChannels, options.HiddenDim, options.AttentionDim, options.Gate);
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
    public BahdanauAttention Attention => attention;

    public override EncodedImages Encode(Tensor features, Tensor? pixelMask = null) =>
        new(features, attention.ProjectFeatures(features), pixelMask); // projected: (batch, pixels, attentionDim)

    public override RecurrentState InitialState(EncodedImages images)
    {
        var mean = MeanFeature(images.Features, images.PixelMask); // (batch, channels)
        var hidden = initH.forward(mean); // (batch, hiddenDim)
        var cell = initC?.forward(mean); // (batch, hiddenDim)
        return new RecurrentState(hidden, cell);
    }

    public override DecoderStep Step(Tensor previousTokens, EncodedImages images, RecurrentState state)
    {
        var embedded = embedding.forward(previousTokens); // (batch, embeddingDim)
        var (context, weights) = attention.Attend(images.Features, images.Projected, state.Hidden, images.PixelMask); // (batch, channels), (batch, pixels)
        var input = torch.cat([embedded, context], 1); // (batch, embeddingDim + channels)
        RecurrentState next;
        if (lstm is not null)
        {
            var (h, c) = lstm.forward(input, (state.Hidden, state.Cell!)); // (batch, hiddenDim) each
            next = new RecurrentState(h, c);
        }
        else
        {
            next = new RecurrentState(gru!.forward(input, state.Hidden), null); // (batch, hiddenDim)
        }
        var logits = output.forward(dropout.forward(next.Hidden)); // (batch, vocab)
        return new DecoderStep(logits, weights, next);
    }

    public override Tensor AttentionPenalty(Tensor weights, Tensor? stepMask = null) =>
        DoublyStochasticRegularization.Penalty(weights, Options.DoublyStochasticWeight, stepMask);
}
