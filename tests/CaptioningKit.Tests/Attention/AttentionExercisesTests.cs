using CaptioningKit.Attention;
using Xunit;

namespace CaptioningKit.Tests.Attention;

public class AttentionExercisesTests
{
    [Fact]
    public void Softmax_accepts_the_softmax_within_a_thousandth()
    {
        var right = AttentionExercises.Softmax([0.659, 0.2424, 0.0986]);
        Assert.True(right.Correct, right.ToString());
    }

    [Theory]
    [InlineData(new[] { 0.5, 0.3, 0.2 }, "not the softmax")]
    [InlineData(new[] { 2.0 / 3.1, 1.0 / 3.1, 0.1 / 3.1 }, "divides the scores")]
    [InlineData(new[] { 7.389, 2.718, 1.105 }, "sums to")]
    [InlineData(new[] { 0.7, 0.3 }, "2 numbers")]
    public void Softmax_rejects_wrong_answers_with_a_hint(double[] answer, string expected)
    {
        var wrong = AttentionExercises.Softmax(answer);
        Assert.False(wrong.Correct);
        Assert.Contains(expected, wrong.Message);
        Assert.False(string.IsNullOrWhiteSpace(wrong.Hint));
    }

    [Fact]
    public void Softmax_without_an_answer_is_not_answered()
    {
        Assert.Contains("Not answered", AttentionExercises.Softmax(null).Message);
        Assert.Contains("Not answered", AttentionExercises.Softmax([]).Message);
        Assert.False(AttentionExercises.Softmax(null).Correct);
    }

    [Fact]
    public void Context_shape_is_batch_by_channels()
    {
        Assert.True(AttentionExercises.ContextShape([4, 512]).Correct);
        var weights = AttentionExercises.ContextShape([4, 196]);
        Assert.False(weights.Correct);
        Assert.Contains("weights", weights.Message);
        Assert.False(AttentionExercises.ContextShape([4, 196, 512]).Correct);
        Assert.False(AttentionExercises.ContextShape([512, 4]).Correct);
        Assert.Contains("Not answered", AttentionExercises.ContextShape(null).Message);
        Assert.Contains("Not answered", AttentionExercises.ContextShape([]).Message);
    }

    [Fact]
    public void Projection_cost_is_pixels_times_channels_times_attention_size()
    {
        Assert.True(AttentionExercises.ProjectionMultiplyAdds(196L * 512 * 256).Correct);
        Assert.True(AttentionExercises.ProjectionMultiplyAdds(196L * 512 * 256 + 196 * 256).Correct); // bias adds counted
        var onePixel = AttentionExercises.ProjectionMultiplyAdds(512L * 256);
        Assert.False(onePixel.Correct);
        Assert.Contains("ONE pixel", onePixel.Message);
        Assert.False(AttentionExercises.ProjectionMultiplyAdds(12345).Correct);
        Assert.Contains("Not answered", AttentionExercises.ProjectionMultiplyAdds(null).Message);
        Assert.Contains("Not answered", AttentionExercises.ProjectionMultiplyAdds(0).Message);
    }
}
