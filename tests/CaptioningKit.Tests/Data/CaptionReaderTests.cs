using System.Text;
using CaptioningKit.Data;
using Xunit;

namespace CaptioningKit.Tests.Data;

public sealed class CaptionReaderTests : IDisposable
{
    readonly TempFolder _dir = new();

    void Images(string folder, params string[] names)
    {
        foreach (var n in names) _dir.Write(Path.Combine(folder, n), "img");
    }

    // ---------- Flickr8k ----------

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void Flickr8k_tokens_group_captions_and_follow_the_split_lists(string eol)
    {
        Images("Flicker8k_Dataset", "a.jpg", "b.jpg", "c.jpg");
        _dir.Write("Flickr8k.token.txt", string.Join(eol,
            "a.jpg#0\tA dog runs .", "a.jpg#1\tA brown dog .", "b.jpg#0\tTwo kids play .", "c.jpg#0\tA man , a hat .", "d.jpg#0\tnot in a list", ""));
        _dir.Write("Flickr_8k.trainImages.txt", "a.jpg" + eol);
        _dir.Write("Flickr_8k.devImages.txt", "b.jpg" + eol);
        _dir.Write("Flickr_8k.testImages.txt", "c.jpg" + eol);

        var (images, report) = CaptionDatasets.Load(_dir.Path);

        Assert.Equal(CaptionDatasets.Flickr8k, report.Format);
        Assert.Equal(["a.jpg", "b.jpg", "c.jpg"], images.Select(i => i.Id));
        Assert.Equal(["A dog runs .", "A brown dog ."], images[0].Captions);
        Assert.Equal([Split.Train, Split.Val, Split.Test], images.Select(i => i.Split));
        Assert.Equal(Path.Combine(_dir.Path, "Flicker8k_Dataset", "a.jpg"), images[0].ImagePath);
        Assert.Equal("A man , a hat .", images[2].Captions[0]);
        Assert.Equal(1, report.Count(ParseIssueKind.NotInSplit));
        Assert.Equal(5, report.RecordsRead);
    }

    [Fact]
    public void Flickr8k_malformed_lines_are_skipped_and_counted_with_their_line()
    {
        Images("Flicker8k_Dataset", "a.jpg");
        var token = _dir.Write("Flickr8k.token.txt", "a.jpg#0\tfine\nno tab here\na.jpg#x\tbad number\na.jpg#2\t   \n");

        var (images, report) = CaptionDatasets.Load(CaptionDatasets.Flickr8k, token);

        Assert.Single(images);
        Assert.Equal(3, report.Count(ParseIssueKind.Malformed));
        Assert.Equal([2L, 3L, 4L], report.Issues.Select(i => i.Line));
        Assert.All(report.Issues, i => Assert.Equal(token, i.File));
        Assert.Contains("split lists found", report.Notes.Single());
    }

    [Fact]
    public void Flickr8k_strict_mode_throws_at_the_first_bad_line()
    {
        var token = _dir.Write("Flickr8k.token.txt", "a.jpg#0\tfine\nno tab here\n");

        var e = Assert.Throws<CaptionFormatException>(() =>
            CaptionDatasets.Load(token, new LoadOptions { Strict = true, CheckImagesExist = false }));

        Assert.Equal(2, e.Line);
        Assert.StartsWith($"{token}:2: no TAB", e.Message);
    }

    [Fact]
    public void Missing_images_are_reported_or_thrown_in_strict_mode()
    {
        Images("Flicker8k_Dataset", "a.jpg");
        var token = _dir.Write("Flickr8k.token.txt", "a.jpg#0\tthere\nghost.jpg#0\tnot there\nghost.jpg#1\tstill not\n");

        var (images, report) = CaptionDatasets.Load(token);
        Assert.Single(images);
        var issue = Assert.Single(report.Issues);
        Assert.Equal(ParseIssueKind.MissingImage, issue.Kind);
        Assert.Equal(2, issue.Line);
        Assert.Contains("ghost.jpg", issue.Problem);
        Assert.Equal(2, report.RecordsSkipped);

        var e = Assert.Throws<CaptionFormatException>(() => CaptionDatasets.Load(token, new LoadOptions { Strict = true }));
        Assert.Contains(":2:", e.Message);
        Assert.Contains("ghost.jpg", e.Message);
    }

    // ---------- captions.csv / captions.txt / folder ----------

    [Fact]
    public void Kaggle_captions_txt_handles_quoted_commas_doubled_quotes_and_crlf()
    {
        Images("Images", "a.jpg", "b.jpg");
        _dir.Write("captions.txt",
            "image,caption\r\na.jpg,\"A dog, brown, runs .\"\r\na.jpg,\"She said \"\"hi\"\" .\"\r\nb.jpg,plain caption\r\n\r\nb.jpg,\"two\r\nlines\"\r\n");

        var (images, report) = CaptionDatasets.Load(_dir.Path);

        Assert.Equal(CaptionDatasets.CaptionsCsv, report.Format);
        Assert.Equal(["A dog, brown, runs .", "She said \"hi\" ."], images[0].Captions);
        Assert.Equal(["plain caption", "two\r\nlines"], images[1].Captions);
        Assert.Equal(Path.Combine(_dir.Path, "Images", "b.jpg"), images[1].ImagePath);
        Assert.Equal(0, report.RecordsSkipped);
        Assert.Equal(ParseIssueKind.TabOrNewline, report.Issues.Single().Kind); // the two-line caption: kept, reported
    }

    [Fact]
    public void Folder_csv_reads_splits_and_reports_bad_rows_with_lines()
    {
        Images("images", "0001.png", "sub/0002.png", "0003.png");
        var csv = _dir.Write("captions.csv", string.Join("\n",
            "image,caption,split",
            "0001.png,a red circle,train",
            "sub/0002.png,\"a square, blue\",val",
            "0003.png,a dot,TEST",
            "0003.png,a dot,banana",          // 5: unknown split
            "0001.png,too,many,fields",        // 6: extra field
            "../escape.png,nope,train",        // 7: unsafe path
            "0001.png,\"bad\"quote,train",     // 8: text after closing quote
            "0001.png,another,val",            // 9: conflicting split
            ",empty image,train",              // 10
            "0001.png,,train",                 // 11
            ""));

        var (images, report) = CaptionDatasets.Load(csv);

        Assert.Equal(CaptionDatasets.Folder, report.Format);
        Assert.Equal(["0001.png", "sub/0002.png", "0003.png"], images.Select(i => i.Id));
        Assert.Equal([Split.Train, Split.Val, Split.Test], images.Select(i => i.Split));
        Assert.Equal(Path.Combine(_dir.Path, "images", "sub", "0002.png"), images[1].ImagePath);
        Assert.Equal([5L, 6L, 7L, 8L, 9L, 10L, 11L], report.Issues.Select(i => i.Line));
        Assert.All(report.Issues, i => Assert.Equal(ParseIssueKind.Malformed, i.Kind));
        Assert.Equal(7, report.RecordsSkipped);
        Assert.Equal(3, report.ImagesLoaded);

        var e = Assert.Throws<CaptionFormatException>(() => CaptionDatasets.Load(csv, new LoadOptions { Strict = true }));
        Assert.StartsWith($"{csv}:5: unknown split 'banana'", e.Message);
    }

    [Fact]
    public void Folder_tsv_with_bom_and_no_split_column_uses_the_hash_split()
    {
        Images("images", "x.png", "y.png");
        File.WriteAllText(_dir["captions.tsv"], "image\tcaption\nx.png\tone, with comma\ny.png\ttwo\n", new UTF8Encoding(true));

        var (images, report) = CaptionDatasets.Load(_dir.Path);

        Assert.Equal(["x.png", "y.png"], images.Select(i => i.Id));
        Assert.Equal("one, with comma", images[0].Captions[0]);
        Assert.Equal(DeterministicSplit.Of("x.png"), images[0].Split);
        Assert.Contains("hash", report.Notes.Single());
    }

    [Fact]
    public void A_csv_without_a_header_is_refused_even_when_lenient()
    {
        var csv = _dir.Write("captions.csv", "a.png,a caption\n");
        var e = Assert.Throws<CaptionFormatException>(() => CaptionDatasets.Load(csv));
        Assert.Contains("image,caption", e.Message);
    }

    [Fact]
    public void An_unclosed_quote_is_an_error_naming_its_line()
    {
        // Not a skipped record: an unclosed quote would swallow every later row (see Faults/CaptionFileFaultTests).
        var csv = _dir.Write("captions.csv", "image,caption\na.png,\"never closed\n");
        var e = Assert.Throws<CaptionFormatException>(() => CaptionDatasets.Load(csv, new LoadOptions { CheckImagesExist = false }));
        Assert.Contains("never closed", e.Message);
        Assert.Equal(2, e.Line);
    }

    [Fact]
    public void The_hash_split_is_stable_and_roughly_80_10_10()
    {
        Assert.Equal(DeterministicSplit.Of("0001.png"), DeterministicSplit.Of("0001.png"));
        var counts = Enumerable.Range(0, 10_000).Select(i => DeterministicSplit.Of($"{i:D5}.png")).GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
        Assert.InRange(counts[Split.Train], 7700, 8300);
        Assert.InRange(counts[Split.Val], 800, 1200);
        Assert.InRange(counts[Split.Test], 800, 1200);
    }

    // ---------- COCO ----------

    [Fact]
    public void Coco_json_is_streamed_and_joined()
    {
        Images("train2014", "COCO_train2014_1.jpg", "COCO_train2014_2.jpg");
        var big = new string('x', 200_000); // longer than the reader's first buffer
        var json = _dir.Write("annotations/captions_train2014.json", $$"""
            {"info": {"description": "{{big}}", "nested": [1, [2, {"a": null}]]},
             "images": [
               {"id": 1, "file_name": "COCO_train2014_1.jpg", "width": 640},
               {"id": 2, "file_name": "COCO_train2014_2.jpg"},
               {"id": 3, "file_name": "COCO_train2014_3.jpg"},
               {"file_name": "no-id.jpg"}
             ],
             "annotations": [
               {"image_id": 2, "id": 10, "caption": "A cat sits . "},
               {"image_id": 1, "id": 11, "caption": "A \"quoted\" dog \u00e9."},
               {"image_id": 2, "id": 12, "caption": "Another cat."},
               {"image_id": 99, "id": 13, "caption": "orphan"}
             ]}
            """);

        var (images, report) = CaptionDatasets.Load(json);

        Assert.True(images.Count == 2, report.ToString());
        Assert.Equal(CaptionDatasets.Coco, report.Format);
        Assert.Equal(["COCO_train2014_2.jpg", "COCO_train2014_1.jpg"], images.Select(i => i.Id));
        Assert.Equal(["A cat sits .", "Another cat."], images[0].Captions);
        Assert.Equal("A \"quoted\" dog é.", images[1].Captions[0]);
        Assert.All(images, i => Assert.Equal(Split.Train, i.Split));
        Assert.Equal(Path.Combine(_dir.Path, "train2014", "COCO_train2014_1.jpg"), images[1].ImagePath);
        Assert.Equal(2, report.Count(ParseIssueKind.Malformed)); // no id; orphan caption
        Assert.Equal(1, report.Count(ParseIssueKind.NoCaptions));
        Assert.Contains(report.Issues, i => i.Problem.Contains("image_id 99") && i.Line == 12);
    }

    [Fact]
    public void Truncated_json_is_a_clear_error()
    {
        var json = _dir.Write("captions_val2014.json", "{\"images\": [{\"id\": 1, \"file_name\": \"a.jpg\"},");
        var e = Assert.Throws<CaptionFormatException>(() => CaptionDatasets.Load(json));
        Assert.Contains("captions_val2014.json", e.Message);
        Assert.Contains("download it again", e.Message);
    }

    // ---------- Karpathy ----------

    [Fact]
    public void Karpathy_split_file_maps_restval_to_train()
    {
        Images("val2014", "v1.jpg");
        Images("train2014", "t1.jpg");
        var json = _dir.Write("dataset_coco.json", """
            {"images": [
              {"filepath": "val2014", "filename": "v1.jpg", "split": "test", "imgid": 0,
               "sentences": [{"tokens": ["a", "cat"], "raw": "A cat.", "sentid": 0}, {"tokens": ["a", "small", "cat"]}]},
              {"filepath": "train2014", "filename": "t1.jpg", "split": "restval", "sentences": [{"raw": "A dog."}]},
              {"filename": "bad.jpg", "split": "holdout", "sentences": [{"raw": "x"}]}
            ], "dataset": "coco"}
            """);

        var (images, report) = CaptionDatasets.Load(json);

        Assert.Equal(CaptionDatasets.Karpathy, report.Format);
        Assert.Equal(["A cat.", "a small cat"], images[0].Captions);
        Assert.Equal(Split.Test, images[0].Split);
        Assert.Equal(Split.Train, images[1].Split);
        Assert.Equal(Path.Combine(_dir.Path, "val2014", "v1.jpg"), images[0].ImagePath);
        Assert.Contains("holdout", report.Issues.Single().Problem);
        Assert.Equal(5, report.Issues.Single().Line);
    }

    // ---------- BMS ----------

    [Fact]
    public void Bms_labels_find_images_by_the_first_three_characters()
    {
        Images("train", "0/0/0/000011a64c74.png", "a/b/c/abc123.png");
        var csv = _dir.Write("train_labels.csv",
            "image_id,InChI\n000011a64c74,\"InChI=1S/C13H20OS/c1-9(2)8-15-13-6-4-5-12(7-13)10(3)14/h4-7,9-10,14H,8H2,1-3H3\"\n" +
            "abc123,\"InChI=1S/CH4/h1H4\"\nzz,\"InChI=1S/H2O/h1H2\"\nabd999,\"not inchi\"\n");

        var (images, report) = CaptionDatasets.Load(_dir.Path);

        Assert.Equal(CaptionDatasets.Bms, report.Format);
        Assert.Equal(Path.Combine(_dir.Path, "train", "0", "0", "0", "000011a64c74.png"), images[0].ImagePath);
        Assert.Equal("InChI=1S/C13H20OS/c1-9(2)8-15-13-6-4-5-12(7-13)10(3)14/h4-7,9-10,14H,8H2,1-3H3", images[0].Captions.Single());
        Assert.Equal(2, images.Count);
        Assert.Equal([4L, 5L], report.Issues.Select(i => i.Line));
    }

    // ---------- entry point ----------

    [Fact]
    public void Unknown_formats_and_files_are_explained()
    {
        var e = Assert.Throws<ArgumentException>(() => CaptionDatasets.Load("yaml", _dir.Path));
        Assert.Contains("flickr8k", e.Message);
        var d = Assert.Throws<CaptionFormatException>(() => CaptionDatasets.DetectFormat(_dir.Path));
        Assert.Contains("captions.csv", d.Message);
    }

    public void Dispose() => _dir.Dispose();
}
