using CaptioningKit.Evaluation;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace CaptioningKit.Tests.Evaluation;

[Collection(TorchRandomCollection.Name)]
public class MetricsTests
{
    [Fact]
    public void Edit_distance_and_its_normalised_variants()
    {
        Assert.Equal(3, EditDistance.Between("kitten", "sitting"));
        var summary = EditDistance.Summarise(["kitten", "abc", ""], ["sitting", "abc", "xy"]);
        Assert.Equal((3 + 0 + 2) / 3.0, summary.Mean, 12);
        Assert.Equal((3 / 7.0 + 0 + 2 / 2.0) / 3, summary.MeanNormalisedByTarget, 12);
        Assert.Equal((3 / 7.0 + 0 + 1.0) / 3, summary.MeanNormalisedByLonger, 12);
        Assert.Equal(5 / 12.0, summary.CharacterErrorRate, 12);
        Assert.Equal(1 / 3.0, summary.ExactMatch, 12);
        Assert.Equal(summary.Mean, EditDistance.Mean(["kitten", "abc", ""], ["sitting", "abc", "xy"]));
    }

    [Fact]
    public void Masked_cross_entropy_ignores_pad_targets()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(1);
        var logits = torch.randn(2, 3, 5); // (batch, steps, vocab)
        var targets = torch.tensor(new long[] { 3, 4, 0, 2, 0, 0 }).view(2, 3);
        var loss = MaskedCrossEntropy.Mean(logits, targets, padId: 0).item<float>();
        var logProbs = logits.log_softmax(2);
        var expected = -(logProbs[0, 0, 3] + logProbs[0, 1, 4] + logProbs[1, 0, 2]).item<float>() / 3;
        Assert.Equal(expected, loss, 5);
        Assert.Equal(expected * 3, MaskedCrossEntropy.Sum(logits, targets, 0).item<float>(), 4);
        // Changing the logits at pad positions changes nothing.
        logits[1, 2] = torch.full(5, 100f);
        Assert.Equal(expected, MaskedCrossEntropy.Mean(logits, targets, 0).item<float>(), 5);
    }

    [Fact]
    public void Perplexity_of_a_model_that_knows_nothing_is_the_vocabulary_size()
    {
        using var scope = torch.NewDisposeScope();
        var logits = torch.zeros(2, 4, 7);
        var targets = torch.tensor(new long[] { 1, 2, 3, 0, 4, 5, 0, 0 }).view(2, 4);
        var meanCrossEntropy = MaskedCrossEntropy.Mean(logits, targets, 0).item<float>();
        Assert.Equal(7.0, Perplexity.FromMeanCrossEntropy(meanCrossEntropy), 4);
        Assert.Equal(Math.E, Perplexity.FromTotal(5.0, 5), 12);
    }

    [Fact]
    public void Token_accuracy_ignores_pad()
    {
        using var scope = torch.NewDisposeScope();
        var targets = torch.tensor(new long[] { 5, 6, 2, 0, 7, 2, 0, 0 }).view(2, 4);
        var predicted = torch.tensor(new long[] { 5, 9, 2, 0, 7, 3, 0, 0 }).view(2, 4);
        var counts = TokenAccuracy.Count(predicted, targets, 0);
        Assert.Equal(new TokenCounts(3, 5), counts);
        Assert.Equal(0.6, counts.Accuracy, 12);
        Assert.Equal(new TokenCounts(6, 10), counts + counts);
        var logits = torch.nn.functional.one_hot(predicted, 10).to_type(ScalarType.Float32); // (2, 4, 10)
        Assert.Equal(counts, TokenAccuracy.CountFromLogits(logits, targets, 0));
    }
}
