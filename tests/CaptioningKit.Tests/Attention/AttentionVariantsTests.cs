using System.Text.Json;
using CaptioningKit.Attention;
using CaptioningKit.Decoder;
using CaptioningKit.Model;
using CaptioningKit.Tests.Decoder;
using TorchSharp;
using Xunit;

namespace CaptioningKit.Tests.Attention;

[Collection(TorchRandomCollection.Name)]
public class AttentionVariantsTests
{
    [Theory]
    [InlineData(AttentionKind.Additive, false)]
    [InlineData(AttentionKind.Additive, true)]
    [InlineData(AttentionKind.ScaledDotProduct, false)]
    [InlineData(AttentionKind.ScaledDotProduct, true)]
    public void Both_kinds_give_the_documented_shapes_and_masked_weights_that_sum_to_one(AttentionKind kind, bool hard)
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(11);
        var attention = AttentionWeights.Create(kind, channels: 6, queryDim: 9, attentionDim: 4, gate: true, gateInputDim: 5);
        attention.Hard = hard;
        var features = torch.randn(2, 5, 6);
        var mask = torch.tensor(new[] { true, false, true, true, false, true, true, true, true, true }).view(2, 5);
        var projected = attention.ProjectFeatures(features);
        var (context, weights) = attention.Attend(features, projected, torch.randn(2, 9), torch.randn(2, 5), mask);
        Assert.Equal([2L, 5, 4], projected.shape);
        Assert.Equal([2L, 6], context.shape);
        Assert.Equal([2L, 5], weights.shape);
        var w = weights.data<float>().ToArray();
        Assert.Equal(0f, w[1]);
        Assert.Equal(0f, w[4]);
        Assert.Equal(1.0, w.Take(5).Sum(), 5);
        Assert.Equal(1.0, w.Skip(5).Sum(), 5);
        if (hard) Assert.All(w, x => Assert.True(x == 0f || x == 1f));
        ((IDisposable)attention).Dispose();
    }

    [Fact]
    public void Scaled_dot_product_matches_a_case_computed_by_hand()
    {
        using var scope = torch.NewDisposeScope();
        using var attention = new DotProductAttention(channels: 2, queryDim: 2, attentionDim: 4);
        // Identity-like projections without bias: keys = features padded with zeros, query the same, d = 4 -> divide by 2.
        using (torch.no_grad())
        {
            foreach (var (name, p) in attention.named_parameters())
            {
                p.zero_();
                if (name.EndsWith("weight")) { p[0, 0] = torch.tensor(1f); p[1, 1] = torch.tensor(1f); }
            }
        }
        var features = torch.tensor(new float[] { 2, 0, 0, 2, 0, 0 }).view(1, 3, 2); // pixels (2,0), (0,2), (0,0)
        var query = torch.tensor(new float[] { 1, 0 }).view(1, 2);
        var scores = attention.Scores(attention.ProjectFeatures(features), query);
        // e = k . q / sqrt(4) = (2/2, 0, 0) = (1, 0, 0); alpha = (e, 1, 1) / (e + 2).
        Assert.Equal(new[] { 1f, 0f, 0f }, scores.data<float>().ToArray());
        var (context, weights) = attention.Attend(features, attention.ProjectFeatures(features), query, query);
        var e = Math.E;
        var expected = new[] { e / (e + 2), 1 / (e + 2), 1 / (e + 2) };
        var w = weights.data<float>().ToArray();
        for (var i = 0; i < 3; i++) Assert.Equal(expected[i], w[i], 5);
        // z = sum alpha_i f_i = (2 alpha_0, 2 alpha_1).
        var z = context.data<float>().ToArray();
        Assert.Equal(2 * expected[0], z[0], 5);
        Assert.Equal(2 * expected[1], z[1], 5);
    }

    [Fact]
    public void Hard_attention_returns_the_most_weighted_pixel_and_soft_the_weighted_mean()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(12);
        using var attention = new BahdanauAttention(channels: 3, hiddenDim: 4, attentionDim: 5);
        var features = torch.randn(2, 6, 3);
        var hidden = torch.randn(2, 4);
        var projected = attention.ProjectFeatures(features);
        var (soft, softWeights) = attention.Attend(features, projected, hidden);
        attention.Hard = true;
        var (hard, hardWeights) = attention.Attend(features, projected, hidden);
        var best = softWeights.argmax(1); // (batch)
        Assert.True(TinyModels.Same(best, hardWeights.argmax(1)));
        for (var b = 0; b < 2; b++)
            Assert.True(torch.allclose(hard[b], features[b, best[b].item<long>()]));
        Assert.True(torch.allclose(soft, (softWeights.unsqueeze(2) * features).sum(1), rtol: 1e-5, atol: 1e-6));
    }

    [Theory]
    [InlineData(AttentionKind.Additive, false)]
    [InlineData(AttentionKind.ScaledDotProduct, false)]
    [InlineData(AttentionKind.Additive, true)]
    [InlineData(AttentionKind.ScaledDotProduct, true)]
    public void A_decoder_with_either_attention_trains_its_attention_parameters(AttentionKind kind, bool withWord)
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(13);
        using var decoder = new AttentionDecoder(TinyModels.Options() with { Attention = kind, AttendWithWord = withWord });
        var names = decoder.named_parameters().Select(p => p.name).ToList();
        Assert.Contains("attention.featureProjection.weight", names);
        Assert.Contains("attention.hiddenProjection.weight", names);
        Assert.Equal(kind == AttentionKind.Additive, names.Contains("attention.score.weight"));
        var queryDim = decoder.named_parameters().First(p => p.name == "attention.hiddenProjection.weight").parameter.shape[1];
        Assert.Equal(16 + (withWord ? 12 : 0), queryDim); // hidden 16 (+ embedding 12)
        var tokens = torch.tensor(new long[] { 1, 4, 5, 1, 6, 7 }).view(2, 3);
        var output = decoder.Forward(TinyModels.Features(2), tokens);
        Assert.Equal([2L, 3, 6], output.Weights.shape);
        Assert.True(torch.allclose(output.Weights.sum(2), torch.ones(2, 3), atol: 1e-5));
    }

    [Fact]
    public void Hard_attention_is_a_decode_switch_on_the_decoder()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(14);
        using var decoder = new AttentionDecoder(TinyModels.Options());
        decoder.eval();
        var tokens = torch.tensor(new long[] { 1, 4, 5 }).view(1, 3);
        var soft = decoder.Forward(TinyModels.Features(1), tokens).Weights;
        decoder.HardAttention = true;
        Assert.True(decoder.Attention.Hard);
        var hard = decoder.Forward(TinyModels.Features(1), tokens).Weights;
        Assert.Equal(1f, hard.max().item<float>());
        Assert.Equal(3f, hard.sum().item<float>());
        Assert.True(TinyModels.Same(soft[0, 0].argmax(), hard[0, 0].argmax())); // the first step has the same state
    }

    [Fact]
    public void A_configuration_written_before_the_new_options_loads_as_before()
    {
        // DecoderOptions as an older checkpoint stored it: no Attention, no AttendWithWord.
        const string old = """{"Encoder":"small-cnn","EncoderWidths":[32,64,128],"GridRows":8,"GridColumns":8,"ImageWidth":64,"ImageHeight":64,"Decoder":{"VocabSize":20,"FeatureChannels":130,"EmbeddingDim":64,"HiddenDim":256,"AttentionDim":128,"Dropout":0.3,"Cell":0,"Gate":true,"DoublyStochasticWeight":0,"Tokens":{"Pad":0,"Start":1,"End":2,"Unknown":3}},"MaxCaptionLength":16,"Attention":true,"CellPositions":true}""";
        var config = CaptionerConfig.FromJson(old, "old.safetensors");
        Assert.Equal(AttentionKind.Additive, config.Decoder.Attention);
        Assert.False(config.Decoder.AttendWithWord);
        var shapes = CaptionerConfig.ForShapes(20) with { Decoder = CaptionerConfig.ForShapes(20).Decoder with { Attention = AttentionKind.ScaledDotProduct } };
        var back = CaptionerConfig.FromJson(shapes.ToJson(), "new.safetensors");
        Assert.Equal(AttentionKind.ScaledDotProduct, back.Decoder.Attention);
        Assert.Equal(shapes.Decoder.AttendWithWord, back.Decoder.AttendWithWord);
    }
}
