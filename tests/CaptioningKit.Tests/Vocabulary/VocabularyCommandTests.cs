using CaptioningKit.Data.Generated;
using CaptioningKit.Tests.Data.Generated;
using CaptioningKit.Vocabulary;
using Xunit;

namespace CaptioningKit.Tests.Vocabulary;

public class VocabularyCommandTests
{
    [Fact]
    public void Builds_from_the_train_split_saves_and_describes()
    {
        using var dir = new TempFolder();
        var data = BuiltInDatasets.Generate("shapes", dir.Path, seed: 3, train: 60, val: 10, test: 5).Folder;
        var summary = VocabularyCommand.Build(new VocabBuildRequest(data, Threshold: 1));
        Assert.Equal(Path.Combine(data, "vocabulary.word.json"), summary.SavedTo);
        Assert.Equal(summary.Vocab.Tokens, VocabularyFile.Load(summary.SavedTo).Tokens);
        Assert.Equal(300, summary.Report.Captions);
        Assert.DoesNotContain("a", summary.Vocab.Tokens); // Flickr8k rules drop it
        Assert.InRange(summary.Vocab.Size, 20, 32);
        Assert.StartsWith($"Vocabulary: {summary.Vocab.Size} tokens", summary.Lines[0]);
        Assert.Contains(summary.Lines, l => l.StartsWith("  dropped by drop-single-character:") && l.Contains("'a'"));
        Assert.Contains(summary.Lines, l => l.StartsWith("  dropped by threshold"));
        Assert.Contains(summary.Lines, l => l.Contains("<unk> share"));

        var chars = VocabularyCommand.Build(new VocabBuildRequest(data, Level: VocabularyLevel.Char));
        Assert.Contains(" ", chars.Vocab.Tokens);
        Assert.EndsWith("vocabulary.char.json", chars.SavedTo);
    }

    [Fact]
    public void Missing_dataset_names_the_file()
    {
        var e = Assert.Throws<FileNotFoundException>(() => VocabularyCommand.Build(new VocabBuildRequest("/nonexistent/shapes")));
        Assert.Contains("/nonexistent/shapes/captions.csv", e.Message);
    }
}
