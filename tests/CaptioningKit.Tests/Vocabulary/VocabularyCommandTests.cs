using CaptioningKit.Data;
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
        var summary = DatasetVocabulary.Build(new DatasetVocabularyRequest(data, Threshold: 1, Preset: "flickr8k"));
        Assert.Equal(Path.Combine(data, "vocabulary.word.json"), summary.SavedTo);
        Assert.Equal(summary.Vocab.Tokens, VocabularyFile.Load(summary.SavedTo).Tokens);
        Assert.Equal(300, summary.Report.Captions);
        Assert.DoesNotContain("a", summary.Vocab.Tokens); // Flickr8k rules drop it
        Assert.InRange(summary.Vocab.Size, 20, 32);
        Assert.StartsWith($"Vocabulary: {summary.Vocab.Size} tokens", summary.Lines[0]);
        Assert.Contains(summary.Lines, l => l.StartsWith("  dropped by drop-single-character:") && l.Contains("'a'"));
        Assert.Contains(summary.Lines, l => l.StartsWith("  dropped by threshold"));
        Assert.Contains(summary.Lines, l => l.Contains("<unk> share"));

        var chars = DatasetVocabulary.Build(new DatasetVocabularyRequest(data, Level: VocabularyLevel.Char));
        Assert.Contains(" ", chars.Vocab.Tokens);
        Assert.EndsWith("vocabulary.char.json", chars.SavedTo);
    }

    [Fact]
    public void Missing_dataset_names_the_file()
    {
        var e = Assert.Throws<CaptionFormatException>(() => DatasetVocabulary.Build(new DatasetVocabularyRequest("/nonexistent/shapes")));
        Assert.Contains("/nonexistent/shapes/captions.csv", e.Message);
    }

    [Fact]
    public void Reads_the_folder_like_the_parser_does_skipping_and_reporting_bad_rows()
    {
        using var dir = new TempFolder();
        Directory.CreateDirectory(Path.Combine(dir.Path, "images"));
        foreach (var f in new[] { "a.png", "b.png", "c.png" }) File.WriteAllBytes(Path.Combine(dir.Path, "images", f), []);
        File.WriteAllText(Path.Combine(dir.Path, "captions.csv"),
            "image,caption,split\n" +
            "a.png,\"A dog, running on grass\",train\n" +
            "a.png,A dog runs,train\n" +
            "b.png,A cat sleeps,Train\n" +          // split names are case-insensitive
            "b.png,oops,train,extra\n" +            // malformed: 4 fields
            "c.png,A bird flies,val\n" +
            "gone.png,A missing image,train\n");    // image not on disk
        var summary = DatasetVocabulary.Build(new DatasetVocabularyRequest(dir.Path));
        Assert.Equal(3, summary.Report.Captions);
        Assert.Contains("running", summary.Vocab.Tokens); // the quoted caption was read whole
        Assert.DoesNotContain("bird", summary.Vocab.Tokens); // val captions never enter the vocabulary
        Assert.Equal(1, summary.Captions.Count(ParseIssueKind.Malformed));
        Assert.Equal(1, summary.Captions.Count(ParseIssueKind.MissingImage));
        Assert.StartsWith("Captions file: 2 of 6 rows skipped (first: ", summary.Lines[1]);
        Assert.Contains("captions.csv:5:", summary.Lines[1]);
    }

    [Fact]
    public void A_dataset_without_training_captions_is_a_clear_error()
    {
        using var dir = new TempFolder();
        Directory.CreateDirectory(Path.Combine(dir.Path, "images"));
        File.WriteAllBytes(Path.Combine(dir.Path, "images", "a.png"), []);
        File.WriteAllText(Path.Combine(dir.Path, "captions.csv"), "image,caption,split\na.png,a dog,test\n");
        var e = Assert.Throws<CaptionFormatException>(() => DatasetVocabulary.Build(new DatasetVocabularyRequest(dir.Path)));
        Assert.Contains("train split", e.Message);
    }

    [Fact]
    public void Vocab_build_and_train_build_the_same_vocabulary_by_default()
    {
        using var dir = new TempFolder();
        var data = BuiltInDatasets.Generate("shapes", dir.Path, seed: 5, train: 30, val: 5, test: 5).Folder;
        var built = DatasetVocabulary.Build(new DatasetVocabularyRequest(data));
        var train = CaptionDatasets.Load("folder", data).Images.Where(i => i.Split == Split.Train);
        var trained = CaptioningKit.Training.CaptioningRun.BuildVocabulary(train, new CaptioningKit.Training.RunOptions(false, new()));
        Assert.Equal(built.Vocab.Tokens, trained.Tokens);
        Assert.Equal("standard", built.Vocab.Cleaning.Name);
        Assert.Contains("a", trained.Tokens); // the default keeps short words
    }
}
