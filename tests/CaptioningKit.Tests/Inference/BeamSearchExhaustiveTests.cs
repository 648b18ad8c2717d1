using CaptioningKit.Inference;
using CaptioningKit.Vocabulary;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace CaptioningKit.Tests.Inference;

/// <summary>
/// BeamSearch.Decode against brute force, on <see cref="HistoryDecoder"/> (its next word depends on the image and on
/// every earlier word, which it only knows through its recurrent state). The rules, written out here independently of
/// the library: &lt;pad&gt; and &lt;start&gt; are never chosen (the softmax is over the other tokens); a caption ends
/// with &lt;end&gt; or at maxLength; a finished caption keeps its score; the winner has the best
/// logP / length^alpha, length counting &lt;end&gt;.
/// </summary>
public class BeamSearchExhaustiveTests
{
    static readonly double[] Images = Enumerable.Range(0, 24).Select(i => 0.375 * i - 3).ToArray(); // exact in float32, as the features carry them

    /// <summary>A caption (without &lt;start&gt; and pads) and the sum of its tokens' log-probabilities.</summary>
    sealed record Hypothesis(long[] Tokens, double Score)
    {
        public bool Finished(int maxLength) => Tokens.Length == maxLength || (Tokens.Length > 0 && Tokens[^1] == SpecialTokens.EndId);
        public double Normalised(double alpha) => Score / Math.Pow(Math.Max(1, Tokens.Length), alpha);
        public bool SameCaption(Hypothesis other) => Tokens.SequenceEqual(other.Tokens);
    }

    static long[] History(long[] tokens) => [SpecialTokens.StartId, .. tokens];

    static IEnumerable<Hypothesis> Extend(double image, Hypothesis h)
    {
        var logP = HistoryDecoder.LogProbabilities(image, History(h.Tokens));
        for (var v = 0; v < HistoryDecoder.Vocab; v++)
            if (HistoryDecoder.Allowed(v)) yield return new Hypothesis([.. h.Tokens, v], h.Score + logP[v]);
    }

    /// <summary>Every caption the rules allow, finished or cut at maxLength.</summary>
    static List<Hypothesis> AllCaptions(double image, int maxLength)
    {
        var done = new List<Hypothesis>();
        var open = new List<Hypothesis> { new([], 0) };
        while (open.Count > 0)
        {
            var next = open.SelectMany(h => Extend(image, h)).ToList();
            done.AddRange(next.Where(h => h.Finished(maxLength)));
            open = next.Where(h => !h.Finished(maxLength)).ToList();
        }
        return done;
    }

    /// <summary>Beam search by the book, on lists: extend every beam by every allowed word (a finished beam only by
    /// &lt;pad&gt;, free), keep the <paramref name="width"/> best by score. Also says whether a survivor ever came from
    /// another beam than the one in its slot (then a search must reorder its rows' states).</summary>
    static (Hypothesis Best, bool Reordered) SimulatedBeam(double image, int width, int maxLength, double alpha)
    {
        var beams = new List<Hypothesis> { new([], 0) };
        var reordered = false;
        for (var t = 0; t < maxLength && !beams.All(b => b.Finished(maxLength)); t++)
        {
            var candidates = beams.SelectMany((b, slot) => (b.Finished(maxLength) ? new[] { b } : Extend(image, b)).Select(c => (Candidate: c, From: slot)));
            var kept = candidates.OrderByDescending(c => c.Candidate.Score).Take(width).ToList();
            reordered |= kept.Select((k, slot) => k.From != slot).Any(moved => moved);
            beams = kept.Select(k => k.Candidate).ToList();
        }
        return (beams.MaxBy(b => b.Normalised(alpha))!, reordered);
    }

    /// <summary>The log-probability of a caption, word by word, straight from the decoder's formula.</summary>
    static double ScoreOf(double image, long[] tokens) =>
        tokens.Select((token, i) => HistoryDecoder.LogProbabilities(image, History(tokens[..i]))[token]).Sum();

    /// <summary>Checks image <paramref name="row"/> of the beam's result: tokens, pads after them, score, weights.</summary>
    static void AssertRow(DecodeResult result, int row, Hypothesis expected, int maxLength, string what)
    {
        var image = Images[row];
        var steps = (int)result.Tokens.shape[1];
        Assert.InRange(steps, expected.Tokens.Length, maxLength);
        var tokens = result.Tokens[row].data<long>().ToArray(); // (steps)
        var expectedRow = expected.Tokens.Concat(Enumerable.Repeat((long)SpecialTokens.PadId, steps - expected.Tokens.Length)).ToArray();
        Assert.True(expectedRow.SequenceEqual(tokens), $"{what}, image {row}: beam [{string.Join(" ", tokens)}], expected [{string.Join(" ", expectedRow)}]");

        var score = result.Scores[row].item<double>();
        Assert.True(Math.Abs(score - expected.Score) < 1e-9, $"{what}, image {row}: score {score}, expected {expected.Score}");
        var recomputed = ScoreOf(image, expected.Tokens);
        Assert.True(Math.Abs(score - recomputed) < 1e-9, $"{what}, image {row}: score {score}, its tokens' log-probabilities sum to {recomputed}");

        for (var t = 0; t < steps; t++)
        {
            var weights = result.Weights[row, t].to_type(ScalarType.Float64).data<double>().ToArray(); // (pixels)
            var looked = t < expected.Tokens.Length ? HistoryDecoder.Weights(image, History(expected.Tokens[..t])) : new double[HistoryDecoder.Pixels];
            Assert.True(weights.Zip(looked).All(p => Math.Abs(p.First - p.Second) < 1e-6),
                $"{what}, image {row}, step {t}: weights [{string.Join(", ", weights)}], expected [{string.Join(", ", looked)}]");
        }
    }

    [Theory]
    [InlineData(3, 0.0)]
    [InlineData(3, 1.0)]
    [InlineData(4, 0.0)]
    [InlineData(4, 0.7)]
    [InlineData(4, 1.0)]
    [InlineData(4, 0.5)]
    [InlineData(4, 2.0)]
    public void A_beam_as_wide_as_all_captions_finds_the_exhaustive_best(int maxLength, double alpha)
    {
        using var scope = torch.NewDisposeScope();
        var all = Images.Select(image => AllCaptions(image, maxLength)).ToList();
        // 2 words and <end>: 2^(t-1) captions end at step t, 2^maxLength are cut; no beam ever holds more than these.
        var count = Enumerable.Range(1, maxLength).Sum(t => 1 << (t - 1)) + (1 << maxLength);
        Assert.All(all, captions => Assert.Equal(count, captions.Count));

        using var result = BeamSearch.Decode(new HistoryDecoder(maxLength), HistoryDecoder.FeaturesFor(Images), beamWidth: count, maxLength, alpha);

        Assert.Equal(new long[] { Images.Length, maxLength }, result.Tokens.shape); // cut captions run to maxLength
        for (var row = 0; row < Images.Length; row++)
        {
            var best = all[row].MaxBy(h => h.Normalised(alpha))!;
            Assert.True(best.SameCaption(SimulatedBeam(Images[row], count, maxLength, alpha).Best)); // the simulation agrees when nothing is pruned
            AssertRow(result, row, best, maxLength, $"width {count}, alpha {alpha}");
        }
    }

    /// <summary>(width, maxLength, alpha) for the narrow beams: widths 2 and 3, raw and length-normalised scores.</summary>
    static readonly (int Width, int MaxLength, double Alpha)[] NarrowCases =
        [(2, 3, 0.0), (2, 4, 0.0), (2, 4, 0.5), (2, 4, 1.0), (2, 4, 2.0), (3, 3, 0.7), (3, 3, 2.0), (3, 4, 0.0), (3, 4, 0.5), (3, 4, 1.0), (3, 4, 2.0)];

    public static TheoryData<int, int, double> Narrow()
    {
        var data = new TheoryData<int, int, double>();
        foreach (var (width, maxLength, alpha) in NarrowCases) data.Add(width, maxLength, alpha);
        return data;
    }

    [Theory]
    [MemberData(nameof(Narrow))]
    public void A_narrow_beam_keeps_the_best_k_at_each_step(int width, int maxLength, double alpha)
    {
        using var scope = torch.NewDisposeScope();
        using var result = BeamSearch.Decode(new HistoryDecoder(maxLength), HistoryDecoder.FeaturesFor(Images), beamWidth: width, maxLength, alpha);

        for (var row = 0; row < Images.Length; row++)
            AssertRow(result, row, SimulatedBeam(Images[row], width, maxLength, alpha).Best, maxLength, $"width {width}, alpha {alpha}");
    }

    [Fact]
    public void The_cases_above_prune_and_reorder_beams()
    {
        // Without this the narrow-beam test could pass with a search that never reorders its rows (or never prunes).
        var runs = NarrowCases.SelectMany(c => Images.Select(image => (Image: image, c.Width, c.MaxLength, c.Alpha))).ToList();
        Assert.Contains(runs, r => SimulatedBeam(r.Image, r.Width, r.MaxLength, r.Alpha).Reordered);
        Assert.Contains(runs, r => !SimulatedBeam(r.Image, r.Width, r.MaxLength, r.Alpha).Best.SameCaption(AllCaptions(r.Image, r.MaxLength).MaxBy(h => h.Normalised(r.Alpha))!));
    }
}
