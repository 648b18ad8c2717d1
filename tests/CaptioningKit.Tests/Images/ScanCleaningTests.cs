using CaptioningKit.Images;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit;

namespace CaptioningKit.Tests.Images;

public class ScanCleaningTests
{
    [Fact]
    public void Otsu_splits_a_two_peak_histogram_between_the_peaks()
    {
        var histogram = new int[256];
        histogram[30] = 100; histogram[40] = 50; histogram[200] = 300; histogram[210] = 80;
        Assert.Equal(40, ScanCleaning.OtsuThreshold(histogram));
        Assert.Equal(0, ScanCleaning.OtsuThreshold(new int[256]));
    }

    /// <summary>A grey page (220) with a dark 6x4 "glyph" (30) at (10,8), a 1-pixel speck at (2,2), and a diagonal 2-pixel speck.</summary>
    static Image<Rgb24> NoisyScan()
    {
        var image = new Image<Rgb24>(40, 20, new Rgb24(220, 220, 220));
        for (var y = 8; y < 12; y++) for (var x = 10; x < 16; x++) image[x, y] = new Rgb24(30, 30, 30);
        image[2, 2] = new Rgb24(20, 20, 20);
        image[35, 2] = new Rgb24(20, 20, 20); image[36, 3] = new Rgb24(20, 20, 20); // touching diagonally: one component of 2
        return image;
    }

    [Fact]
    public void Each_step_does_its_one_job()
    {
        using var scan = NoisyScan();
        using var grey = ScanCleaning.ToGreyscale(scan);
        Assert.Equal(220, grey[0, 0].PackedValue);
        using var binary = ScanCleaning.Binarise(grey);
        Assert.Equal(0, binary[12, 9].PackedValue);
        Assert.Equal(255, binary[0, 0].PackedValue);

        using var clean = ScanCleaning.RemoveSpeckles(binary, minPixels: 3);
        Assert.Equal(255, clean[2, 2].PackedValue);     // 1-pixel speck gone
        Assert.Equal(255, clean[35, 2].PackedValue);    // 2-pixel diagonal speck gone
        Assert.Equal(0, clean[12, 9].PackedValue);      // the glyph (24 pixels) stays
        using var keepDiagonal = ScanCleaning.RemoveSpeckles(binary, minPixels: 2);
        Assert.Equal(0, keepDiagonal[35, 2].PackedValue); // 8-connectivity: the two diagonal pixels are one component

        Assert.Equal(new Rectangle(8, 6, 10, 8), ScanCleaning.ContentBounds(clean, margin: 2));
        using var cropped = ScanCleaning.CropToContent(clean, margin: 2);
        Assert.Equal((10, 8), (cropped.Width, cropped.Height));
        using var padded = ScanCleaning.PadToAspectRatio(cropped, 4.0);
        Assert.Equal((32, 8), (padded.Width, padded.Height));
        Assert.Equal(0, padded[11 + 4, 4].PackedValue);  // content centred: offset (32-10)/2 = 11
        using var resized = ScanCleaning.Resize(padded, 64, 16);
        Assert.Equal((64, 16), (resized.Width, resized.Height));
    }

    [Fact]
    public void Clean_runs_every_step_to_the_target_size()
    {
        using var scan = NoisyScan();
        using var cleaned = ScanCleaning.Clean(scan, new ScanCleaningOptions(Width: 64, Height: 16, MinSpecklePixels: 3, Margin: 2));
        Assert.Equal((64, 16), (cleaned.Width, cleaned.Height));
        Assert.True(cleaned[32, 8].R < 128);  // the glyph fills the middle
        Assert.True(cleaned[1, 1].R > 200);   // paper at the corner
    }

    [Fact]
    public void Simulated_scan_is_grey_deterministic_and_otsu_separates_ink_from_paper()
    {
        // Black text-like bar on white, as the generated formulas are (only levels 0 and 255).
        using var clean = new Image<Rgb24>(64, 32, new Rgb24(255, 255, 255));
        for (var y = 10; y < 22; y++) for (var x = 8; x < 56; x++) clean[x, y] = new Rgb24(0, 0, 0);

        using var scan = ScanSimulation.Scan(clean, seed: 3);
        using var again = ScanSimulation.Scan(clean, seed: 3);
        Assert.Equal((64, 32), (scan.Width, scan.Height));
        using var grey = ScanCleaning.ToGreyscale(scan);
        using var greyAgain = ScanCleaning.ToGreyscale(again);
        var histogram = ScanCleaning.Histogram(grey);
        Assert.Equal(histogram, ScanCleaning.Histogram(greyAgain));
        Assert.True(histogram.Count(n => n > 0) > 50, "many grey levels, not just black and white");

        var t = ScanCleaning.OtsuThreshold(histogram);
        Assert.InRange(t, 60, 200);
        using var binary = ScanCleaning.Binarise(grey, t);
        Assert.Equal(0, binary[32, 16].PackedValue);   // inside the bar: ink
        Assert.Equal(255, binary[32, 3].PackedValue);  // above it: paper
    }
}

public class CleaningInTheImagePathTests
{
    [Fact]
    public void A_transform_with_cleaning_feeds_the_cleaned_scan_and_says_so()
    {
        using var scan = CaptioningKit.Data.Generated.Formulas.FormulaRenderer.Draw("C6H12O6", 256, 64, new Random(3)).CloneAs<SixLabors.ImageSharp.PixelFormats.Rgb24>();
        var plain = ImageTransform.Fixed(128, 32) with { Normalization = PixelNormalization.ZeroToOne };
        var cleaning = plain with { Clean = new ScanCleaningOptions(128, 32) };
        var a = new float[3 * 32 * 128];
        var b = new float[3 * 32 * 128];
        cleaning.Apply(scan, ["C6H12O6"], new Random(1), a);
        using (var cleaned = ScanCleaning.Clean(scan, new ScanCleaningOptions(128, 32)))
            plain.Apply(cleaned, ["C6H12O6"], new Random(1), b);
        Assert.Equal(b, a);
        Assert.Contains("clean scan", cleaning.Describe());
        Assert.DoesNotContain("clean", plain.Describe());
    }

    [Fact]
    public void The_model_config_chooses_the_cleaning_and_old_configs_without_it_do_not_clean()
    {
        var config = CaptionerConfig.ForFormulas(24) with { CleanScans = true };
        Assert.Equal(new ScanCleaningOptions(128, 32), config.Transform.Clean);
        var json = config.ToJson();
        Assert.True(CaptionerConfig.FromJson(json, "test").CleanScans);
        var old = json.Replace(",\"CleanScans\":true", "");
        Assert.DoesNotContain("CleanScans", old);
        Assert.False(CaptionerConfig.FromJson(old, "old checkpoint").CleanScans);
        Assert.Null(CaptionerConfig.FromJson(old, "old checkpoint").Transform.Clean);
    }
}
