using CaptioningKit.Evaluation;
using CaptioningKit.Inference;
using Xunit;

namespace CaptioningKit.Tests.Inference;

public class InferenceExercisesTests
{
    [Fact]
    public void Brevity_penalty_of_4_against_6()
    {
        Assert.True(InferenceExercises.BrevityPenalty(0.6065).Correct);
        Assert.True(InferenceExercises.BrevityPenalty(Math.Exp(-0.5)).Correct);
        Assert.Contains("swaps", InferenceExercises.BrevityPenalty(Math.Exp(1 - 4.0 / 6)).Message);
        Assert.False(InferenceExercises.BrevityPenalty(1).Correct);
        Assert.False(InferenceExercises.BrevityPenalty(0.667).Correct);
        Assert.False(InferenceExercises.BrevityPenalty(0.5).Correct);
        Assert.Contains("Not answered", InferenceExercises.BrevityPenalty(null).Message);
    }

    [Fact]
    public void The_brevity_answer_agrees_with_BleuStatistics()
    {
        var stats = CorpusBleu.Statistics([[["a", "b", "c", "d", "e", "f"]]], [["a", "b", "c", "d"]]);
        Assert.True(InferenceExercises.BrevityPenalty(stats.BrevityPenalty).Correct);
    }

    [Fact]
    public void Clipped_unigram_precision_is_a_quarter()
    {
        Assert.True(InferenceExercises.ClippedUnigramPrecision(0.25).Correct);
        Assert.Contains("without clipping", InferenceExercises.ClippedUnigramPrecision(1).Message);
        Assert.False(InferenceExercises.ClippedUnigramPrecision(0.5).Correct);
        Assert.False(InferenceExercises.ClippedUnigramPrecision(0).Correct);
        Assert.Contains("Not answered", InferenceExercises.ClippedUnigramPrecision(null).Message);
        var (matches, total) = NGrams.ClippedMatches([["the", "cat"]], ["the", "the", "the", "the"], 1);
        Assert.True(InferenceExercises.ClippedUnigramPrecision((double)matches / total).Correct);
    }
}
