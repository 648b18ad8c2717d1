using CaptioningKit.Teaching;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace CaptioningKit.Tests.Teaching;

/// <summary>
/// The code exercises of notebooks 02-08: each checker accepts a correct implementation, reports the stub
/// (NotImplementedException) as not answered without throwing, and rejects wrong code naming the first thing that
/// differs (shape, value, mask).
/// </summary>
public class CodeExercisesTests
{
    static void AssertWrong(ExerciseResult result, string inMessage, string inHint)
    {
        Assert.False(result.Correct, result.ToString());
        Assert.Contains(inMessage, result.Message);
        Assert.Contains(inHint, result.Hint);
    }

    static void AssertNotAnswered(ExerciseResult result)
    {
        Assert.False(result.Correct);
        Assert.StartsWith("Not answered", result.Message);
        Assert.Contains("NotImplementedException", result.Message); // the stub's line is what to replace
        Assert.False(string.IsNullOrWhiteSpace(result.Hint));
    }

    // 02 · cleaning

    static IEnumerable<string> Flickr8kClean(string caption) => caption.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
        .Select(t => t.ToLowerInvariant())
        .Select(t => new string(t.Where(c => !"!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".Contains(c)).ToArray()))
        .Where(t => t.Length > 0 && t.All(char.IsLetter))
        .Where(t => t.Length > 1);

    [Fact]
    public void Cleaning_accepts_the_four_rules_and_names_the_rule_that_is_missing()
    {
        Assert.True(VocabularyExercises.WriteFlickr8kCleaning(Flickr8kClean).Correct);
        AssertNotAnswered(VocabularyExercises.WriteFlickr8kCleaning(null));
        AssertNotAnswered(VocabularyExercises.WriteFlickr8kCleaning(_ => throw new NotImplementedException()));
        AssertWrong(VocabularyExercises.WriteFlickr8kCleaning(c => Flickr8kClean(c.ToUpperInvariant()).Select(t => t.ToUpperInvariant())), "first difference is token", "Lowercase");
        AssertWrong(VocabularyExercises.WriteFlickr8kCleaning(c => Flickr8kClean(c).Where(t => t.Length > 2)), "first difference is token", "");
        // Dropping a token with punctuation instead of stripping the punctuation loses "tshirt", "girls", "bluegreen".
        AssertWrong(VocabularyExercises.WriteFlickr8kCleaning(c => c.Split(' ').Select(t => t.ToLowerInvariant()).Where(t => t.Length > 1 && t.All(char.IsLetter))),
            "first difference is token", "strip punctuation inside a token");
        AssertWrong(VocabularyExercises.WriteFlickr8kCleaning(c => c.Split(' ').Select(t => t.ToLowerInvariant())), "first difference is token", "");
    }

    // 03 · Otsu

    static int Otsu(IReadOnlyList<int> histogram)
    {
        double total = histogram.Sum(), sumAll = histogram.Select((n, i) => (double)n * i).Sum(), w0 = 0, s0 = 0, best = -1;
        var threshold = 0;
        for (var t = 0; t < histogram.Count; t++)
        {
            w0 += histogram[t];
            s0 += (double)t * histogram[t];
            var w1 = total - w0;
            if (w0 == 0 || w1 == 0) continue;
            var between = w0 * w1 * Math.Pow(s0 / w0 - (sumAll - s0) / w1, 2);
            if (between > best) (best, threshold) = (between, t);
        }
        return threshold;
    }

    [Fact]
    public void Otsu_code_is_checked_on_random_histograms()
    {
        Assert.True(ImagesExercises.WriteOtsuThreshold(Otsu).Correct);
        AssertNotAnswered(ImagesExercises.WriteOtsuThreshold(null));
        AssertNotAnswered(ImagesExercises.WriteOtsuThreshold(_ => throw new NotImplementedException()));
        AssertWrong(ImagesExercises.WriteOtsuThreshold(h => Otsu(h) - 1), "you return t = 2, the kit t = 3", "Off by one");
        AssertWrong(ImagesExercises.WriteOtsuThreshold(h => h.Count / 2), "you return t =", "");
        AssertWrong(ImagesExercises.WriteOtsuThreshold(h => h.Count - 1), "you return t = 7", "both classes non-empty");
        var crash = ImagesExercises.WriteOtsuThreshold(h => h[h.Count]);
        AssertWrong(crash, "your code threw ArgumentOutOfRangeException", "");
    }

    // 04 · grid to pixels

    [Fact]
    public void Grid_to_pixels_names_the_shape_or_the_reshape_mistake()
    {
        Assert.True(EncoderExercises.WriteGridToPixels(m => m.flatten(2).permute(0, 2, 1)).Correct);
        Assert.True(EncoderExercises.WriteGridToPixels(m => m.permute(0, 2, 3, 1).reshape(m.shape[0], -1, m.shape[1])).Correct);
        AssertNotAnswered(EncoderExercises.WriteGridToPixels(null));
        AssertNotAnswered(EncoderExercises.WriteGridToPixels(_ => throw new NotImplementedException()));
        AssertWrong(EncoderExercises.WriteGridToPixels(m => m.flatten(2)), "has shape (2, 3, 20), expected (2, 20, 3)", "channels must come LAST");
        AssertWrong(EncoderExercises.WriteGridToPixels(m => m.reshape(m.shape[0], -1, m.shape[1])), "your output[0, 0, 1] is", "plain reshape");
        AssertWrong(EncoderExercises.WriteGridToPixels(m => m.permute(0, 3, 2, 1).reshape(m.shape[0], -1, m.shape[1])), "your output[0, 1, 0] is", "row by row");
    }

    // 05 · attention

    static (Tensor, Tensor) Attend(AttentionStepInputs s, bool mask = true, bool bmmOfProjected = false)
    {
        var scores = s.Score(torch.tanh(s.ProjectedFeatures + s.ProjectHidden(s.Hidden).unsqueeze(1))).squeeze(2); // (batch, pixels)
        if (mask) scores = scores.masked_fill(s.PixelMask.logical_not(), double.NegativeInfinity);
        var weights = scores.softmax(1);                                                                          // (batch, pixels)
        var values = bmmOfProjected ? s.ProjectedFeatures : s.Features;
        return (torch.bmm(weights.unsqueeze(1), values).squeeze(1), weights);                                     // (batch, channels)
    }

    [Fact]
    public void Attend_is_checked_against_BahdanauAttention_with_a_mask()
    {
        Assert.True(AttentionExercises.WriteAttend(s => Attend(s)).Correct);
        AssertNotAnswered(AttentionExercises.WriteAttend(null));
        AssertNotAnswered(AttentionExercises.WriteAttend(_ => throw new NotImplementedException()));
        AssertWrong(AttentionExercises.WriteAttend(s => Attend(s, mask: false)), "pixel 5 of image 1 is padding", "masked_fill");
        AssertWrong(AttentionExercises.WriteAttend(s => { var (c, w) = Attend(s); return (c, w.unsqueeze(2)); }), "alpha has shape (3, 7, 1), expected (3, 7)", "squeeze");
        AssertWrong(AttentionExercises.WriteAttend(s => { var (c, _) = Attend(s); return (c, s.PixelMask.to_type(ScalarType.Float32)); }), "sum to", "PIXEL dimension");
        AssertWrong(AttentionExercises.WriteAttend(s => Attend(s, bmmOfProjected: true)), "the context has shape (3, 4), expected (3, 6)", "(batch, channels)");
        var noTanh = AttentionExercises.WriteAttend(s =>
        {
            var scores = s.Score(s.ProjectedFeatures + s.ProjectHidden(s.Hidden).unsqueeze(1)).squeeze(2).masked_fill(s.PixelMask.logical_not(), double.NegativeInfinity);
            var weights = scores.softmax(1);
            return (torch.bmm(weights.unsqueeze(1), s.Features).squeeze(1), weights);
        });
        AssertWrong(noTanh, "alpha[0, 0] is", "tanh");
    }

    // 06 · LSTM step

    static (Tensor, Tensor) LstmStep(LstmStepInputs s, string order = "ifgo")
    {
        var gates = s.Input.matmul(s.WeightIh.T) + s.BiasIh + s.Hidden.matmul(s.WeightHh.T) + s.BiasHh; // (batch, 4 hidden)
        var chunks = gates.chunk(4, 1);                                                                  // 4 x (batch, hidden)
        Tensor Gate(char name) => chunks[order.IndexOf(name)];
        var (i, f, g, o) = (Gate('i').sigmoid(), Gate('f').sigmoid(), Gate('g').tanh(), Gate('o').sigmoid());
        var c = f * s.Cell + i * g;                                                                      // (batch, hidden)
        return (o * c.tanh(), c);
    }

    [Fact]
    public void Lstm_step_is_checked_against_LSTMCell_cell_first()
    {
        Assert.True(DecoderExercises.WriteLstmStep(s => LstmStep(s)).Correct);
        AssertNotAnswered(DecoderExercises.WriteLstmStep(null));
        AssertNotAnswered(DecoderExercises.WriteLstmStep(_ => throw new NotImplementedException()));
        AssertWrong(DecoderExercises.WriteLstmStep(s => LstmStep(s, "figo")), "c'[0, 0] is", "order i, f, g, o");
        AssertWrong(DecoderExercises.WriteLstmStep(s => { var (h, c) = LstmStep(s); return (h, c[0]); }), "c' has shape (3), expected (2, 3)", "(batch, hidden)");
        AssertWrong(DecoderExercises.WriteLstmStep(s => { var (_, c) = LstmStep(s); return (c.tanh(), c); }), "(c' is right)", "h' = o ⊙ tanh(c')");
    }

    // 07 · masked cross-entropy

    static Tensor MaskedCe(Tensor logits, Tensor targets, long pad, bool mask = true, bool divideByAll = false)
    {
        var logp = logits.log_softmax(-1).gather(-1, targets.unsqueeze(-1)).squeeze(-1); // (batch, steps)
        var real = mask ? targets.ne(pad).to_type(ScalarType.Float32) : torch.ones_like(logp); // (batch, steps)
        return -(logp * real).sum() / (divideByAll ? targets.numel() : real.sum());          // scalar
    }

    [Fact]
    public void Masked_cross_entropy_names_the_mask_the_mean_and_the_shape()
    {
        Assert.True(TrainingExercises.WriteMaskedCrossEntropy((l, t, p) => MaskedCe(l, t, p)).Correct);
        Assert.True(TrainingExercises.WriteMaskedCrossEntropy((l, t, p) => nn.functional.cross_entropy(l.reshape(-1, l.shape[2]), t.reshape(-1), ignore_index: p)).Correct);
        AssertNotAnswered(TrainingExercises.WriteMaskedCrossEntropy(null));
        AssertNotAnswered(TrainingExercises.WriteMaskedCrossEntropy((_, _, _) => throw new NotImplementedException()));
        AssertWrong(TrainingExercises.WriteMaskedCrossEntropy((l, t, p) => MaskedCe(l, t, p, mask: false)), "<pad> included", "Mask");
        AssertWrong(TrainingExercises.WriteMaskedCrossEntropy((l, t, p) => MaskedCe(l, t, p, divideByAll: true)), "still counted in the division", "REAL targets");
        AssertWrong(TrainingExercises.WriteMaskedCrossEntropy((l, t, p) => MaskedCe(l, t, p) * t.ne(p).sum()), "sum over the real targets", "mean");
        AssertWrong(TrainingExercises.WriteMaskedCrossEntropy((l, t, p) => -MaskedCe(l, t, p)), "sign is flipped", "MINUS");
        AssertWrong(TrainingExercises.WriteMaskedCrossEntropy((l, t, p) => l.log_softmax(-1).gather(-1, t.unsqueeze(-1)).squeeze(-1).neg()), "has shape (3, 6), expected a scalar", "ONE number");
        AssertWrong(TrainingExercises.WriteMaskedCrossEntropy((l, t, p) => MaskedCe(l.transpose(0, 1).contiguous().transpose(0, 1) * 2, t, p)), "expected", "log_softmax");
    }

    // 08 · clipped n-gram matches

    static (long, long) Clipped(IReadOnlyList<IReadOnlyList<string>> references, IReadOnlyList<string> hypothesis, int n, string mode = "max")
    {
        Dictionary<string, int> Count(IReadOnlyList<string> tokens) => Enumerable.Range(0, Math.Max(0, tokens.Count - n + 1))
            .Select(i => string.Join(" ", tokens.Skip(i).Take(n))).GroupBy(g => g).ToDictionary(g => g.Key, g => g.Count());
        var counts = Count(hypothesis);
        var referenceCounts = references.Select(Count).ToList();
        long Clip(string gram) => mode switch
        {
            "none" => referenceCounts.Any(r => r.ContainsKey(gram)) ? counts[gram] : 0,
            "sum" => Math.Min(counts[gram], referenceCounts.Sum(r => r.GetValueOrDefault(gram))),
            _ => Math.Min(counts[gram], referenceCounts.Max(r => r.GetValueOrDefault(gram))),
        };
        return (counts.Keys.Sum(Clip), counts.Values.Sum());
    }

    [Fact]
    public void Clipped_matches_names_the_total_the_clip_and_the_references()
    {
        Assert.True(InferenceExercises.WriteClippedMatches((r, h, n) => Clipped(r, h, n)).Correct);
        AssertNotAnswered(InferenceExercises.WriteClippedMatches(null));
        AssertNotAnswered(InferenceExercises.WriteClippedMatches((_, _, _) => throw new NotImplementedException()));
        AssertWrong(InferenceExercises.WriteClippedMatches((r, h, n) => Clipped(r, h, n, "none")), "you return", "Clip:");
        AssertWrong(InferenceExercises.WriteClippedMatches((r, h, n) => Clipped(r, h, n, "sum")), "you return", "ONE reference");
        AssertWrong(InferenceExercises.WriteClippedMatches((r, h, n) => Clipped(r.Take(1).ToList(), h, n)), "you return", "EVERY reference");
        AssertWrong(InferenceExercises.WriteClippedMatches((r, h, n) => { var (m, t) = Clipped(r, h, n); return (m, h.Count); }), "the total differs", "L − n + 1");
    }
}
