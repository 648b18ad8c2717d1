using CaptioningKit.Attention;
using CaptioningKit.Vocabulary;

namespace CaptioningKit.Decoder;

/// <summary>The sizes and switches of a caption decoder (stored in checkpoints as its configuration).</summary>
/// <param name="VocabSize">Number of words the decoder can output.</param>
/// <param name="FeatureChannels">Channels of each encoder pixel (the encoder's output size, e.g. 512 or 2048).</param>
/// <param name="EmbeddingDim">Size of a word embedding.</param>
/// <param name="HiddenDim">Size of the recurrent cell's hidden state.</param>
/// <param name="AttentionDim">Size of the space where features and hidden state are compared (attention decoders).</param>
/// <param name="Dropout">Dropout probability before the output layer (active only in training mode).</param>
/// <param name="Cell">LSTM or GRU.</param>
/// <param name="Gate">Scale the context by sigmoid(f_beta(h)), as in Show, Attend and Tell.</param>
/// <param name="DoublyStochasticWeight">lambda of the doubly stochastic attention penalty (0 turns it off).</param>
/// <param name="Attention">the attention score: additive (Bahdanau, the default) or scaled dot product.</param>
/// <param name="AttendWithWord">the attention query is the hidden state AND the previous word's embedding, [h_{t-1}; E y_{t-1}],
/// instead of h_{t-1} alone: the word just written ("red") tells attention which object the next word ("circle") names.
/// Off in checkpoints written before the option existed.</param>
public sealed record DecoderOptions(
    int VocabSize,
    int FeatureChannels,
    int EmbeddingDim = 256,
    int HiddenDim = 512,
    int AttentionDim = 256,
    double Dropout = 0.5,
    RecurrentCellKind Cell = RecurrentCellKind.Lstm,
    bool Gate = true,
    double DoublyStochasticWeight = 1.0,
    AttentionKind Attention = AttentionKind.Additive,
    bool AttendWithWord = false)
{
    /// <summary>The special token ids; not part of the record's positional parameters so the defaults stay short.</summary>
    public SpecialTokens Tokens { get; init; } = SpecialTokens.Default;
}

/// <summary>Which recurrent cell a decoder uses.</summary>
public enum RecurrentCellKind
{
    /// <summary>Long short-term memory: a hidden state h and a memory cell c, with input, forget and output gates.</summary>
    Lstm,

    /// <summary>Gated recurrent unit: only a hidden state, with update and reset gates; fewer parameters than an LSTM.</summary>
    Gru,
}
