using CaptioningKit.Attention;
using TorchSharp;
using Xunit;

namespace CaptioningKit.Tests.Attention;

[Collection(TorchRandomCollection.Name)]
public class BahdanauAttentionTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Shapes_follow_the_documented_layout(bool gate)
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(3);
        using var attention = new BahdanauAttention(channels: 8, hiddenDim: 5, attentionDim: 4, gate: gate);
        var features = torch.randn(3, 7, 8);
        var projected = attention.ProjectFeatures(features);
        var (context, weights) = attention.Attend(features, projected, torch.randn(3, 5));
        Assert.Equal([3L, 7, 4], projected.shape);
        Assert.Equal([3L, 8], context.shape);
        Assert.Equal([3L, 7], weights.shape);
    }

    [Fact]
    public void Weights_sum_to_one_over_real_pixels_and_are_exactly_zero_on_masked_ones()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(4);
        using var attention = new BahdanauAttention(channels: 6, hiddenDim: 5, attentionDim: 4);
        var features = torch.randn(2, 5, 6);
        var mask = torch.tensor(new[] { true, true, false, true, false, true, true, true, true, true }).view(2, 5);
        var (_, weights) = attention.Attend(features, attention.ProjectFeatures(features), torch.randn(2, 5), mask);
        var w = weights.data<float>().ToArray();
        Assert.Equal(0f, w[2]);
        Assert.Equal(0f, w[4]);
        Assert.Equal(1.0, w[0] + w[1] + w[3], 5);
        Assert.Equal(1.0, w.Skip(5).Sum(), 5);
        Assert.All(new[] { w[0], w[1], w[3] }, x => Assert.True(x > 0));
    }

    [Fact]
    public void Context_is_the_weighted_mean_of_the_pixels()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(5);
        using var attention = new BahdanauAttention(channels: 3, hiddenDim: 2, attentionDim: 4);
        var features = torch.randn(1, 4, 3);
        var (context, weights) = attention.Attend(features, attention.ProjectFeatures(features), torch.randn(1, 2));
        var expected = (weights.unsqueeze(2) * features).sum(1); // (1, 3)
        Assert.True(torch.allclose(context, expected, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void Doubly_stochastic_penalty_is_zero_when_every_pixel_gets_total_weight_one()
    {
        using var scope = torch.NewDisposeScope();
        // 3 steps over 3 pixels, looking at each pixel once: the column sums are all 1.
        var weights = torch.eye(3).unsqueeze(0); // (1, 3, 3)
        Assert.Equal(0.0, DoublyStochasticRegularization.Penalty(weights, 1.0).item<float>(), 6);
        // Staring at pixel 0 for all 3 steps: sums (3, 0, 0) -> ((1-3)^2 + 1 + 1) / 3 = 2, times lambda 0.5.
        var staring = torch.zeros(1, 3, 3);
        staring[0, .., 0] = torch.ones(3);
        Assert.Equal(1.0, DoublyStochasticRegularization.Penalty(staring, 0.5).item<float>(), 6);
        // Masking the last two steps leaves sums (1, 0, 0) -> (0 + 1 + 1) / 3.
        var mask = torch.tensor(new[] { true, false, false }).view(1, 3);
        Assert.Equal(2.0 / 3.0, DoublyStochasticRegularization.Penalty(staring, 1.0, mask).item<float>(), 6);
    }
}
