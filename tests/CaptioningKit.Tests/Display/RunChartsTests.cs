using CaptioningKit.Data;
using CaptioningKit.Display;
using CaptioningKit.Inference;
using CaptioningKit.Tests.Training;
using CaptioningKit.Training;
using TorchSharp;
using Xunit;

namespace CaptioningKit.Tests.Display;

public class RunChartsTests
{
    [Fact]
    public void Learning_rates_follow_the_cosine_from_max_to_min()
    {
        var options = new TrainingOptions { Epochs = 5, LearningRate = 1e-2, MinLearningRate = 1e-3 };
        var rates = RunCharts.LearningRates(options);
        Assert.Equal(5, rates.Length);
        Assert.Equal(1e-2, rates[0], 12);
        Assert.Equal(1e-3, rates[^1], 12);
        Assert.Equal((1e-2 + 1e-3) / 2, rates[2], 12);
        Assert.All(rates.Zip(rates.Skip(1)), p => Assert.True(p.First > p.Second));
        Assert.Equal([3e-3], RunCharts.LearningRates(new TrainingOptions { Epochs = 1 }));
        Assert.Contains("\"type\":\"scatter\"", RunCharts.LearningRateSchedule(options).Fragment);
    }

    [Fact]
    public void The_Trainer_sets_Adams_learning_rate_to_the_cosine_schedule()
    {
        using var scope = torch.NewDisposeScope();
        var vocab = TinyShapes.Vocab();
        var config = TinyShapes.Config(vocab.Size);
        var options = new TrainingOptions { Epochs = 3, BatchSize = 24, Patience = 10, LearningRate = 3e-3, MinLearningRate = 2e-4 };
        torch.manual_seed(1);
        var history = new Trainer(new Captioner(config, torch.CPU), vocab, options, torch.CPU).Fit(TinyShapes.Split(Split.Train), TinyShapes.Split(Split.Val));
        // min + (max - min)(1 + cos(pi t)) / 2 at t = 0, 1/2, 1: written out, not recomputed by the kit's own code.
        double[] expected = [3e-3, 2e-4 + 0.5 * 2.8e-3, 2e-4];
        Assert.Equal(expected.Length, history.Epochs.Count);
        Assert.All(expected.Zip(history.Epochs), p => Assert.Equal(p.First, p.Second.LearningRate, 12));
    }

    static GeneratedCaption Caption(string words, int pixels) => new(
        new CaptionedImage("img", Path.Combine(TinyShapes.Folder, "images", Path.GetFileName(TinyShapes.Split(Split.Test)[0].ImagePath)), ["a red circle", "a circle"], Split.Test),
        words.Split(' '), words.Split(' ').Select(_ => Enumerable.Repeat(1f / pixels, pixels).ToArray()).ToArray(), -1.25);

    [Fact]
    public void Greedy_vs_beam_shows_both_captions_their_scores_and_a_reference()
    {
        var grid = RunCharts.GreedyVsBeam([Caption("a red circle", 64)], [Caption("a big red circle", 64)], 3);
        var text = grid.Images[0].Caption!;
        Assert.Contains("greedy: a red circle (log p -1.25)", text);
        Assert.Contains("beam 3: a big red circle", text);
        Assert.Contains("reference: a red circle", text);
        Assert.Throws<ArgumentException>(() => RunCharts.GreedyVsBeam([Caption("a", 64)], [], 3));
    }

    [Fact]
    public void Attention_strip_has_one_panel_per_word()
    {
        var strip = RunCharts.AttentionStrip(Caption("a red circle", 64), 8, 8);
        var html = strip.ToFragmentHtml();
        Assert.Contains("Where the model looked: &quot;a red circle&quot;", html);
        Assert.Equal(3, html.Split("\"type\":\"image\"").Length - 1);
    }
}
