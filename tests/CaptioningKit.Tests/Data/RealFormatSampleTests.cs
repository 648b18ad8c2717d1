using System.Text;
using System.Text.Json;
using CaptioningKit.Data;
using Xunit;

namespace CaptioningKit.Tests.Data;

/// <summary>
/// The readers on excerpts of real caption files (tests/fixtures/captions, sources in its README), laid out as a user
/// has them, and the defects a new user met with such files: a UTF-8 BOM, a Karpathy "images" object, a COCO or
/// Karpathy JSON inside a folder, a COCO file name that is not exactly captions_val2014.json, duplicate Flickr8k
/// caption numbers, TABs and line breaks in captions (reported, kept). Counts are checked against the files as written.
/// </summary>
public sealed class RealFormatSampleTests : IDisposable
{
    static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];
    readonly TempFolder _dir = new();

    static string Sample(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "captions", name));

    /// <summary>Writes a sample (optionally with a BOM, under another name) and stand-in image files for its images.</summary>
    string Put(string relative, string text, bool bom = false)
    {
        var full = _dir[relative];
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, bom ? [.. Bom, .. Encoding.UTF8.GetBytes(text)] : Encoding.UTF8.GetBytes(text));
        return full;
    }

    void Images(string folder, IEnumerable<string> names)
    {
        foreach (var n in names) _dir.Write(Path.Combine(folder, n), "img");
    }

    static readonly string[] FlickrImages = ["1000268201_693b08cb0e.jpg", "1001773457_577c3a7d70.jpg", "1012212859_01547e3f17.jpg"];
    static readonly string[] KarpathyImages = ["2513260012_03d33305cf.jpg", "2903617548_d3e38d7f88.jpg"];
    static readonly string[] CocoAnnotated = ["COCO_val2014_000000203564.jpg", "COCO_val2014_000000179765.jpg", "COCO_val2014_000000322141.jpg",
        "COCO_val2014_000000016977.jpg", "COCO_val2014_000000106140.jpg"];

    // ---------- BOM ----------

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Kaggle_captions_txt_reads_the_same_with_a_BOM(bool bom)
    {
        Images("Images", FlickrImages);
        Put("captions.txt", Sample("captions.txt"), bom);

        var (images, report) = CaptionDatasets.Load(_dir.Path);

        Assert.Equal(CaptionDatasets.CaptionsCsv, report.Format);
        Assert.Equal(FlickrImages, images.Select(i => i.Id));
        Assert.Equal(15, report.CaptionsLoaded);
        Assert.Equal(File.ReadLines(Path.Combine(AppContext.BaseDirectory, "fixtures", "captions", "Flickr8k.token.txt")).Count(), report.CaptionsLoaded);
        Assert.Equal(0, report.IssueCount);
        Assert.Equal("A dog shakes its head near the shore , a red ball next to it .", images[2].Captions[0]); // the quoted field
    }

    [Fact]
    public void Own_folder_captions_csv_with_a_BOM_and_a_split_column_is_read()
    {
        Images("images", ["a.png", "b.png"]);
        Put("captions.csv", "image,caption,split\r\na.png,A dog runs .,train\r\nb.png,A cat sits .,val\r\n", bom: true);

        var (images, report) = CaptionDatasets.Load(_dir.Path);

        Assert.Equal([Split.Train, Split.Val], images.Select(i => i.Split));
        Assert.Empty(report.Notes); // the split column was found, so no hash split
    }

    [Fact]
    public void Flickr8k_token_file_with_a_BOM_keeps_its_first_image()
    {
        Images("Flicker8k_Dataset", FlickrImages);
        Put("Flickr8k.token.txt", Sample("Flickr8k.token.txt"), bom: true);

        var (images, report) = CaptionDatasets.Load(_dir.Path);

        Assert.Equal(FlickrImages, images.Select(i => i.Id));
        Assert.All(images, i => Assert.Equal(5, i.Captions.Count));
        Assert.Equal(0, report.Count(ParseIssueKind.Malformed));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Coco_json_reads_the_same_with_a_BOM(bool bom)
    {
        Images("val2014", CocoAnnotated);
        var json = Put("annotations/captions_val2014.json", Sample("captions_val2014.json"), bom);

        var (images, report) = CaptionDatasets.Load(json);

        Assert.Equal(CocoAnnotated, images.Select(i => i.Id));
        Assert.All(images, i => Assert.Equal(Split.Val, i.Split));
        Assert.Equal("A bicycle replica with a clock as the front wheel.", images[0].Captions.Single());
        Assert.Equal(2, report.Count(ParseIssueKind.NoCaptions)); // 391895 and 522418 have no annotation in the excerpt
        Assert.Equal(0, report.Count(ParseIssueKind.Malformed));
        Assert.Equal(12, report.RecordsRead); // 7 images + 5 annotations
        using var doc = JsonDocument.Parse(Sample("captions_val2014.json"));
        Assert.Equal(doc.RootElement.GetProperty("annotations").GetArrayLength(), report.CaptionsLoaded);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Karpathy_json_reads_the_same_with_a_BOM(bool bom)
    {
        Images("", KarpathyImages);
        var json = Put("dataset_flickr8k.json", Sample("dataset_flickr8k.json"), bom);

        var (images, report) = CaptionDatasets.Load(json);

        Assert.Equal(KarpathyImages, images.Select(i => i.Id));
        Assert.Equal(10, report.CaptionsLoaded);
        // An independent reader (System.Text.Json's DOM) counts the same sentences.
        using var doc = JsonDocument.Parse(Sample("dataset_flickr8k.json"));
        Assert.Equal(doc.RootElement.GetProperty("images").EnumerateArray().Sum(i => i.GetProperty("sentences").GetArrayLength()), report.CaptionsLoaded);
        Assert.Equal("A black dog is running after a white dog in the snow .", images[0].Captions[0]);
        Assert.All(images, i => Assert.Equal(Split.Train, i.Split));
    }

    // ---------- Karpathy "images" not an array ----------

    [Fact]
    public void Karpathy_file_whose_images_is_an_object_is_an_error_not_zero_images()
    {
        // The same records keyed by image id, as some conversion scripts write them.
        var records = Sample("dataset_flickr8k.json");
        var body = records[(records.IndexOf('[') + 1)..records.LastIndexOf(']')];
        var json = Put("dataset_flickr8k.json", "{\"images\": {\"0\": " + body.Replace("}, {\"sentids\": [5", "}, \"1\": {\"sentids\": [5") + "}, \"dataset\": \"flickr8k\"}");

        var e = Assert.Throws<CaptionFormatException>(() => CaptionDatasets.Load(json));

        Assert.Contains("\"images\" is an object", e.Message);
        Assert.Contains("karpathy", e.Message);
        Assert.StartsWith(json + ":1:", e.Message);
    }

    [Fact]
    public void Json_without_the_formats_array_is_an_error()
    {
        var json = Put("dataset_flickr8k.json", "{\"dataset\": \"flickr8k\", \"pictures\": []}");
        var e = Assert.Throws<CaptionFormatException>(() => CaptionDatasets.Load(json));
        Assert.Contains("no \"images\" array", e.Message);

        var coco = Put("captions_val2014.json", "{\"images\": [{\"id\": 1, \"file_name\": \"a.jpg\"}]}");
        Assert.Contains("no \"annotations\" array", Assert.Throws<CaptionFormatException>(() => CaptionDatasets.Load(coco)).Message);
    }

    // ---------- a folder holding a JSON ----------

    [Fact]
    public void A_folder_holding_a_coco_json_in_annotations_is_loaded()
    {
        Images("val2014", CocoAnnotated);
        Put("annotations/captions_val2014.json", Sample("captions_val2014.json"));

        var (images, report) = CaptionDatasets.Load(_dir.Path);

        Assert.Equal(CaptionDatasets.Coco, report.Format);
        Assert.Equal(5, images.Count);
        Assert.Equal(CaptionDatasets.Coco, CaptionDatasets.Load(CaptionDatasets.Coco, _dir.Path).Report.Format);
    }

    [Fact]
    public void A_folder_holding_a_karpathy_json_is_loaded_by_detection_and_by_name()
    {
        Images("", KarpathyImages);
        Put("dataset_flickr8k.json", Sample("dataset_flickr8k.json"));
        Put("vocabulary.word.json", "{\"format\": \"captioningkit-vocabulary\", \"version\": 1}"); // not a candidate

        Assert.Equal(2, CaptionDatasets.Load(_dir.Path).Images.Count);
        Assert.Equal(2, CaptionDatasets.Load(CaptionDatasets.Karpathy, _dir.Path).Images.Count);
        Assert.Equal(new DatasetSource(CaptionDatasets.Karpathy, _dir["dataset_flickr8k.json"]), CaptionDatasets.Resolve(_dir.Path));
    }

    [Fact]
    public void A_folder_with_several_captions_files_lists_them_and_says_how_to_pick()
    {
        Put("annotations/captions_train2014.json", Sample("captions_val2014.json"));
        Put("annotations/captions_val2014.json", Sample("captions_val2014.json"));

        var e = Assert.Throws<CaptionFormatException>(() => CaptionDatasets.Load(_dir.Path));

        Assert.Contains(Path.Combine("annotations", "captions_train2014.json") + " (coco)", e.Message);
        Assert.Contains(Path.Combine("annotations", "captions_val2014.json") + " (coco)", e.Message);
        Assert.Contains("pass the file itself", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    // ---------- COCO file names ----------

    [Theory]
    [InlineData("small_captions_val2014.json", Split.Val)]
    [InlineData("captions_val2017.json", Split.Val)]
    [InlineData("captions_train2014_subset.json", Split.Train)]
    [InlineData("my-coco-test.json", Split.Test)]
    public void Coco_split_comes_from_the_word_in_the_file_name(string name, Split split)
    {
        Images("val2014", CocoAnnotated);
        var json = Put(name, Sample("captions_val2014.json"));

        var (images, report) = CaptionDatasets.Load(CaptionDatasets.Coco, json, new LoadOptions { CheckImagesExist = false });

        Assert.All(images, i => Assert.Equal(split, i.Split));
        Assert.Equal(5, images.Count);
        Assert.Empty(report.Notes);
    }

    [Fact]
    public void Coco_file_with_a_nonstandard_name_is_detected_and_found_in_a_folder()
    {
        Images("val2014", CocoAnnotated);
        Put("small_captions_val2014.json", Sample("captions_val2014.json"));
        Put("more-captions.json", Sample("captions_val2014.json").Replace("\"captions\"", "\"x\"")); // sniffed as COCO too: two files

        Assert.Contains("holds 2 captions files", Assert.Throws<CaptionFormatException>(() => CaptionDatasets.Load(_dir.Path)).Message);
        File.Delete(_dir["more-captions.json"]);
        // COCO's instances file opens like a captions file (images with file_name) but is not one: never a candidate.
        Put("annotations/instances_val2014.json", "{\"info\": {}, \"images\": [{\"id\": 1, \"file_name\": \"COCO_val2014_000000000001.jpg\"}], " +
            "\"annotations\": [{\"segmentation\": [[1, 2]], \"area\": 3.5, \"bbox\": [1, 2, 3, 4], \"image_id\": 1, \"category_id\": 18, \"id\": 1768}]}");
        Put("interval.json", "{\"images\": [{\"file_name\": \"a.jpg\"}]}");

        var (images, report) = CaptionDatasets.Load(_dir.Path);
        Assert.Equal(CaptionDatasets.Coco, report.Format);
        Assert.All(images, i => Assert.Equal(Split.Val, i.Split));
        Assert.Equal(_dir["val2014"], Path.GetDirectoryName(images[0].ImagePath));
        Assert.Equal(CaptionDatasets.Coco, CaptionDatasets.Resolve(_dir["interval.json"]).Format); // given as a file, its content decides
    }

    [Fact]
    public void Coco_file_whose_name_has_no_split_is_train_with_a_note()
    {
        var json = Put("coco_annotations.json", Sample("captions_val2014.json"));
        var (images, report) = CaptionDatasets.Load(json, new LoadOptions { CheckImagesExist = false });
        Assert.All(images, i => Assert.Equal(Split.Train, i.Split));
        Assert.Contains(report.Notes, n => n.Contains("names no split"));
    }

    // ---------- reported, kept ----------

    [Fact]
    public void Flickr8k_duplicate_caption_numbers_are_reported_and_kept()
    {
        Images("Flicker8k_Dataset", FlickrImages);
        var text = Sample("Flickr8k.token.txt").Replace("1000268201_693b08cb0e.jpg#3", "1000268201_693b08cb0e.jpg#2");
        var token = Put("Flickr8k.token.txt", text);

        var (images, report) = CaptionDatasets.Load(token);

        Assert.Equal(5, images[0].Captions.Count); // both kept
        var issue = Assert.Single(report.Issues);
        Assert.Equal(ParseIssueKind.DuplicateCaptionNumber, issue.Kind);
        Assert.Equal(4, issue.Line);
        Assert.Contains("'1000268201_693b08cb0e.jpg#2' is used twice (first at line 3)", issue.Problem);
        Assert.Equal(0, report.RecordsSkipped);
        Assert.True(ParseReport.IsKept(issue.Kind));
    }

    [Fact]
    public void Captions_with_a_tab_or_a_line_break_are_reported_and_kept()
    {
        Images("Images", FlickrImages);
        var csv = Sample("captions.txt").Replace("A girl going into a wooden building .", "\"A girl going\ninto a wooden\tbuilding .\"");
        Put("captions.txt", csv);
        Images("val2014", CocoAnnotated);
        var json = Put("annotations/captions_val2014.json",
            Sample("captions_val2014.json").Replace("A bicycle replica with a clock", "A bicycle replica\\nwith a clock"));

        var (images, report) = CaptionDatasets.Load(_dir["captions.txt"]);
        Assert.Equal("A girl going\ninto a wooden\tbuilding .", images[0].Captions[1]);
        var issue = Assert.Single(report.Issues);
        Assert.Equal((ParseIssueKind.TabOrNewline, 3L), (issue.Kind, issue.Line));
        Assert.Equal(15, report.CaptionsLoaded);

        var coco = CaptionDatasets.Load(json);
        Assert.Equal("A bicycle replica\nwith a clock as the front wheel.", coco.Images[0].Captions[0]);
        Assert.Equal(1, coco.Report.Count(ParseIssueKind.TabOrNewline));
    }

    [Fact]
    public void Strict_mode_does_not_throw_for_what_is_only_reported()
    {
        Images("Flicker8k_Dataset", FlickrImages);
        var token = Put("Flickr8k.token.txt", Sample("Flickr8k.token.txt").Replace("#3\t", "#2\t"));
        var (images, report) = CaptionDatasets.Load(token, new LoadOptions { Strict = true });
        Assert.Equal(3, images.Count);
        Assert.Equal(3, report.Count(ParseIssueKind.DuplicateCaptionNumber));
    }

    public void Dispose() => _dir.Dispose();
}
