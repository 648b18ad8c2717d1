namespace CaptioningKit.Decoder;

/// <summary>Which recurrent cell a decoder uses.</summary>
public enum RecurrentCellKind
{
    /// <summary>Long short-term memory: a hidden state h and a memory cell c, with input, forget and output gates.</summary>
    Lstm,

    /// <summary>Gated recurrent unit: only a hidden state, with update and reset gates; fewer parameters than an LSTM.</summary>
    Gru,
}
