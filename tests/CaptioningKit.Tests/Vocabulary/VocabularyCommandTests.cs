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
        Assert.StartsWith("/nonexistent/shapes: does not exist", e.Message);
        Assert.Contains("captions.csv", e.Message);
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
        Assert.DoesNotContain('\n', e.Message);
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

    static string Sample(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "captions", name));

    [Fact]
    public void Builds_from_every_format_the_readers_know_given_as_a_file_or_a_folder()
    {
        using var dir = new CaptioningKit.Tests.Data.TempFolder();
        // Karpathy split file (images beside it), given as its folder.
        dir.Write("karpathy/dataset_flickr8k.json", Sample("dataset_flickr8k.json"));
        foreach (var f in new[] { "2513260012_03d33305cf.jpg", "2903617548_d3e38d7f88.jpg" }) dir.Write(Path.Combine("karpathy", f), "img");
        var karpathy = DatasetVocabulary.Build(new DatasetVocabularyRequest(dir["karpathy"]));
        Assert.Equal(10, karpathy.Report.Captions);
        Assert.Contains("croquet", karpathy.Vocab.Tokens);
        Assert.Equal(CaptionDatasets.Karpathy, karpathy.Captions.Format);
        Assert.Equal(dir["karpathy/vocabulary.word.json"], karpathy.SavedTo);

        // COCO captions file given as a file; the vocabulary goes beside it.
        var coco = dir.Write("coco/annotations/captions_train2014.json", Sample("captions_val2014.json"));
        foreach (var id in new[] { "203564", "179765", "322141", "016977", "106140" }) dir.Write($"coco/train2014/COCO_val2014_000000{id}.jpg", "img");
        var built = DatasetVocabulary.Build(new DatasetVocabularyRequest(coco));
        Assert.Equal(5, built.Report.Captions);
        Assert.Contains("airplane", built.Vocab.Tokens);
        Assert.Equal(dir["coco/annotations/vocabulary.word.json"], built.SavedTo);
    }

    [Fact]
    public void Captions_kept_but_worth_a_look_are_in_the_summary()
    {
        using var dir = new CaptioningKit.Tests.Data.TempFolder();
        dir.Write("Flickr8k.token.txt", Sample("Flickr8k.token.txt").Replace("1001773457_577c3a7d70.jpg#4", "1001773457_577c3a7d70.jpg#1"));
        foreach (var f in new[] { "1000268201_693b08cb0e.jpg", "1001773457_577c3a7d70.jpg", "1012212859_01547e3f17.jpg" }) dir.Write($"Flicker8k_Dataset/{f}", "img");
        var summary = DatasetVocabulary.Build(new DatasetVocabularyRequest(dir.Path, OutputPath: dir["v.json"]));
        Assert.Contains(summary.Lines, l => l.StartsWith("Captions file: 1 captions kept but worth a look") && l.Contains("1001773457_577c3a7d70.jpg#1' is used twice"));
    }

    [Fact]
    public void Every_image_missing_is_one_line_naming_the_dataset_and_the_fix()
    {
        using var dir = new CaptioningKit.Tests.Data.TempFolder();
        dir.Write("captions.txt", Sample("captions.txt")); // Kaggle captions, no Images/ folder
        var e = Assert.Throws<CaptionFormatException>(() => DatasetVocabulary.Build(new DatasetVocabularyRequest(dir.Path)));
        Assert.Contains($"none of the 3 images listed in the dataset '{dir.Path}' exists", e.Message);
        Assert.Contains("Fix: put the images", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Train_uses_the_vocabulary_file_vocab_build_wrote()
    {
        using var dir = new CaptioningKit.Tests.Data.TempFolder();
        var data = BuiltInDatasets.Generate("shapes", dir.Path, seed: 5, train: 30, val: 5, test: 5).Folder;
        var built = DatasetVocabulary.Build(new DatasetVocabularyRequest(data, Threshold: 3, Preset: "flickr8k"));
        var train = CaptionDatasets.Load(data).Images.Where(i => i.Split == Split.Train).ToList();

        var options = new CaptioningKit.Training.RunOptions(false, new()) { Vocab = built.SavedTo };
        var used = CaptioningKit.Training.CaptioningRun.BuildVocabulary(train, options);

        Assert.Equal(built.Vocab.Tokens, used.Tokens);
        Assert.Equal("flickr8k", used.Cleaning.Name);
        Assert.NotEqual(built.Vocab.Tokens, CaptioningKit.Training.CaptioningRun.BuildVocabulary(train, options with { Vocab = null }).Tokens);
    }

    [Fact]
    public void A_vocabulary_file_of_the_other_level_is_a_clear_error()
    {
        using var dir = new CaptioningKit.Tests.Data.TempFolder();
        var data = BuiltInDatasets.Generate("shapes", dir.Path, seed: 5, train: 30, val: 5, test: 5).Folder;
        var chars = DatasetVocabulary.Build(new DatasetVocabularyRequest(data, Level: VocabularyLevel.Char)).SavedTo;
        var train = CaptionDatasets.Load(data).Images.Where(i => i.Split == Split.Train).ToList();

        var e = Assert.Throws<VocabularyFileException>(() =>
            CaptioningKit.Training.CaptioningRun.BuildVocabulary(train, new CaptioningKit.Training.RunOptions(false, new()) { Vocab = chars }));

        Assert.StartsWith($"{chars}: is a character vocabulary, but this is a word-level task", e.Message);
        Assert.Contains("--characters", e.Message);
    }

    [Fact]
    public void A_vocabulary_file_built_for_other_captions_is_a_clear_error()
    {
        using var dir = new CaptioningKit.Tests.Data.TempFolder();
        var data = BuiltInDatasets.Generate("shapes", dir.Path, seed: 5, train: 30, val: 5, test: 5).Folder;
        dir.Write("karpathy/dataset_flickr8k.json", Sample("dataset_flickr8k.json"));
        foreach (var f in new[] { "2513260012_03d33305cf.jpg", "2903617548_d3e38d7f88.jpg" }) dir.Write(Path.Combine("karpathy", f), "img");
        var other = DatasetVocabulary.Build(new DatasetVocabularyRequest(dir["karpathy"], OutputPath: dir["flickr.json"]) ).SavedTo;
        var train = CaptionDatasets.Load(data).Images.Where(i => i.Split == Split.Train).Select(i => i.Captions).SelectMany(c => c).ToList();

        var e = Assert.Throws<VocabularyFileException>(() => VocabularyFile.LoadFor(other, VocabularyLevel.Word, train));

        Assert.Contains("does not fit this dataset", e.Message);
        Assert.Contains("vocab build --dataset", e.Message);
    }
}
