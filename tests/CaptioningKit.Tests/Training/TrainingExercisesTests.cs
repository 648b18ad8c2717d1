using CaptioningKit.Evaluation;
using CaptioningKit.Training;
using CaptioningKit.Vocabulary;
using TorchSharp;
using Xunit;

namespace CaptioningKit.Tests.Training;

public class TrainingExercisesTests
{
    [Fact]
    public void Perplexity_of_069_is_about_2()
    {
        Assert.True(TrainingExercises.PerplexityOf069(2.0).Correct);
        Assert.True(TrainingExercises.PerplexityOf069(Perplexity.FromMeanCrossEntropy(0.69)).Correct);
        Assert.False(TrainingExercises.PerplexityOf069(0.69).Correct);
        Assert.Contains("base", TrainingExercises.PerplexityOf069(Math.Pow(10, 0.69)).Message);
        Assert.False(TrainingExercises.PerplexityOf069(3).Correct);
        Assert.Contains("Not answered", TrainingExercises.PerplexityOf069(null).Message);
        Assert.Contains("Not answered", TrainingExercises.PerplexityOf069(0).Message);
    }

    [Fact]
    public void Masked_loss_ignores_only_the_pads()
    {
        Assert.True(TrainingExercises.IgnoredPositions([4, 5]).Correct);
        Assert.True(TrainingExercises.IgnoredPositions([5, 4]).Correct);
        var withEnd = TrainingExercises.IgnoredPositions([3, 4, 5]);
        Assert.False(withEnd.Correct);
        Assert.Contains("<end>", withEnd.Message);
        Assert.False(TrainingExercises.IgnoredPositions([5, 6]).Correct);
        Assert.False(TrainingExercises.IgnoredPositions([4]).Correct);
        Assert.Contains("outside", TrainingExercises.IgnoredPositions([4, 9]).Message);
        Assert.Contains("Not answered", TrainingExercises.IgnoredPositions(null).Message);
        Assert.Contains("Not answered", TrainingExercises.IgnoredPositions([]).Message);
    }

    [Fact]
    public void The_answer_agrees_with_the_masked_cross_entropy()
    {
        using var scope = torch.NewDisposeScope();
        string[] words = ["<pad>", "<start>", "<end>", "<unk>", "a", "red", "circle"];
        var targets = torch.tensor(TrainingExercises.Targets.Select(w => (long)Array.IndexOf(words, w)).ToArray()).unsqueeze(0); // (1, 6)
        var logits = torch.randn(1, 6, words.Length);                                   // (1, 6, 7)
        var full = MaskedCrossEntropy.Sum(logits, targets, SpecialTokens.PadId).item<float>();
        var kept = MaskedCrossEntropy.Sum(logits.narrow(1, 0, 4), targets.narrow(1, 0, 4), SpecialTokens.PadId).item<float>();
        Assert.Equal(kept, full, 4); // positions 4 and 5 add nothing
    }

    [Fact]
    public void Steps_per_epoch_round_up()
    {
        Assert.True(TrainingExercises.StepsPerEpoch(63).Correct);
        Assert.Contains("last", TrainingExercises.StepsPerEpoch(62).Message);
        Assert.Contains("captions", TrainingExercises.StepsPerEpoch(313).Message);
        Assert.False(TrainingExercises.StepsPerEpoch(64).Correct);
        Assert.Contains("Not answered", TrainingExercises.StepsPerEpoch(null).Message);
    }
}
