using CaptioningKit.Vocabulary;
using CaptioningKit.Decoder;
using CaptioningKit.Inference;
using CaptioningKit.Tests.Decoder;
using TorchSharp;
using Xunit;
using static CaptioningKit.Tests.Inference.StubDecoder;

namespace CaptioningKit.Tests.Inference;

public class DecodingTests
{
    const int V = 8; // 0 pad, 1 start, 2 end, 3..7 words

    /// <summary>Greedy takes word 3 (p .55) but then only reaches 0.55 * 0.4; word 4 (p .45) ends at once with .99.</summary>
    static StubDecoder Trap()
    {
        var table = new double[V][];
        for (var i = 0; i < V; i++) table[i] = Row(V, (2, 1.0));
        table[1] = Row(V, (3, 0.55), (4, 0.45));
        table[3] = Row(V, (5, 0.4), (2, 0.3), (6, 0.3));
        table[4] = Row(V, (2, 0.99), (7, 0.01));
        return new StubDecoder([table]);
    }

    /// <summary>Image 0 says "3 &lt;end&gt;", image 1 says "3 4 5 6 &lt;end&gt;".</summary>
    static StubDecoder TwoLengths()
    {
        var shortCaption = new double[V][];
        var longCaption = new double[V][];
        for (var i = 0; i < V; i++) { shortCaption[i] = Row(V, (2, 1.0)); longCaption[i] = Row(V, (2, 1.0)); }
        shortCaption[1] = Row(V, (3, 0.9), (4, 0.1));
        longCaption[1] = Row(V, (3, 0.9), (4, 0.1));
        longCaption[3] = Row(V, (4, 0.8), (2, 0.2));
        longCaption[4] = Row(V, (5, 0.8), (2, 0.2));
        longCaption[5] = Row(V, (6, 0.8), (2, 0.2));
        return new StubDecoder([shortCaption, longCaption]);
    }

    [Fact]
    public void Beam_search_escapes_the_greedy_trap()
    {
        using var scope = torch.NewDisposeScope();
        var features = FeaturesFor(0);
        using var greedy = GreedyDecoding.Decode(Trap(), features, maxLength: 5);
        using var beam = BeamSearch.Decode(Trap(), features, beamWidth: 2, maxLength: 5);
        Assert.Equal(new long[] { 3, 5, 2 }, greedy.Tokens.data<long>().ToArray());
        Assert.Equal(new long[] { 4, 2, 0 }, beam.Tokens.data<long>().ToArray());
        Assert.Equal(Math.Log(0.55 * 0.4), greedy.Scores.item<double>(), 5);
        Assert.Equal(Math.Log(0.45 * 0.99), beam.Scores.item<double>(), 5);
        Assert.True(beam.Scores.item<double>() > greedy.Scores.item<double>());
    }

    [Fact]
    public void Each_sequence_stops_at_its_own_end_and_is_padded_after_it()
    {
        using var scope = torch.NewDisposeScope();
        var features = FeaturesFor(0, 1);
        foreach (var result in new[]
                 {
                     GreedyDecoding.Decode(TwoLengths(), features, maxLength: 20),
                     BeamSearch.Decode(TwoLengths(), features, beamWidth: 3, maxLength: 20),
                 })
        {
            Assert.Equal([2L, 5], result.Tokens.shape); // the loop ended when the longer one finished, not at 20
            Assert.Equal(new long[] { 3, 2, 0, 0, 0, 3, 4, 5, 6, 2 }, result.Tokens.data<long>().ToArray());
            var weightSums = result.Weights.sum(2).data<float>().ToArray(); // (2, 5)
            Assert.Equal(new float[] { 1, 1, 0, 0, 0, 1, 1, 1, 1, 1 }, weightSums.Select(w => MathF.Round(w, 5)).ToArray());
            Assert.Equal(new long[] { 3 }, result.TokenIds(SpecialTokens.Default)[0]);
            Assert.Equal(new long[] { 3, 4, 5, 6 }, result.TokenIds(SpecialTokens.Default)[1]);
        }
    }

    [Fact]
    public void Decoding_stops_at_max_length_when_no_end_comes()
    {
        using var scope = torch.NewDisposeScope();
        var table = new double[V][];
        for (var i = 0; i < V; i++) table[i] = Row(V, (3, 1.0));
        using var result = GreedyDecoding.Decode(new StubDecoder([table]), FeaturesFor(0), maxLength: 4);
        Assert.Equal(new long[] { 3, 3, 3, 3 }, result.Tokens.data<long>().ToArray());
    }

    [Theory]
    [InlineData("lstm")]
    [InlineData("gru")]
    [InlineData("baseline")]
    public void Beam_width_one_equals_greedy(string kind)
    {
        using var scope = torch.NewDisposeScope();
        using var decoder = TinyModels.Create(kind, seed: 21);
        decoder.eval();
        var features = TinyModels.Features(4, seed: 22);
        using var greedy = GreedyDecoding.Decode(decoder, features, maxLength: 7);
        using var beam = BeamSearch.Decode(decoder, features, beamWidth: 1, maxLength: 7);
        Assert.Equal(greedy.Tokens.data<long>().ToArray(), beam.Tokens.data<long>().ToArray());
        Assert.True(torch.allclose(greedy.Weights, beam.Weights, rtol: 1e-5, atol: 1e-6));
        Assert.True(torch.allclose(greedy.Scores, beam.Scores, rtol: 1e-9, atol: 1e-9));
    }

    [Fact]
    public void Beam_search_encodes_the_images_once()
    {
        using var scope = torch.NewDisposeScope();
        var stub = TwoLengths();
        using (BeamSearch.Decode(stub, FeaturesFor(0, 1), beamWidth: 3, maxLength: 10)) { }
        Assert.Equal(1, stub.EncodeCalls);
    }

    [Fact]
    public void Length_normalisation_can_prefer_the_longer_caption()
    {
        using var scope = torch.NewDisposeScope();
        // Start: end now (p .4) or word 3 (p .6) then 4 (.6) then end (1): log .4 = -0.92 vs log .36 = -1.02 over 3 words.
        var table = new double[V][];
        for (var i = 0; i < V; i++) table[i] = Row(V, (2, 1.0));
        table[1] = Row(V, (2, 0.4), (3, 0.6));
        table[3] = Row(V, (4, 0.6), (2, 0.4));
        var stub = new StubDecoder([table]);
        using var raw = BeamSearch.Decode(stub, FeaturesFor(0), beamWidth: 3, maxLength: 6, lengthAlpha: 0.0);
        using var normalised = BeamSearch.Decode(stub, FeaturesFor(0), beamWidth: 3, maxLength: 6, lengthAlpha: 1.0);
        Assert.Empty(raw.TokenIds(SpecialTokens.Default)[0]);
        Assert.Equal(new long[] { 3, 4 }, normalised.TokenIds(SpecialTokens.Default)[0]);
    }
}
