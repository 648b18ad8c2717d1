using CaptioningKit.Decoder;
using TorchSharp;
using Xunit;

namespace CaptioningKit.Tests.Decoder;

public class DecoderExercisesTests
{
    [Fact]
    public void Logits_shape_is_batch_steps_vocab()
    {
        Assert.True(DecoderExercises.LogitsShape([4, 11, 5000]).Correct);
        var oneTooMany = DecoderExercises.LogitsShape([4, 12, 5000]);
        Assert.False(oneTooMany.Correct);
        Assert.Contains("one step too many", oneTooMany.Message);
        Assert.False(DecoderExercises.LogitsShape([4, 5000]).Correct);
        Assert.False(DecoderExercises.LogitsShape([11, 4, 5000]).Correct);
        Assert.Contains("Not answered", DecoderExercises.LogitsShape(null).Message);
        Assert.Contains("Not answered", DecoderExercises.LogitsShape([]).Message);
    }

    [Fact]
    public void Lstm_cell_parameters_match_TorchSharp()
    {
        using var scope = torch.NewDisposeScope();
        using var lstm = torch.nn.LSTMCell(256 + 512, 512);
        var count = lstm.parameters().Sum(p => p.numel());
        Assert.True(DecoderExercises.LstmCellParameters(count).Correct);
        using var gru = torch.nn.GRUCell(256 + 512, 512);
        var gruWrong = DecoderExercises.LstmCellParameters(gru.parameters().Sum(p => p.numel()));
        Assert.False(gruWrong.Correct);
        Assert.Contains("GRU", gruWrong.Message);
        var oneBias = DecoderExercises.LstmCellParameters(4L * 512 * (768 + 512) + 4 * 512);
        Assert.False(oneBias.Correct);
        Assert.Contains("one bias", oneBias.Message);
        Assert.False(DecoderExercises.LstmCellParameters(1000).Correct);
        Assert.Contains("Not answered", DecoderExercises.LstmCellParameters(null).Message);
        Assert.Contains("Not answered", DecoderExercises.LstmCellParameters(0).Message);
    }
}
