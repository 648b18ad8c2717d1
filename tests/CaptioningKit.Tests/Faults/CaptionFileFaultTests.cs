using System.Text;
using CaptioningKit.Data;
using CaptioningKit.Tests.Cli;
using Xunit;
using static CaptioningKit.Tests.Cli.CliRun;

namespace CaptioningKit.Tests.Faults;

/// <summary>
/// Caption files and BLEU inputs that used to be accepted silently or crash: an unclosed quote swallowing later rows,
/// invalid UTF-8 becoming U+FFFD tokens, JSON nulls, empty inputs, a dataset with nothing usable left.
/// </summary>
[Collection(CliCollection.Name)]
[Trait("Category", "Faults")]
public sealed class CaptionFileFaultTests(CliFiles files)
{
    /// <summary>A dataset folder with <paramref name="rows"/> images (copies of the fixture's image) and the given captions.csv bytes.</summary>
    string Dataset(byte[] captionsCsv, int images = 4)
    {
        var folder = files.NewFolder("csv-set");
        Directory.CreateDirectory(Path.Combine(folder, "images"));
        for (int i = 0; i < images; i++) File.Copy(files.Image, Path.Combine(folder, "images", $"i{i}.png"));
        File.WriteAllBytes(Path.Combine(folder, "captions.csv"), captionsCsv);
        return folder;
    }

    static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    const string Unclosed = "image,caption,split\ni0.png,a red square,train\ni1.png,\"a blue circle,train\ni2.png,a green triangle,val\ni3.png,a red circle,val\n";

    [Fact]
    public void An_unclosed_quote_is_an_error_naming_its_line_not_a_skipped_row()
    {
        var folder = Dataset(Utf8(Unclosed));
        var e = Assert.Throws<CaptionFormatException>(() => CaptionDatasets.Load(folder));
        Assert.Equal(3, e.Line);
        Assert.Contains("captions.csv:3: a quote opened on this line is never closed", e.Message);
    }

    [Fact]
    public void A_quote_closed_rows_later_is_an_error_naming_the_line_it_opened_on()
    {
        var text = "image,caption,split\ni0.png,\"a red square,train\ni1.png,a blue circle,train\ni2.png,\"a green\" triangle,val\ni3.png,x,val\n";
        var e = Assert.Throws<CaptionFormatException>(() => CaptionDatasets.Load(Dataset(Utf8(text))));
        Assert.Equal(2, e.Line);
    }

    [Fact]
    public void A_quoted_caption_holding_a_line_break_is_still_read()
    {
        var text = "image,caption,split\ni0.png,\"a red\nsquare\",train\ni1.png,a blue circle,val\n";
        var (images, report) = CaptionDatasets.Load(Dataset(Utf8(text)));
        Assert.Equal(2, images.Count);
        Assert.Equal("a red\nsquare", images[0].Captions[0]);
        Assert.Equal(0, report.RecordsSkipped);
    }

    [Fact]
    public async Task Vocab_build_with_an_unclosed_quote_names_the_file_and_line()
    {
        var folder = Dataset(Utf8(Unclosed));
        var r = await Run("vocab", "build", "--dataset", folder, "--out", files.Missing("v.json"));
        AssertBadInput(r, $"{Path.Combine(folder, "captions.csv")}:3:", "never closed");
    }

    [Fact]
    public async Task Train_with_an_unclosed_quote_names_the_file_and_line_before_training()
    {
        var folder = Dataset(Utf8(Unclosed));
        var r = await Run("train", "--dataset", folder, "--epochs", "1", "--out", files.NewFolder("runs"));
        AssertBadInput(r, "captions.csv:3:", "never closed");
    }

    [Fact]
    public void Invalid_utf8_in_a_captions_csv_names_the_file_and_line()
    {
        var bytes = Utf8("image,caption,split\ni0.png,a red square,train\ni1.png,a blue ").Concat(new byte[] { 0xC3, 0x28 }).Concat(Utf8(" circle,val\n")).ToArray();
        var folder = Dataset(bytes);
        var e = Assert.Throws<InvalidDataException>(() => CaptionDatasets.Load(folder));
        Assert.Contains($"{Path.Combine(folder, "captions.csv")}:3: byte 0xC3 at offset", e.Message);
        Assert.Contains("save the file as UTF-8", e.Message);
    }

    [Fact]
    public async Task Train_on_invalid_utf8_exits_1_naming_the_line()
    {
        var bytes = Utf8("image,caption,split\ni0.png,a red square,train\n").Concat(new byte[] { 0xFF }).Concat(Utf8("i1.png,a blue circle,val\n")).ToArray();
        var r = await Run("train", "--dataset", Dataset(bytes), "--epochs", "1", "--out", files.NewFolder("runs"));
        AssertBadInput(r, "captions.csv:3: byte 0xFF");
    }

    [Fact]
    public async Task Bleu_on_two_empty_files_is_an_error_not_zeros()
    {
        var refs = files.NewFile("refs.txt", "");
        var hyps = files.NewFile("hyps.txt", "");
        var r = await Run("bleu", "--references", refs, "--hypotheses", hyps);
        AssertBadInput(r, hyps, "holds no caption");
    }

    [Fact]
    public async Task Bleu_with_a_json_null_caption_names_the_entry()
    {
        var refs = files.NewFile("refs.json", "[[\"a red square\", null]]");
        var hyps = files.NewFile("hyps.txt", "a red square\n");
        var r = await Run("bleu", "--references", refs, "--hypotheses", hyps);
        AssertBadInput(r, refs, "entry 1, reference 2 is null");
    }

    [Fact]
    public async Task Bleu_with_a_json_null_entry_names_it()
    {
        var refs = files.NewFile("refs.json", "[[\"a red square\"], null]");
        var hyps = files.NewFile("hyps.txt", "a red square\na blue circle\n");
        var r = await Run("bleu", "--references", refs, "--hypotheses", hyps);
        AssertBadInput(r, refs, "entry 2 is null");
    }

    [Fact]
    public async Task Bleu_with_invalid_utf8_names_the_file_and_line()
    {
        var refs = files.NewFile("refs.txt", "a red square\na blue circle\n");
        var hyps = Path.Combine(files.NewFolder(), "hyps.txt");
        File.WriteAllBytes(hyps, Utf8("a red square\na blue ").Concat(new byte[] { 0xE2, 0x82 }).Concat(Utf8("\n")).ToArray());
        var r = await Run("bleu", "--references", refs, "--hypotheses", hyps);
        AssertBadInput(r, $"{hyps}:2: byte 0xE2");
    }

    [Fact]
    public async Task Train_prints_the_parse_report_and_names_missing_images_when_nothing_is_left()
    {
        var folder = Dataset(Utf8("image,caption,split\nx0.png,a red square,train\nx1.png,a blue circle,val\n"), images: 0);
        var r = await Run("train", "--dataset", folder, "--epochs", "1", "--out", files.NewFolder("runs"));
        AssertBadInput(r, "nothing usable remains (2 records read, 2 skipped)", "x0.png", "put the image files in the dataset's images folder");
        Assert.Contains("skipped: 2 missing or unsafe image paths", r.Error);
    }

    [Fact]
    public async Task Evaluate_prints_the_parse_report_summary_on_stderr_and_keeps_stdout_json()
    {
        var folder = Dataset(Utf8("image,caption,split\ni0.png,a red square,test\ni1.png,,test\nmissing.png,a blue circle,test\n"));
        var r = await Run("evaluate", "--dataset", folder, "--checkpoint", files.Checkpoint, "--device", "cpu");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("1 images, 1 captions from 3 records; skipped: 1 malformed, 1 missing or unsafe image paths.", r.Error);
        Assert.StartsWith("{", r.Output.TrimStart());
    }
}
