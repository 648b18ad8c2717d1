using CaptioningKit.Data;
using CaptioningKit.Data.Generated;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit;

namespace CaptioningKit.Tests.Data.Generated;

public class FormatSamplesTests
{
    [Fact]
    public void Every_word_format_sample_loads_into_the_same_images_and_captions()
    {
        using var dir = new TempFolder();
        var samples = FormatSamples.WriteAll(dir.Path);
        Assert.Equal(CaptionDatasets.Formats.Order(), samples.Select(s => s.Format).Order());
        Assert.All(samples, s => Assert.True(File.Exists(s.CaptionsFile), s.CaptionsFile));

        foreach (var sample in samples.Where(s => s.Format != CaptionDatasets.Bms))
        {
            var (images, report) = CaptionDatasets.Load(sample.Format, sample.LoadPath);
            Assert.Equal(sample.Format, report.Format);
            Assert.Equal(FormatSamples.Pictures.Select(p => p.File), images.Select(i => i.Id));
            Assert.Equal(FormatSamples.Pictures.Select(p => p.Captions), images.Select(i => i.Captions.ToArray()));
            Assert.All(images, i => Assert.True(File.Exists(i.ImagePath), i.ImagePath));
            Assert.Equal(0, report.Count(ParseIssueKind.MissingImage));
            if (sample.Format == CaptionDatasets.Flickr8k)
            {
                var issue = Assert.Single(report.Issues);
                Assert.Equal((ParseIssueKind.Malformed, (long)FormatSamples.MalformedFlickr8kLine), (issue.Kind, issue.Line));
                Assert.Equal(1, report.RecordsSkipped);
            }
            else Assert.Equal(0, report.IssueCount);
            if (sample.Format == CaptionDatasets.Coco) // the split comes from the file name: captions_val2014.json
                Assert.Equal([Split.Val, Split.Val], images.Select(i => i.Split));
            else if (sample.Format != CaptionDatasets.CaptionsCsv) // Kaggle's file has no split column: split by hash
                Assert.Equal([Split.Train, Split.Val], images.Select(i => i.Split));
        }

        var bms = CaptionDatasets.Load(CaptionDatasets.Bms, samples.Single(s => s.Format == CaptionDatasets.Bms).LoadPath);
        Assert.Equal(0, bms.Report.IssueCount);
        Assert.Equal(2, bms.Images.Count);
        Assert.All(bms.Images, i => Assert.StartsWith("InChI=1S/", i.Captions.Single()));
    }

    [Fact]
    public void Box_overlay_outlines_the_pixels_a_box_covers()
    {
        using var white = new Image<Rgb24>(10, 8, new Rgb24(255, 255, 255));
        using var drawn = BoxOverlay.Draw(white, [new ObjectBox("x.png", "red", "circle", "small", new PixelBox(2, 1, 6, 5)), new ObjectBox("x.png", "blue", "square", "large", new PixelBox(8, 6, 14, 12))]);
        var black = new Rgb24(0, 0, 0);
        Assert.Equal(black, drawn[2, 1]);
        Assert.Equal(black, drawn[5, 4]);
        Assert.Equal(black, drawn[9, 7]); // the second box is clipped to the image
        Assert.NotEqual(black, drawn[3, 2]); // inside stays
        Assert.NotEqual(black, drawn[6, 5]); // x1, y1 are exclusive
        Assert.Equal(new Rgb24(255, 255, 255), white[2, 1]); // the original is untouched
    }
}
