using static TorchSharp.torch;

namespace CaptioningKit.Decoder;

/// <summary>
/// The recurrent cell's state between two steps: the hidden state h (batch, hiddenDim) and, for an LSTM, the memory
/// cell c (batch, hiddenDim); a GRU has no c. It is the only thing that changes from step to step.
/// </summary>
public sealed record RecurrentState(Tensor Hidden, Tensor? Cell) : IDisposable
{
    /// <summary>Rows picked by <paramref name="rows"/> (1-D int64): how beam search follows the surviving beams.</summary>
    public RecurrentState Select(Tensor rows) => new(
        Hidden.index_select(0, rows), // (rows, hiddenDim)
        Cell?.index_select(0, rows)); // (rows, hiddenDim)

    /// <summary>The state's tensors (h, and c for an LSTM), e.g. to attach them to the dispose scope of the step that replaces them.</summary>
    public IEnumerable<Tensor> Tensors => Cell is null ? [Hidden] : [Hidden, Cell];

    /// <summary>Moves the state's tensors out of the current dispose scope (keeps them alive for the next step).</summary>
    public RecurrentState MoveToOuterDisposeScope()
    {
        Hidden.MoveToOuterDisposeScope();
        Cell?.MoveToOuterDisposeScope();
        return this;
    }

    public void Dispose()
    {
        Hidden.Dispose();
        Cell?.Dispose();
    }
}
