using static TorchSharp.torch;

namespace CaptioningKit.Teaching;

/// <summary>
/// What exercise 06.3 hands the learner's LSTM step: one step's input and state, and the weights of an
/// <c>nn.LSTMCell</c> laid out as PyTorch does (the four gates stacked in the order i, f, g, o).
/// </summary>
/// <param name="Input">x: (batch, inputSize), the step's input ([embedded word; context] in the decoder).</param>
/// <param name="Hidden">h: (batch, hiddenSize), the previous hidden state.</param>
/// <param name="Cell">c: (batch, hiddenSize), the previous cell (memory).</param>
/// <param name="WeightIh">W_ih: (4 · hiddenSize, inputSize).</param>
/// <param name="WeightHh">W_hh: (4 · hiddenSize, hiddenSize).</param>
/// <param name="BiasIh">b_ih: (4 · hiddenSize).</param>
/// <param name="BiasHh">b_hh: (4 · hiddenSize).</param>
public sealed record LstmStepInputs(Tensor Input, Tensor Hidden, Tensor Cell, Tensor WeightIh, Tensor WeightHh, Tensor BiasIh, Tensor BiasHh);
