using CaptioningKit.Images;
using SixLabors.ImageSharp.Formats.Png;
using Xunit;

namespace CaptioningKit.Tests.Images;

public class ImageInspectorTests : IDisposable
{
    readonly TestImages _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Inspect_reports_every_file_ok_or_with_its_error()
    {
        _files.Jpeg("a-rotated.jpg", orientation: 8);
        _files.Png("b-palette.png", PngColorType.Palette);
        _files.RandomBytes("c-noise.png");
        File.WriteAllText(_files.Path("notes.txt"), "not an image");

        var rows = ImageInspector.Inspect(_files.Folder);
        Assert.Equal(["a-rotated.jpg", "b-palette.png", "c-noise.png"], rows.Select(r => r.File));
        Assert.True(rows[0].Ok);
        Assert.Equal((10, 20), (rows[0].Width!.Value, rows[0].Height!.Value));
        Assert.StartsWith("8: rotated 90° anticlockwise", rows[0].Orientation);
        Assert.Equal("palette", rows[1].ColourType);
        Assert.False(rows[2].Ok);
        Assert.Equal(ImageLoadProblem.UnsupportedFormat, rows[2].Problem);
        Assert.Contains("c-noise.png", rows[2].Error);

        var json = ImageInspector.ToJson(rows);
        Assert.Contains("\"problem\": \"UnsupportedFormat\"", json);
        Assert.Contains("\"colourType\": \"palette\"", json);
    }
}
