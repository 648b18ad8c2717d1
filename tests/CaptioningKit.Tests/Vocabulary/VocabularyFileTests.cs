using CaptioningKit.Tests.Data.Generated;
using CaptioningKit.Vocabulary;
using CaptioningKit.Vocabulary.Cleaning;
using Xunit;

namespace CaptioningKit.Tests.Vocabulary;

public class VocabularyFileTests
{
    static readonly string[] Captions = ["A dog runs on the grass .", "The dog jumps .", "Zebras run ."];

    [Fact]
    public void Save_then_load_round_trips_exactly()
    {
        using var dir = new TempFolder();
        var path = Path.Combine(dir.Path, "sub", "vocab.json");
        var vocab = VocabularyBuilder.Build(Captions, new VocabularyOptions { MinCount = 1, TopK = 6, Cleaning = CleaningPresets.Flickr8k }).Vocab;
        VocabularyFile.Save(vocab, path);
        var loaded = VocabularyFile.Load(path);
        Assert.Equal(vocab.Tokens, loaded.Tokens);
        Assert.Equal(vocab.Counts, loaded.Counts);
        Assert.Equal((vocab.Level, vocab.MinCount, vocab.TopK, vocab.Cleaning.Name), (loaded.Level, loaded.MinCount, loaded.TopK, loaded.Cleaning.Name));
        Assert.Equal(vocab.Cleaning.StepNames, loaded.Cleaning.StepNames);
        Assert.Equal(File.ReadAllText(path), VocabularyFile.ToJson(loaded));
        Assert.Equal(vocab.Encode("A dog, running"), loaded.Encode("A dog, running"));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!)); // no temporary file left
        var text = File.ReadAllText(path);
        Assert.Contains("\"format\": \"captioningkit-vocabulary\"", text);
        Assert.Contains("\"version\": 1", text);
        Assert.Contains("\"<pad>\"", text);
    }

    [Fact]
    public void Character_vocabulary_round_trips()
    {
        var vocab = VocabularyBuilder.Build(["C6H12O6", "CH3Cl"], VocabularyOptions.Characters()).Vocab;
        var loaded = VocabularyFile.Parse(VocabularyFile.ToJson(vocab), "mem");
        Assert.Equal(VocabularyLevel.Char, loaded.Level);
        Assert.Equal(vocab.Tokens, loaded.Tokens);
        Assert.Null(loaded.TopK);
    }

    [Theory]
    [InlineData("{ \"format\": \"captioningkit-vocabulary\", \"version\": 2 }", "version 2")]
    [InlineData("{ \"format\": \"captioningkit-vocabulary\", \"version\": 1, \"tokens\": [", "not valid JSON")]
    [InlineData("{ \"words\": [] }", "not a CaptioningKit vocabulary")]
    [InlineData("{ \"format\": \"captioningkit-vocabulary\", \"version\": 1, \"level\": \"word\", \"cleaning\": { \"preset\": \"x\", \"steps\": [] }, \"minCount\": 1, \"topK\": null, \"tokens\": [\"a\"], \"counts\": [0] }", "inconsistent")]
    [InlineData("{ \"format\": \"captioningkit-vocabulary\", \"version\": 1, \"level\": \"word\", \"minCount\": 1 }", "lacks \"cleaning\"")]
    public void Bad_files_give_an_error_naming_the_file(string json, string expected)
    {
        using var dir = new TempFolder();
        var path = Path.Combine(dir.Path, "broken.json");
        File.WriteAllText(path, json);
        var e = Assert.Throws<VocabularyFileException>(() => VocabularyFile.Load(path));
        Assert.StartsWith(path, e.Message);
        Assert.Contains(expected, e.Message);
        Assert.Equal(path, e.Path);
    }

    [Fact]
    public void Missing_file_says_how_to_make_one()
    {
        var e = Assert.Throws<VocabularyFileException>(() => VocabularyFile.Load("/nonexistent/vocab.json"));
        Assert.Contains("vocab build", e.Message);
    }
}
