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
    public void Records_round_trip_through_the_parser()
    {
        string[][] records = [["image", "caption", "split"], ["x.png", "a \"big\", brown dog", "train"], ["y.png", "two\r\nlines", "val"], ["z.png", "", "test"]];
        var text = string.Concat(records.Select(r => CsvText.Record(r) + CsvText.NewLine));
        var parsed = CsvText.Parse(text, "t.csv");
        Assert.Equal(records.Length, parsed.Count);
        for (int i = 0; i < records.Length; i++) Assert.Equal(records[i], parsed[i]);
    }

    [Fact]
    public void Unclosed_quote_names_the_source()
    {
        var e = Assert.Throws<FormatException>(() => CsvText.Parse("a,b\n\"x,y\n", "captions.csv"));
        Assert.Contains("captions.csv", e.Message);
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
