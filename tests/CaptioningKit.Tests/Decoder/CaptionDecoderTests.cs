using CaptioningKit.Vocabulary;
using CaptioningKit.Decoder;
using CaptioningKit.Evaluation;
using CaptioningKit.Inference;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace CaptioningKit.Tests.Decoder;

[Collection(TorchRandomCollection.Name)]
public class CaptionDecoderTests
{
    public static TheoryData<string> Kinds => new() { "lstm", "gru", "baseline" };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Teacher_forcing_returns_logits_and_weights_per_step(string kind)
    {
        using var scope = torch.NewDisposeScope();
        using var decoder = TinyModels.Create(kind);
        var features = TinyModels.Features(3);
        var inputs = torch.randint(3, TinyModels.Vocab, [3, 5], dtype: ScalarType.Int64);
        using var output = decoder.Forward(features, inputs);
        Assert.Equal([3L, 5, TinyModels.Vocab], output.Logits.shape);
        Assert.Equal([3L, 5, TinyModels.Pixels], output.Weights.shape);
        var sums = output.Weights.sum(2); // (3, 5)
        Assert.True(torch.allclose(sums, torch.ones_like(sums), rtol: 1e-5, atol: 1e-5));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Step_returns_next_word_logits_weights_and_state(string kind)
    {
        using var scope = torch.NewDisposeScope();
        using var decoder = TinyModels.Create(kind);
        var images = decoder.Encode(TinyModels.Features(2));
        var state = decoder.InitialState(images);
        var step = decoder.Step(torch.tensor(new long[] { 1, 1 }), images, state);
        Assert.Equal([2L, TinyModels.Vocab], step.Logits.shape);
        Assert.Equal([2L, TinyModels.Pixels], step.Weights.shape);
        Assert.Equal([2L, 16], step.State.Hidden.shape);
        Assert.Equal(kind == "gru", step.State.Cell is null);
    }

    [Fact]
    public void Baseline_weights_are_the_uniform_weights_of_mean_pooling()
    {
        using var scope = torch.NewDisposeScope();
        using var decoder = TinyModels.Create("baseline");
        var mask = torch.tensor(new[] { true, true, true, false, false, false, true, true, true, true, true, true }).view(2, 6);
        using var output = decoder.Forward(TinyModels.Features(2), torch.ones(2, 2, dtype: ScalarType.Int64), mask);
        var w = output.Weights.data<float>().ToArray(); // (2, 2, 6)
        Assert.Equal(1f / 3, w[0], 6);
        Assert.Equal(0f, w[3]);
        Assert.Equal(1f / 6, w[12], 6);
        Assert.Equal(0f, decoder.AttentionPenalty(output.Weights).item<float>());
    }

    [Fact]
    public void The_feature_projection_is_computed_once_per_image_batch_per_decode()
    {
        using var scope = torch.NewDisposeScope();
        using var decoder = (AttentionDecoder)TinyModels.Create("lstm");
        decoder.eval();
        var features = TinyModels.Features(2);
        using (decoder.Forward(features, torch.ones(2, 7, dtype: ScalarType.Int64))) { }
        Assert.Equal(1, decoder.Attention.ProjectFeaturesCalls);
        using (GreedyDecoding.Decode(decoder, features, maxLength: 9)) { }
        Assert.Equal(2, decoder.Attention.ProjectFeaturesCalls);
        using (BeamSearch.Decode(decoder, features, beamWidth: 3, maxLength: 9)) { }
        Assert.Equal(3, decoder.Attention.ProjectFeaturesCalls);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Forward_scores_all_steps_at_once_exactly_as_Step_does_word_by_word(string kind)
    {
        using var scope = torch.NewDisposeScope();
        using var decoder = TinyModels.Create(kind);
        decoder.eval(); // dropout off: both orders must give the same numbers
        var features = TinyModels.Features(3);
        var inputs = torch.randint(3, TinyModels.Vocab, [3, 6], dtype: ScalarType.Int64);
        using var forward = decoder.Forward(features, inputs);
        var images = decoder.Encode(features);
        var state = decoder.InitialState(images);
        for (var t = 0; t < 6; t++)
        {
            var step = decoder.Step(inputs.select(1, t), images, state);
            Assert.True(torch.allclose(forward.Logits.select(1, t), step.Logits, rtol: 1e-5, atol: 1e-6), $"{kind}: logits of step {t} differ");
            Assert.True(torch.allclose(forward.Weights.select(1, t), step.Weights, rtol: 1e-5, atol: 1e-6), $"{kind}: weights of step {t} differ");
            state = step.State;
        }
    }

    [Fact]
    public void Scheduled_sampling_keeps_shapes_and_probability_zero_is_teacher_forcing()
    {
        using var scope = torch.NewDisposeScope();
        using var decoder = TinyModels.Create("lstm");
        decoder.eval();
        var features = TinyModels.Features(2);
        var inputs = torch.randint(3, TinyModels.Vocab, [2, 4], dtype: ScalarType.Int64);
        inputs.index_fill_(1, torch.tensor(new long[] { 0 }), SpecialTokens.Default.Start); // every caption starts with <start>
        using var forced = decoder.Forward(features, inputs);
        using var zero = decoder.Forward(features, inputs, sampling: new ScheduledSampling(0.0));
        using var always = decoder.Forward(features, inputs, sampling: new ScheduledSampling(1.0, new Generator(1)));
        Assert.True(TinyModels.Same(forced.Logits, zero.Logits));
        Assert.Equal(forced.Logits.shape, always.Logits.shape);
        // With probability 1 the decoder reads its own argmax at every step: exactly greedy decoding (before any <end>).
        using var greedy = GreedyDecoding.Decode(decoder, features, maxLength: 4);
        var ownTokens = always.Logits.index_fill(2, torch.tensor(new long[] { SpecialTokens.Default.Pad, SpecialTokens.Default.Start }), double.NegativeInfinity).argmax(2); // (2, 4): never <pad>/<start>
        Assert.True(TinyModels.Same(ownTokens.narrow(1, 0, greedy.Tokens.shape[1]).masked_fill(greedy.Tokens.eq(0), 0), greedy.Tokens));
    }

    [Fact]
    public void Teacher_forcing_split_shifts_by_one()
    {
        using var scope = torch.NewDisposeScope();
        var captions = torch.tensor(new long[] { 1, 5, 6, 2, 0 }).view(1, 5);
        var (inputs, targets) = TeacherForcing.Split(captions);
        Assert.Equal(new long[] { 1, 5, 6, 2 }, inputs.data<long>().ToArray());
        Assert.Equal(new long[] { 5, 6, 2, 0 }, targets.data<long>().ToArray());
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_decoder_overfits_two_images_to_two_captions(string kind)
    {
        using var scope = torch.NewDisposeScope();
        using var decoder = TinyModels.Create(kind, seed: 11);
        var features = TinyModels.Features(2, seed: 12);
        // <start> w... <end> <pad>: two different captions for two different images.
        var captions = torch.tensor(new long[] { 1, 4, 5, 6, 2, 0, 1, 7, 8, 9, 4, 2 }).view(2, 6);
        var (inputs, targets) = TeacherForcing.Split(captions);
        using var optimizer = torch.optim.Adam(decoder.parameters(), lr: 0.02);
        var loss = double.NaN;
        for (var i = 0; i < 300 && !(loss < 0.01); i++)
        {
            using var stepScope = torch.NewDisposeScope();
            optimizer.zero_grad();
            using var output = decoder.Forward(features, inputs);
            var total = MaskedCrossEntropy.Mean(output.Logits, targets, SpecialTokens.Default.Pad) + decoder.AttentionPenalty(output.Weights, targets.ne(0)) * 0.01;
            total.backward();
            optimizer.step();
            loss = MaskedCrossEntropy.Mean(output.Logits, targets, 0).item<float>();
        }
        Assert.True(loss < 0.01, $"loss {loss}");
        decoder.eval();
        using var decoded = GreedyDecoding.Decode(decoder, features, maxLength: 8);
        var ids = decoded.TokenIds(SpecialTokens.Default);
        Assert.Equal(new long[] { 4, 5, 6 }, ids[0]);
        Assert.Equal(new long[] { 7, 8, 9, 4 }, ids[1]);
    }

    [Fact]
    public void Live_tensor_count_stays_flat_across_steps_with_one_dispose_scope_per_step()
    {
        using var outer = torch.NewDisposeScope();
        using var decoder = TinyModels.Create("lstm");
        decoder.eval();
        using var noGrad = torch.no_grad();
        var images = decoder.Encode(TinyModels.Features(2));
        var state = decoder.InitialState(images);
        var tokens = torch.tensor(new long[] { 1, 1 });
        var counts = new List<long>();
        for (var t = 0; t < 8; t++)
        {
            using (var scope = torch.NewDisposeScope())
            {
                scope.Attach(state.Tensors); // the previous state dies with this step
                var step = decoder.Step(tokens, images, state);
                state = step.State.MoveToOuterDisposeScope();
            }
            counts.Add(TinyModels.LiveTensors);
        }
        Assert.All(counts, c => Assert.Equal(counts[0], c));
    }

    [Fact]
    public void Forward_and_decoding_leave_no_tensor_behind()
    {
        using var decoder = TinyModels.Create("gru");
        using var features = TinyModels.Features(2);
        using var inputs = torch.ones(2, 5, dtype: ScalarType.Int64);
        var before = TinyModels.LiveTensors;
        using (decoder.Forward(features, inputs)) { }
        using (GreedyDecoding.Decode(decoder, features, maxLength: 6)) { }
        using (BeamSearch.Decode(decoder, features, beamWidth: 2, maxLength: 6)) { }
        Assert.Equal(before, TinyModels.LiveTensors);
    }
}
