using Xunit;
using static CaptioningKit.Tests.Cli.CliRun;

namespace CaptioningKit.Tests.Cli;

/// <summary>Bad inputs of download, generate, vocab, images, features and bleu: exit code 1 and an error that names them.</summary>
[Collection(CliCollection.Name)]
public sealed class CliDataCommandTests(CliFiles files)
{
    // download

    [Fact]
    public async Task Download_of_an_unknown_dataset_names_it_and_lists_the_known_ones()
    {
        var r = await Run("download", "nosuch", "--data-dir", files.NewFolder());
        AssertBadInput(r, "Unknown dataset 'nosuch'", "flickr8k, coco2014, coco2017, karpathy-splits, bms-molecular-translation");
    }

    // generate

    [Fact]
    public async Task Generate_writes_a_tiny_dataset_then_finds_it_there()
    {
        var dataDir = files.NewFolder("data");
        string[] args = ["generate", "formulas", "--train", "2", "--val", "1", "--test", "1", "--data-dir", dataDir];
        var first = await Run(args);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains($"Wrote 4 images", first.Output);
        Assert.Contains(Path.Combine(dataDir, "formulas"), first.Output);
        var again = await Run(args);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("Already there", again.Output);
    }

    [Fact]
    public async Task Generate_with_a_negative_split_size_names_it()
    {
        var r = await Run("generate", "shapes", "--train", "-5", "--data-dir", files.NewFolder());
        AssertParseError(r, "--train must be at least 0 (got -5)"); // checked when the command line is parsed
    }

    [Fact]
    public async Task Generate_with_no_images_asked_names_the_options()
    {
        var r = await Run("generate", "shapes", "--train", "0", "--val", "0", "--test", "0", "--data-dir", files.NewFolder());
        AssertBadInput(r, "--train, --val and --test are all 0");
    }

    [Fact]
    public async Task Generate_into_a_data_dir_that_is_a_file_names_the_file()
    {
        var file = files.NewFile("not-a-folder", "x");
        var r = await Run("generate", "shapes", "--train", "2", "--val", "1", "--test", "1", "--data-dir", file);
        AssertBadInput(r, file);
    }

    // vocab

    [Fact]
    public async Task Vocab_build_on_a_missing_dataset_names_it()
    {
        var missing = files.Missing("no-dataset");
        var r = await Run("vocab", "build", "--dataset", missing);
        AssertBadInput(r, $"{missing}: does not exist", "captions.csv");
    }

    [Fact]
    public async Task Vocab_build_when_every_image_is_missing_is_one_error_line()
    {
        var folder = files.NewFolder("no-images");
        File.WriteAllText(Path.Combine(folder, "captions.csv"), "image,caption,split\na.png,a dog runs,train\nb.png,a cat sits,val\n");
        var r = await Run("vocab", "build", "--dataset", folder);
        AssertBadInput(r, $"'{folder}'", "none of the 2 images", "Fix:");
    }

    [Fact]
    public async Task Vocab_build_on_a_folder_with_several_captions_files_lists_them()
    {
        var folder = files.NewFolder("two-files");
        File.WriteAllText(Path.Combine(folder, "captions.csv"), "image,caption\na.png,a dog\n");
        File.WriteAllText(Path.Combine(folder, "captions.txt"), "image,caption\na.png,a dog\n");
        var r = await Run("vocab", "build", "--dataset", folder);
        AssertBadInput(r, "captions.csv (folder)", "captions.txt (captions-csv)", "pass the file itself");
    }

    [Fact]
    public async Task Vocab_build_on_a_captions_file_without_the_columns_names_the_file_and_line()
    {
        var folder = files.NewFolder("bad-header");
        File.WriteAllText(Path.Combine(folder, "captions.csv"), "foo,bar\n1,2\n");
        var r = await Run("vocab", "build", "--dataset", folder);
        AssertBadInput(r, Path.Combine(folder, "captions.csv") + ":1", "'image'", "'caption'");
    }

    [Fact]
    public async Task Vocab_build_with_an_unknown_preset_names_it_and_saves_nothing()
    {
        var output = files.Missing("vocab.json");
        var r = await Run("vocab", "build", "--dataset", files.Dataset, "--preset", "nosuch", "--out", output);
        AssertBadInput(r, "'nosuch'", "flickr8k, plain, none");
        Assert.False(File.Exists(output));
    }

    [Theory]
    [InlineData("--top-k", "0", "--top-k must be at least 1 (got 0)")]
    [InlineData("--threshold", "-1", "--threshold must be at least 1 (got -1)")]
    public async Task Vocab_build_with_an_out_of_range_setting_says_which(string option, string value, string message)
    {
        // Checked when the command line is parsed: the option and the value are named, nothing is read or saved.
        var r = await Run("vocab", "build", "--dataset", files.Dataset, option, value, "--out", files.Missing("vocab.json"));
        AssertParseError(r, message);
    }

    [Fact]
    public async Task Vocab_build_on_the_tiny_dataset_prints_its_summary()
    {
        var output = files.Missing("vocab.json");
        var r = await Run("vocab", "build", "--dataset", files.Dataset, "--out", output);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("Vocabulary: ", r.Output);
        Assert.Contains($"Saved to {output}", r.Output);
        Assert.True(File.Exists(output));
    }

    // images

    [Fact]
    public async Task Images_inspect_on_a_missing_folder_names_it()
    {
        var missing = files.Missing("no-images");
        var r = await Run("images", "inspect", missing);
        AssertBadInput(r, missing, "does not exist");
    }

    [Fact]
    public async Task Images_inspect_exits_1_and_names_an_image_that_does_not_load()
    {
        var folder = files.NewFolder("images");
        File.Copy(files.Image, Path.Combine(folder, "good.png"));
        File.WriteAllText(Path.Combine(folder, "broken.png"), "not a png");
        var r = await Run("images", "inspect", folder);
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains(r.OutputLines, l => l.Contains("broken.png") && l.Contains("not an image format"));
        Assert.Contains(r.OutputLines, l => l.Contains("good.png") && l.Contains(" ok "));
        Assert.Contains("1 of 2 images load.", r.Output);
        AssertNoStackTrace(r);

        var json = await Run("images", "inspect", folder, "--json");
        Assert.True(json.ExitCode == 1, json.ToString());
        Assert.Contains("broken.png", json.Output);
        Assert.Contains("not an image format", json.Output);
    }

    // features

    [Fact]
    public async Task Features_build_on_a_missing_dataset_names_it()
    {
        var missing = files.Missing("no-dataset");
        var r = await Run("features", "build", "--dataset", missing, "--encoder", "small-cnn");
        AssertBadInput(r, $"'{missing}'", "does not exist");
    }

    [Fact]
    public async Task Features_build_with_an_unknown_encoder_names_it()
    {
        var r = await Run("features", "build", "--dataset", files.NewFolder("empty"), "--encoder", "nosuch");
        AssertBadInput(r, "'nosuch'", "resnet18");
    }

    // bleu

    [Fact]
    public async Task Bleu_with_missing_references_names_the_file()
    {
        var hypotheses = files.NewFile("hyp.txt", "a red square\n");
        var references = files.Missing("refs.txt");
        var r = await Run("bleu", "--references", references, "--hypotheses", hypotheses);
        AssertBadInput(r, references, "does not exist");
    }

    [Fact]
    public async Task Bleu_with_missing_hypotheses_names_the_file()
    {
        var references = files.NewFile("refs.txt", "a red square\n");
        var hypotheses = files.Missing("hyp.txt");
        var r = await Run("bleu", "--references", references, "--hypotheses", hypotheses);
        AssertBadInput(r, hypotheses, "does not exist");
    }

    [Fact]
    public async Task Bleu_with_mismatched_line_counts_names_both_files_and_counts()
    {
        var references = files.NewFile("refs.txt", "a red square\ta square\na blue circle\n");
        var hypotheses = files.NewFile("hyp.txt", "a red square\n");
        var r = await Run("bleu", "--references", references, "--hypotheses", hypotheses);
        AssertBadInput(r, $"{references} has references for 2 hypotheses", $"{hypotheses} has 1 lines");
    }

    [Fact]
    public async Task Bleu_with_a_hypothesis_without_references_names_its_line()
    {
        var references = files.NewFile("refs.txt", "\t\na blue circle\n");
        var hypotheses = files.NewFile("hyp.txt", "a red square\na blue circle\n");
        var r = await Run("bleu", "--references", references, "--hypotheses", hypotheses);
        AssertBadInput(r, $"{references}: hypothesis 1 has no reference caption");
    }

    [Fact]
    public async Task Bleu_with_malformed_json_references_names_the_file()
    {
        var references = files.NewFile("refs.json", "{not json");
        var hypotheses = files.NewFile("hyp.txt", "a red square\n");
        var r = await Run("bleu", "--references", references, "--hypotheses", hypotheses);
        AssertBadInput(r, $"{references} is not a JSON array of arrays of caption strings");
    }

    [Fact]
    public async Task Bleu_prints_its_scores_as_json()
    {
        var references = files.NewFile("refs.json", """[["a red square on the left", "a red square"], ["a blue circle in the middle"]]""");
        var hypotheses = files.NewFile("hyp.txt", "a red square on the left\na blue circle in the middle\n");
        var r = await Run("bleu", "--references", references, "--hypotheses", hypotheses);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("\"bleu4\": 1", r.Output);
        Assert.Equal("", r.Error);
    }
}
