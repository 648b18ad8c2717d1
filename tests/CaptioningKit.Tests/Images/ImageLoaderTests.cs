using CaptioningKit.Images;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;
using Xunit;

namespace CaptioningKit.Tests.Images;

public class ImageLoaderTests : IDisposable
{
    readonly TestImages _files = new();

    public void Dispose() => _files.Dispose();

    static void AssertLeftRedRightBlue(LoadedImage image, int tolerance = 40)
    {
        var left = image.Image[1, image.Height / 2];
        var right = image.Image[image.Width - 2, image.Height / 2];
        Assert.True(left.R > 255 - tolerance && left.B < tolerance, $"left pixel {left}");
        Assert.True(right.B > 255 - tolerance && right.R < tolerance, $"right pixel {right}");
    }

    [Fact]
    public void Baseline_jpeg_loads_as_rgb()
    {
        using var image = ImageLoader.Load(_files.Jpeg("baseline.jpg"));
        Assert.Equal((20, 10), (image.Width, image.Height));
        Assert.Equal("JPEG", image.Info.Format);
        Assert.False(image.Info.Orientation.Applied);
        AssertLeftRedRightBlue(image);
    }

    [Fact]
    public void Progressive_and_cmyk_jpeg_load()
    {
        using var progressive = ImageLoader.Load(_files.Progressive());
        Assert.Equal((16, 12), (progressive.Width, progressive.Height));
        AssertLeftRedRightBlue(progressive);
        using var cmyk = ImageLoader.Load(_files.Cmyk());
        Assert.Equal("CMYK", cmyk.Info.ColourType);
        AssertLeftRedRightBlue(cmyk, tolerance: 60);
    }

    [Fact]
    public void Greyscale_jpeg_becomes_equal_rgb_channels()
    {
        using var image = ImageLoader.Load(_files.Jpeg("grey.jpg", JpegColorType.Luminance));
        Assert.Equal("greyscale", image.Info.ColourType);
        var p = image.Image[2, 2];
        Assert.True(p.R == p.G && p.G == p.B);
    }

    [Theory]
    [InlineData(PngColorType.Palette, PngBitDepth.Bit8, "palette")]
    [InlineData(PngColorType.Rgb, PngBitDepth.Bit16, "16-bit RGB")]
    [InlineData(PngColorType.Grayscale, PngBitDepth.Bit8, "greyscale")]
    public void Png_kinds_load_with_their_colour_type(PngColorType colour, PngBitDepth depth, string expected)
    {
        using var image = ImageLoader.Load(_files.Png($"{colour}-{depth}.png", colour, depth));
        Assert.Equal(expected, image.Info.ColourType);
        Assert.Equal((20, 10), (image.Width, image.Height));
        if (colour != PngColorType.Grayscale) AssertLeftRedRightBlue(image, tolerance: 5);
    }

    [Fact]
    public void Transparent_png_is_composited_on_white_by_default_or_the_chosen_background()
    {
        var path = _files.Png("alpha.png", PngColorType.RgbWithAlpha, edit: i =>
        {
            i[0, 0] = new Rgba32(0, 0, 0, 0);      // fully transparent
            i[1, 0] = new Rgba32(0, 0, 0, 128);    // half-transparent black
        });
        using var white = ImageLoader.Load(path);
        Assert.Equal("RGB with alpha", white.Info.ColourType);
        Assert.Equal(new Rgb24(255, 255, 255), white.Image[0, 0]);
        Assert.Equal(new Rgb24(127, 127, 127), white.Image[1, 0]);
        using var green = ImageLoader.Load(path, new ImageLoadOptions { Background = new Rgb24(0, 255, 0) });
        Assert.Equal(new Rgb24(0, 255, 0), green.Image[0, 0]);
    }

    [Theory]
    [InlineData(1)] [InlineData(2)] [InlineData(3)] [InlineData(4)] [InlineData(5)] [InlineData(6)] [InlineData(7)] [InlineData(8)]
    public void Oriented_jpeg_loads_back_upright(int orientation)
    {
        using var upright = TestImages.LeftRedRightBlue(20, 10).CloneAs<Rgb24>();
        var path = _files.Path($"oriented-{orientation}.jpg");
        OrientedJpeg.Save(upright, path, orientation);

        using var loaded = ImageLoader.Load(path);
        Assert.Equal((20, 10), (loaded.Width, loaded.Height));
        Assert.Equal(orientation, loaded.Info.Orientation.Value);
        Assert.True(loaded.Image[2, 5].R > 200 && loaded.Image[2, 5].B < 60, "left half red");
        Assert.True(loaded.Image[17, 5].B > 200 && loaded.Image[17, 5].R < 60, "right half blue");
        using var raw = ImageLoader.Load(path, new ImageLoadOptions { ApplyExifOrientation = false });
        Assert.Equal(orientation >= 5 ? (10, 20) : (20, 10), (raw.Width, raw.Height));
        // The returned pixels carry no orientation tag (a browser would otherwise turn the "raw" picture anyway).
        Assert.Null(raw.Image.Metadata.ExifProfile?.GetValue(ExifTag.Orientation));
        Assert.Null(loaded.Image.Metadata.ExifProfile?.GetValue(ExifTag.Orientation));
    }

    [Fact]
    public void Exif_orientation_is_applied_and_reported()
    {
        var path = _files.Jpeg("rotated.jpg", orientation: 6); // stored 20x10, "rotate 90° clockwise to view"
        using var image = ImageLoader.Load(path);
        Assert.Equal((10, 20), (image.Width, image.Height));
        Assert.Equal(6, image.Info.Orientation.Value);
        Assert.True(image.Info.Orientation.Applied);
        Assert.Contains("rotated 90° clockwise", image.Info.Orientation.Description);
        var top = image.Image[5, 1];
        Assert.True(top.R > 200 && top.B < 60, $"after a clockwise turn the red (left) half is on top, got {top}");

        using var raw = ImageLoader.Load(path, new ImageLoadOptions { ApplyExifOrientation = false });
        Assert.Equal((20, 10), (raw.Width, raw.Height));
        Assert.False(raw.Info.Orientation.Applied);
    }

    [Fact]
    public void Truncated_jpeg_and_png_are_refused_as_truncated()
    {
        var jpeg = _files.Truncated(_files.Jpeg("whole.jpg"), "cut.jpg");
        var e = Assert.Throws<ImageLoadException>(() => ImageLoader.Load(jpeg));
        Assert.Equal(ImageLoadProblem.Truncated, e.Problem);
        Assert.Contains("cut.jpg", e.Message);
        var png = _files.Truncated(_files.Png("whole.png", PngColorType.Rgb), "cut.png");
        Assert.Equal(ImageLoadProblem.Truncated, Assert.Throws<ImageLoadException>(() => ImageLoader.Load(png)).Problem);
    }

    [Fact]
    public void Random_bytes_are_an_unsupported_format()
    {
        var e = Assert.Throws<ImageLoadException>(() => ImageLoader.Load(_files.RandomBytes("noise.jpg")));
        Assert.Equal(ImageLoadProblem.UnsupportedFormat, e.Problem);
        Assert.Contains("noise.jpg", e.Message);
    }

    [Fact]
    public void Missing_file_is_reported()
    {
        var e = Assert.Throws<ImageLoadException>(() => ImageLoader.Load(_files.Path("nope.png")));
        Assert.Equal(ImageLoadProblem.Missing, e.Problem);
        Assert.Contains("nope.png", e.Message);
    }

    [Fact]
    public void Huge_header_is_refused_before_decoding()
    {
        var path = _files.HugeHeaderPng("huge.png", 100_000, 100_000);
        // This thread's allocations only: the process-wide count also sees every test running in parallel.
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<ImageLoadException>(() => ImageLoader.Load(path));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(ImageLoadProblem.TooLarge, e.Problem);
        Assert.Contains("width 100000 exceeds", e.Message);
        Assert.True(allocated < 200_000, $"{allocated:N0} bytes allocated to refuse a header; one row of this image is 300,000 bytes");
    }

    [Fact]
    public void Limits_are_configurable()
    {
        var path = _files.Jpeg("small.jpg");
        var e = Assert.Throws<ImageLoadException>(() => ImageLoader.Load(path, new ImageLoadOptions { Limits = new ImageLimits(MaxPixels: 100) }));
        Assert.Equal(ImageLoadProblem.TooLarge, e.Problem);
        Assert.Contains("200 pixels exceed the limit 100", e.Message);
    }
}
