using CaptioningKit.Data;
using CaptioningKit.Evaluation;
using CaptioningKit.Model;
using CaptioningKit.Training;
using CaptioningKit.Vocabulary;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace CaptioningKit.Tests.Evaluation;

[Collection(TorchRandomCollection.Name)]
public sealed class CtcLossTests
{
    static readonly SpecialTokens Tokens = SpecialTokens.Default;

    [Fact]
    public void A_caption_needs_a_column_per_character_and_one_between_equal_neighbours()
    {
        Assert.Equal(0, CtcLoss.ColumnsNeeded([]));
        Assert.Equal(3, CtcLoss.ColumnsNeeded([5, 6, 7]));   // "C1H"
        Assert.Equal(4, CtcLoss.ColumnsNeeded([5, 6, 6]));   // "C11": C, 1, blank, 1
        Assert.Equal(7, CtcLoss.ColumnsNeeded([6, 6, 6, 6])); // "1111": 1, blank, 1, blank, 1, blank, 1
    }

    [Fact]
    public void The_loss_is_minus_the_log_of_every_reading_that_collapses_to_the_caption_per_character()
    {
        // Two columns, vocabulary of 5 (<pad>=0 is the blank), caption "c" = id 4 between <start> and <end>.
        // Readings that collapse to "c": (c, c), (c, blank), (blank, c).
        var p = new double[,] { { 0.5, 0.0, 0.0, 0.1, 0.4 }, { 0.3, 0.0, 0.0, 0.2, 0.5 } }; // p[column, token]
        using var scope = NewDisposeScope();
        var probs = tensor(new[] { 0.5f, 1e-12f, 1e-12f, 0.1f, 0.4f, 0.3f, 1e-12f, 1e-12f, 0.2f, 0.5f }).reshape(2, 1, 5); // (columns, batch, vocab)
        var captions = tensor(new long[] { Tokens.Start, 4, Tokens.End, Tokens.Pad }).reshape(1, 4);                          // (batch, length)
        var loss = CtcLoss.Mean(probs.log(), captions, Tokens).item<float>();
        var expected = -Math.Log(p[0, 4] * p[1, 4] + p[0, 4] * p[1, 0] + p[0, 0] * p[1, 4]); // divided by 1 character
        Assert.Equal(expected, loss, 4);

        // "cc" in two columns cannot be read (it needs a blank between): counted 0, never infinite.
        var twice = tensor(new long[] { Tokens.Start, 4, 4, Tokens.End }).reshape(1, 4);
        Assert.Equal(0f, CtcLoss.Mean(probs.log(), twice, Tokens).item<float>());
    }

    [Fact]
    public void The_loss_averages_per_character_losses_over_the_batch()
    {
        using var scope = NewDisposeScope();
        torch.manual_seed(3);
        var logProbs = randn(6, 2, 7).log_softmax(2); // (columns, batch, vocab)
        var a = tensor(new long[] { Tokens.Start, 4, 5, Tokens.End, Tokens.Pad }).reshape(1, 5);
        var b = tensor(new long[] { Tokens.Start, 6, 4, 6, Tokens.End }).reshape(1, 5);
        var lossA = CtcLoss.Mean(logProbs.narrow(1, 0, 1), a, Tokens).item<float>() * 2; // per character → total
        var lossB = CtcLoss.Mean(logProbs.narrow(1, 1, 1), b, Tokens).item<float>() * 3;
        var both = CtcLoss.Mean(logProbs, cat([a, b], 0), Tokens).item<float>();
        Assert.Equal((lossA / 2 + lossB / 3) / 2, both, 4);
    }

    static CaptionerConfig TinyFormulas(int vocabSize, int columns) => CaptionerConfig.ForFormulas(vocabSize) with
    {
        EncoderWidths = [4, 8, 8, 16], GridColumns = columns,
        Decoder = CaptionerConfig.ForFormulas(vocabSize).Decoder with { FeatureChannels = 18, HiddenDim = 16, AttentionDim = 8 },
    };

    [Fact]
    public void The_ctc_head_reads_every_column_and_is_only_there_when_the_loss_is_on()
    {
        using var scope = NewDisposeScope();
        using var model = new Captioner(TinyFormulas(24, 32), CPU);
        Assert.Contains("ctcHead.weight", model.state_dict().Keys);
        var features = model.Features(rand(2, 3, 32, 128));                                  // (2, 32, 18)
        var logProbs = model.ColumnLogProbabilities(features);
        Assert.Equal([32L, 2, 24], logProbs.shape);                                          // (columns, batch, vocab)
        Assert.True(logProbs.exp().sum(2).allclose(ones(32, 2), 1e-4, 1e-4));                // a distribution in every column

        using var without = new Captioner(TinyFormulas(24, 32) with { CtcWeight = 0 }, CPU);
        Assert.DoesNotContain(without.state_dict().Keys, k => k.StartsWith("ctcHead"));
        Assert.Throws<InvalidOperationException>(() => without.ColumnLogProbabilities(features));
        var twoRows = Assert.Throws<ArgumentException>(() => new Captioner(CaptionerConfig.ForShapes(24) with { CtcWeight = 1 }, CPU));
        Assert.Contains("one-row grid", twoRows.Message);
    }

    [Fact]
    public void Training_refuses_a_caption_longer_than_the_columns_can_read_before_the_first_step()
    {
        var dir = Directory.CreateTempSubdirectory("ck-ctc-").FullName;
        try
        {
            var items = new List<CaptionedImage>
            {
                new("a", Path.Combine(dir, "a.png"), ["C2H4"], Split.Train),
                new("b", Path.Combine(dir, "b.png"), ["C111H4"], Split.Train), // C, 1, -, 1, -, 1, H, 4: 8 columns
                new("c", Path.Combine(dir, "c.png"), ["CH4"], Split.Val),
            };
            var vocab = VocabularyBuilder.Build(items.SelectMany(i => i.Captions), VocabularyOptions.Characters()).Vocab;
            using var model = new Captioner(TinyFormulas(vocab.Size, 6), CPU);
            var trainer = new Trainer(model, vocab, new TrainingOptions { Epochs = 1, BatchSize = 2 }, CPU);
            var e = Assert.Throws<ArgumentException>(() => trainer.Fit(items.Where(i => i.Split == Split.Train).ToList(), items.Where(i => i.Split == Split.Val).ToList()));
            Assert.Contains("Image b", e.Message);
            Assert.Contains("needs 8 encoder columns", e.Message);
            Assert.Contains("has 6", e.Message);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
