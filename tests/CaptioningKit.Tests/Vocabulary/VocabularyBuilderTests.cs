using CaptioningKit.Vocabulary;
using CaptioningKit.Vocabulary.Cleaning;
using Xunit;

namespace CaptioningKit.Tests.Vocabulary;

public class VocabularyBuilderTests
{
    /// <summary>The expectations below are the Flickr8k tutorial's rules (the kit's default, "standard", keeps "a").</summary>
    static readonly VocabularyOptions Flickr8k = new() { Cleaning = CleaningPresets.Flickr8k };

    static readonly string[] Captions =
    [
        "A dog runs on the grass .", "A black dog runs .", "The dog jumps .", "A cat sits on the mat .", "Zebras run .",
    ];
    // after Flickr8k cleaning: dog 3, the 3, on 2, runs 2, black 1, cat 1, grass 1, jumps 1, mat 1, run 1, sits 1, zebras 1

    [Fact]
    public void Specials_first_then_descending_frequency_with_alphabetical_ties()
    {
        var vocab = VocabularyBuilder.Build(Captions, Flickr8k).Vocab;
        Assert.Equal(["<pad>", "<start>", "<end>", "<unk>", "dog", "the", "on", "runs", "black", "cat", "grass", "jumps", "mat", "run", "sits", "zebras"], vocab.Tokens);
        Assert.Equal([0, 0, 0, 0, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1], vocab.Counts);
        Assert.Equal((0, 1, 2, 3), (vocab.IdOf("<pad>"), vocab.IdOf("<start>"), vocab.IdOf("<end>"), vocab.IdOf("<unk>")));
        Assert.Equal(vocab.Tokens, VocabularyBuilder.Build(Captions.Reverse(), Flickr8k).Vocab.Tokens); // order of captions does not matter
    }

    [Fact]
    public void Threshold_keeps_counts_at_or_above_it()
    {
        var (vocab, report) = VocabularyBuilder.Build(Captions, new VocabularyOptions { Cleaning = CleaningPresets.Flickr8k, MinCount = 2 });
        Assert.Equal(["dog", "the", "on", "runs"], vocab.Tokens.Skip(4));
        Assert.Equal(8, report.DroppedByThreshold.Distinct);
        Assert.Equal(8, report.DroppedByThreshold.Occurrences);
        Assert.Equal(18, report.Tokens);
        Assert.Equal(8.0 / 18, report.UnknownShare, 10);
        Assert.Equal(["dog", "the", "on", "runs", "black"], VocabularyBuilder.Build(Captions, new VocabularyOptions { Cleaning = CleaningPresets.Flickr8k, MinCount = 1, TopK = 5 }).Vocab.Tokens.Skip(4));
        Assert.Equal(4, VocabularyBuilder.Build(Captions, new VocabularyOptions { Cleaning = CleaningPresets.Flickr8k, MinCount = 4 }).Vocab.Size);
    }

    [Fact]
    public void Top_k_caps_after_the_threshold_and_reports_what_it_cut()
    {
        var (vocab, report) = VocabularyBuilder.Build(Captions, new VocabularyOptions { Cleaning = CleaningPresets.Flickr8k, MinCount = 2, TopK = 3 });
        Assert.Equal(["dog", "the", "on"], vocab.Tokens.Skip(4));
        Assert.Equal([new TokenCount("runs", 2)], report.DroppedByTopK.Tokens);
        Assert.Equal(10.0 / 18, report.UnknownShare, 10);
        Assert.Throws<ArgumentOutOfRangeException>(() => VocabularyBuilder.Build(Captions, new VocabularyOptions { Cleaning = CleaningPresets.Flickr8k, MinCount = 0 }));
    }

    [Fact]
    public void Report_counts_cleaning_drops_and_caption_lengths()
    {
        var report = VocabularyBuilder.Build(Captions, Flickr8k).Report;
        var byRule = report.DroppedByCleaning.ToDictionary(d => d.Rule);
        Assert.Equal(["lowercase", "strip-punctuation", "drop-non-alphabetic", "drop-single-character"], report.DroppedByCleaning.Select(d => d.Rule));
        Assert.Equal(0, byRule["lowercase"].Occurrences);
        Assert.Equal([new TokenCount(".", 5)], byRule["strip-punctuation"].Tokens);
        Assert.Equal([new TokenCount("a", 3)], byRule["drop-single-character"].Tokens);
        Assert.Equal(5, report.Captions);
        Assert.Equal(12, report.DistinctTokens);
        Assert.Equal([(2, 1), (3, 2), (5, 2)], report.Lengths.Histogram);
        Assert.Equal((2, 5, 3.6), (report.Lengths.Min, report.Lengths.Max, report.Lengths.Mean));
        Assert.Equal(3, report.Lengths.Percentile(0.6));
        Assert.Equal(5, report.Lengths.Percentile(0.95));
        Assert.Equal(new TokenCount("dog", 3), report.Frequencies[0]);
    }

    [Fact]
    public void Plain_cleaning_keeps_punctuation_tokens()
    {
        var vocab = VocabularyBuilder.Build(Captions, new VocabularyOptions { Cleaning = CleaningPresets.Plain }).Vocab;
        Assert.Equal([".", "a"], vocab.Tokens.Skip(4).Take(2));
    }

    [Fact]
    public void Character_level_makes_every_character_a_token()
    {
        var vocab = VocabularyBuilder.Build(["C6H12O6", "CH4", "C2H5Cl"], VocabularyOptions.Characters()).Vocab;
        Assert.Equal(VocabularyLevel.Char, vocab.Level);
        Assert.Equal(["C", "H", "2", "6", "1", "4", "5", "O", "l"], vocab.Tokens.Skip(4)); // C 4 (one in Cl), H 3, 2 and 6 twice
        Assert.Equal([1, 4, 7, 5, 8, 2], vocab.Encode("C6H1"));
        Assert.Equal("C2H5Cl", vocab.Decode(vocab.Encode("C2H5Cl")));
        Assert.Equal(SpecialTokens.UnknownId, vocab.Encode("Br")[1]);
    }
}
