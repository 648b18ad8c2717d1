using CaptioningKit.Data;
using CaptioningKit.Vocabulary;
using Xunit;

namespace CaptioningKit.Tests.Data;

/// <summary>Real InChI strings (tests/fixtures/inchi, source and licence in its README) through the BMS reader, the
/// character vocabulary and the model's maximum length, without loss.</summary>
public class InchiSampleTests
{
    static string Fixture => Path.Combine(AppContext.BaseDirectory, "fixtures", "inchi", "inchi_labels.csv");

    /// <summary>The InChIs as the file holds them, read without the kit (each line is "id","InChI"; InChIs hold no quotes).</summary>
    static List<string> Raw() => File.ReadLines(Fixture).Skip(1).Select(l => l.Split("\",\"")[1].TrimEnd('"')).ToList();

    static IReadOnlyList<CaptionedImage> Load() =>
        CaptionDatasets.Load(CaptionDatasets.Bms, Fixture, new LoadOptions { Strict = true, CheckImagesExist = false }).Images;

    [Fact]
    public void The_BMS_reader_reads_every_real_InChI_whole_commas_and_all()
    {
        var raw = Raw();
        var images = Load();
        Assert.Equal(567, raw.Count);
        Assert.Equal(raw, images.Select(i => Assert.Single(i.Captions)));
        Assert.True(raw.Count(s => s.Contains(',')) > 400, "most InChIs hold commas inside their quoted field");
        Assert.Equal(282, raw.Max(s => s.Length));
    }

    [Fact]
    public void Every_InChI_encodes_and_decodes_unchanged_within_the_models_maximum_length()
    {
        var captions = Load().Select(i => i.Captions[0]).ToList();
        var vocab = VocabularyBuilder.Build(captions, VocabularyOptions.For(VocabularyLevel.Char)).Vocab;
        Assert.Equal(35, captions.SelectMany(c => c).Distinct().Count());
        Assert.Equal(35 + SpecialTokens.All.Count, vocab.Size); // every character kept …
        Assert.Equal(0, vocab.UnknownShare(captions));           // … none mapped to <unk>
        var config = CaptionerConfig.ForFormulas(vocab.Size).WithCaptionsUpTo(captions.Max(c => vocab.Encode(c).Length));
        Assert.Equal(284, config.MaxCaptionLength); // 282 characters + <start> + <end>
        foreach (var inchi in captions)
            Assert.Equal(inchi, vocab.Decode(vocab.EncodeWithin(inchi, config.MaxCaptionLength)));
    }

    [Fact]
    public void A_caption_longer_than_the_models_maximum_is_an_error_not_a_cut()
    {
        var captions = Load().Select(i => i.Captions[0]).ToList();
        var vocab = VocabularyBuilder.Build(captions, VocabularyOptions.For(VocabularyLevel.Char)).Vocab;
        var longest = captions.MaxBy(c => c.Length)!;
        var e = Assert.Throws<ArgumentException>(() => vocab.EncodeWithin(longest, 200));
        Assert.Contains("284 tokens", e.Message);
        Assert.Contains("maximum length of 200", e.Message);
        Assert.Contains(longest[..40], e.Message);
        Assert.Equal(200, vocab.EncodeWithin("InChI=1/CH4/h1H4", 200).Length); // a short one is padded, as before
    }
}
