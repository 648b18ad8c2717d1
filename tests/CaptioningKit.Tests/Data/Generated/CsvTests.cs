using CaptioningKit.Data;
using CaptioningKit.Data.Generated;
using CaptioningKit.Data.Generated.Csv;
using Xunit;

namespace CaptioningKit.Tests.Data.Generated;

public class CsvTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a dog, running", "\"a dog, running\"")]
    [InlineData("a \"big\" dog", "\"a \"\"big\"\" dog\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    public void Fields_are_quoted_only_when_needed(string value, string written) => Assert.Equal(written, CsvText.Field(value));

    [Fact]
    public void Written_records_round_trip_through_the_folder_parser()
    {
        using var dir = new TempFolder();
        Directory.CreateDirectory(Path.Combine(dir.Path, "images"));
        string[][] rows = [["x.png", "a \"big\", brown dog", "train"], ["y.png", "two\r\nlines", "val"], ["z.png", "plain, with a comma", "test"]];
        foreach (var r in rows) File.WriteAllBytes(Path.Combine(dir.Path, "images", r[0]), []);
        var text = string.Concat(rows.Prepend(["image", "caption", "split"]).Select(r => CsvText.Record(r) + CsvText.NewLine));
        File.WriteAllText(Path.Combine(dir.Path, "captions.csv"), text);

        var (images, report) = CaptionDatasets.Load(CaptionDatasets.Folder, dir.Path);
        Assert.Equal(0, report.RecordsSkipped);
        Assert.Equal(1, report.IssueCount); // the caption with a line break is kept, and reported
        Assert.Equal(1, report.Count(ParseIssueKind.TabOrNewline));
        Assert.Equal(rows.Select(r => r[0]), images.Select(i => i.Id));
        Assert.Equal(rows.Select(r => r[1]), images.Select(i => i.Captions.Single()));
        Assert.Equal([Split.Train, Split.Val, Split.Test], images.Select(i => i.Split));
    }

    [Fact]
    public void A_bad_objects_row_names_the_file_and_line()
    {
        using var dir = new TempFolder();
        File.WriteAllText(Path.Combine(dir.Path, "objects.csv"), "image,colour,shape,size,x0,y0,x1,y1\r\ns-1.png,red,circle,small,1,2,x,4\r\n");
        var e = Assert.Throws<FormatException>(() => ObjectBoxesCsv.Read(dir.Path));
        Assert.Contains("objects.csv:2:", e.Message);
        Assert.Contains("x1", e.Message);
        File.WriteAllText(Path.Combine(dir.Path, "objects.csv"), "image,colour,shape\r\n");
        Assert.Contains("no column 'size'", Assert.Throws<FormatException>(() => ObjectBoxesCsv.Read(dir.Path)).Message);
        Assert.Throws<FileNotFoundException>(() => ObjectBoxesCsv.Read(Path.Combine(dir.Path, "missing.csv")));
    }

    [Fact]
    public void Object_boxes_round_trip()
    {
        using var dir = new TempFolder();
        var boxes = new[] { new ObjectBox("s-1.png", "red", "circle", "small", new PixelBox(1, 2, 14, 15)), new ObjectBox("s-1.png", "blue", "cross", "large", new PixelBox(30, 31, 52, 53)) };
        File.WriteAllText(Path.Combine(dir.Path, "objects.csv"), ObjectBoxesCsv.Format(boxes));
        Assert.Equal(boxes, ObjectBoxesCsv.Read(dir.Path));
        Assert.Equal(["red", "circle"], boxes[0].Words);
    }
}
