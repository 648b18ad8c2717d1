using CaptioningKit.Decoder;
using TorchSharp;
using static TorchSharp.torch;

namespace CaptioningKit.Tests.Decoder;

/// <summary>Small sizes so the model tests run in milliseconds.</summary>
static class TinyModels
{
    public const int Vocab = 10, Channels = 8, Pixels = 6;

    public static DecoderOptions Options(RecurrentCellKind cell = RecurrentCellKind.Lstm, double dropout = 0.0, bool gate = true) =>
        new(Vocab, Channels, EmbeddingDim: 12, HiddenDim: 16, AttentionDim: 10, Dropout: dropout, Cell: cell, Gate: gate);

    public static CaptionDecoder Create(string kind, int seed = 1)
    {
        torch.manual_seed(seed);
        return kind switch
        {
            "lstm" => new AttentionDecoder(Options(RecurrentCellKind.Lstm)),
            "gru" => new AttentionDecoder(Options(RecurrentCellKind.Gru)),
            "baseline" => new ShowAndTellDecoder(Options()),
            _ => throw new ArgumentException(kind),
        };
    }

    public static Tensor Features(long batch, int seed = 7)
    {
        var generator = new Generator((ulong)seed);
        return torch.randn([batch, Pixels, Channels], generator: generator); // (batch, pixels, channels)
    }

    /// <summary>Same shape and exactly the same values.</summary>
    public static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    public static long LiveTensors => DisposeScopeManager.Statistics.TensorStatistics.ThreadTotalLiveCount;
}
