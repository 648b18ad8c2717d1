using CaptioningKit.Decoder;
using CaptioningKit.Encoder;
using TorchSharp;
using Xunit;

namespace CaptioningKit.Tests.Encoder;

[Collection(TorchRandomCollection.Name)]
public sealed class LineCnnEncoderTests : IDisposable
{
    readonly string directory = Path.Combine(Path.GetTempPath(), "ck-line-cnn-tests-" + Guid.NewGuid().ToString("N"));

    public LineCnnEncoderTests() => Directory.CreateDirectory(directory);

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void Line_cnn_keeps_the_width_and_collapses_the_height()
    {
        using var scope = torch.NewDisposeScope();
        using var encoder = new LineCnnEncoder(new GridSize(1, 32), [8, 16, 16, 32], torch.CPU);
        Assert.Equal([2L, 32, 2, 32], encoder.FeatureMaps(torch.rand(2, 3, 32, 128)).shape); // 32x128: H halved 4 times, W twice
        Assert.Equal([2L, 32, 32], encoder.call(torch.rand(2, 3, 32, 128)).shape);          // (batch, 32 columns, 32 channels)
        Assert.Equal([2L, 32, 32], encoder.call(torch.rand(2, 3, 64, 256)).shape);          // a bigger scan: 4 rows x 64 columns, max-pooled to 32
        Assert.Equal(32, encoder.Channels);
        Assert.Equal(5, encoder.Blocks.Count);                                               // 4 conv blocks and the row LSTM
    }

    [Fact]
    public void Line_cnn_reads_only_the_grey_channel()
    {
        using var scope = torch.NewDisposeScope();
        using var encoder = new LineCnnEncoder(new GridSize(1, 8), [4, 8], torch.CPU);
        encoder.eval();
        using var noGrad = torch.no_grad();
        var image = torch.rand(1, 3, 32, 64);
        var changed = image.clone();
        changed[.., 1..] = torch.rand(1, 2, 32, 64); // other values in the green and blue planes
        Assert.True(encoder.call(image).allclose(encoder.call(changed)));
    }

    [Fact]
    public void Line_cnn_columns_each_see_the_whole_line()
    {
        // The row LSTM runs both ways: ink at the far left changes the last column's vector too.
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(3);
        using var encoder = new LineCnnEncoder(new GridSize(1, 16), [4, 8], torch.CPU);
        encoder.eval();
        using var noGrad = torch.no_grad();
        var blank = torch.zeros(1, 3, 16, 64);
        var inked = blank.clone();
        inked[.., .., 4..12, 0..4] = 1;
        var a = encoder.call(blank);   // (1, 16, 8)
        var b = encoder.call(inked);   // (1, 16, 8)
        Assert.False(a[0, 15].allclose(b[0, 15]));
    }

    [Fact]
    public void Widths_must_end_even_and_not_be_empty()
    {
        Assert.Throws<ArgumentException>(() => new LineCnnEncoder(null, [], torch.CPU));
        Assert.Contains("even", Assert.Throws<ArgumentException>(() => new LineCnnEncoder(null, [4, 7], torch.CPU)).Message);
    }

    [Fact]
    public void The_factory_makes_it_by_name_and_it_trains_from_scratch()
    {
        using var encoder = EncoderFactory.Create("line-cnn", torch.CPU, new GridSize(1, 8), [4, 8]);
        Assert.IsType<LineCnnEncoder>(encoder);
        Assert.Equal(8, encoder.Channels);
        Assert.True(EncoderFactory.IsTrainedFromScratch("line-cnn"));
        Assert.True(EncoderFactory.IsTrainedFromScratch("small-cnn"));
        Assert.False(EncoderFactory.IsTrainedFromScratch("resnet18-imagenet"));
        Assert.Contains("line-cnn", EncoderFactory.Names);
    }

    [Fact]
    public void A_formulas_captioner_round_trips_through_a_checkpoint_with_its_encoder_name()
    {
        var config = CaptionerConfig.ForFormulas(24) with { EncoderWidths = [4, 8, 8, 16], Decoder = CaptionerConfig.ForFormulas(24).Decoder with { FeatureChannels = 18, HiddenDim = 16, AttentionDim = 8 } };
        var path = Path.Combine(directory, "formulas.safetensors");
        var vocab = CaptioningKit.Vocabulary.VocabularyBuilder.Build(["C6H12O6", "C8H9BrN2O", "C13H20OS", "CH4ClFP"], CaptioningKit.Vocabulary.VocabularyOptions.Characters()).Vocab;
        config = config with { Decoder = config.Decoder with { VocabSize = vocab.Size } };
        torch.manual_seed(1);
        using var model = new Captioner(config, torch.CPU);
        Assert.IsType<LineCnnEncoder>(model.Encoder);
        model.eval();
        CaptioningKit.Training.TrainingCheckpoint.Save(path, model, null, vocab, 1, 1, 42, new CaptioningKit.Training.TrainingHistory());
        var (loaded, _, _) = Captioner.Load(path, torch.CPU);
        loaded.eval();
        Assert.Equal("line-cnn", loaded.Config.Encoder);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var image = torch.rand(1, 3, 32, 128);
        Assert.True(model.Features(image).allclose(loaded.Features(image)));
        Assert.Equal(1.0, loaded.Config.CtcWeight); // the formulas default trains with the CTC head; it is saved and read back by name
        Assert.True(model.ColumnLogProbabilities(model.Features(image)).allclose(loaded.ColumnLogProbabilities(loaded.Features(image))));
    }
}
