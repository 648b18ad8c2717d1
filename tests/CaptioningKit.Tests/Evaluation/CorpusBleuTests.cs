using CaptioningKit.Vocabulary;
using CaptioningKit.Evaluation;
using Xunit;

namespace CaptioningKit.Tests.Evaluation;

public class CorpusBleuTests
{
    static string[] T(string s) => s.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void Clipping_counts_a_repeated_word_at_most_as_often_as_one_reference_has_it()
    {
        var (matches, total) = NGrams.ClippedMatches([T("the cat is on the mat"), T("there is a cat on the mat")], T("the the the the the the the"), 1);
        Assert.Equal((2L, 7L), (matches, total));
    }

    [Fact]
    public void Closest_reference_length_prefers_the_shorter_on_a_tie()
    {
        Assert.Equal(4, CorpusBleu.ClosestReferenceLength([T("a b c d e f"), T("a b c d")], 5));
        Assert.Equal(6, CorpusBleu.ClosestReferenceLength([T("a b c d e f"), T("a b")], 5));
    }

    [Fact]
    public void Specials_are_stripped_by_the_one_shared_function()
    {
        Assert.Equal(T("a red circle <unk>"), SpecialTokens.Strip(T("<start> a red circle <unk> <end> <pad> <pad>")));
        var withSpecials = CorpusBleu.FromCaptions([[T("<start> a red circle <end>")]], [T("<start> a red circle <end> <pad>")]);
        var clean = CorpusBleu.Bleu1To4([[T("a red circle")]], [T("a red circle")]);
        Assert.Equal(clean, withSpecials);
        Assert.Equal(1.0, withSpecials.Bleu3);
    }

    [Fact]
    public void Exact_sum_does_not_lose_small_terms()
    {
        Assert.Equal(1.0, ExactSum.Of([1e100, 1.0, -1e100]));
        Assert.Equal(1.0, ExactSum.Of(Enumerable.Repeat(0.1, 10))); // a plain loop gives 0.9999999999999999
        Assert.Equal(0.30000000000000004, ExactSum.Of([0.1, 0.1, 0.1])); // as Python's math.fsum
    }

    [Fact]
    public void Mismatched_counts_are_rejected() =>
        Assert.Throws<ArgumentException>(() => CorpusBleu.Bleu1To4([[T("a")]], [T("a"), T("b")]));
}
