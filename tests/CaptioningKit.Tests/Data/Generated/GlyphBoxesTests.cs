using CaptioningKit.Data.Generated;
using CaptioningKit.Data.Generated.Formulas;
using CaptioningKit.Images;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit;

namespace CaptioningKit.Tests.Data.Generated;

public class GlyphBoxesTests
{
    static int InkIn(Image<L8> image, PixelBox box)
    {
        var n = 0;
        for (var y = box.Y0; y < box.Y1; y++)
            for (var x = box.X0; x < box.X1; x++)
                if (image[x, y].PackedValue < 128) n++;
        return n;
    }

    [Fact]
    public void Each_character_box_holds_its_glyph_left_to_right_and_the_image_is_the_same_as_Draw()
    {
        for (var seed = 0; seed < 20; seed++)
        {
            var formula = FormulaSampler.Sample(new Random(seed));
            using var plain = FormulaRenderer.Draw(formula, 256, 64, new Random(100 + seed));
            var (image, boxes) = FormulaRenderer.DrawWithBoxes(formula, 256, 64, new Random(100 + seed));
            using (image)
            {
                Assert.Equal(formula.Length, boxes.Count);
                for (var k = 0; k < boxes.Count; k++)
                {
                    Assert.True(boxes[k].IsInside(256, 64), $"{formula}[{k}] box {boxes[k]} leaves the image");
                    var cells = Enumerable.Range(0, BitmapFont.GlyphHeight * BitmapFont.GlyphWidth).Count(i => BitmapFont.Ink(formula[k], i % BitmapFont.GlyphWidth, i / BitmapFont.GlyphWidth));
                    Assert.True(InkIn(image, boxes[k]) >= cells * 2, $"{formula}[{k}] box {boxes[k]} holds too little ink"); // ≥ 2x2 pixels a font cell, less a few flipped by speckle
                    if (k > 0) Assert.True(boxes[k].X0 >= boxes[k - 1].X1, $"{formula}: boxes {k - 1} and {k} overlap");
                }
                for (var y = 0; y < 64; y += 3)
                    for (var x = 0; x < 256; x++)
                        Assert.Equal(plain[x, y], image[x, y]);
            }
        }
    }

    [Fact]
    public void The_generator_writes_the_boxes_beside_the_captions_and_they_read_back()
    {
        using var dir = new TempFolder();
        var folder = BuiltInDatasets.Generate("formulas", dir.Path, seed: 4, train: 12, val: 3, test: 3).Folder;
        var boxes = GlyphBoxesCsv.Read(folder);
        var captions = File.ReadAllLines(Path.Combine(folder, "captions.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(18, boxes.Count);
        foreach (var row in captions)
            Assert.Equal(row[1], string.Concat(boxes[row[0]].Select(b => b.Character)));
        Assert.Equal(boxes.Values.Sum(b => b.Count), File.ReadAllLines(Path.Combine(folder, GlyphBoxesCsv.FileName)).Length - 1);
    }

    [Fact]
    public void A_bad_row_names_the_file_and_line()
    {
        using var dir = new TempFolder();
        var path = Path.Combine(dir.Path, GlyphBoxesCsv.FileName);
        File.WriteAllText(path, "image,index,character,x0,y0,x1,y1\nf.png,0,C,1,2,x,4\n");
        Assert.Contains(":2:", Assert.Throws<FormatException>(() => GlyphBoxesCsv.Read(path)).Message);
    }

    [Fact]
    public void Boxes_follow_the_scan_into_the_cleaned_image()
    {
        var formula = "C8H9BrN2O";
        var (image, boxes) = FormulaRenderer.DrawWithBoxes(formula, 256, 64, new Random(7));
        using (image)
        {
            using var scan = image.CloneAs<Rgb24>();
            var options = new ScanCleaningOptions(128, 32);
            using var cleaned = ScanCleaning.Clean(scan, options);
            using var grey = cleaned.CloneAs<L8>();
            var map = ScanCleaning.BoxMapping(scan, options);
            var mapped = boxes.Select(map).ToList();
            Assert.All(mapped, b => Assert.True(b.IsInside(128, 32), $"{b} leaves the cleaned image"));
            for (var k = 0; k < mapped.Count; k++)
                Assert.True(InkIn(grey, mapped[k]) > 0, $"{formula}[{k}]: no ink in the mapped box {mapped[k]}");
            Assert.True(mapped[^1].X1 - mapped[0].X0 > 100, "a 9-character formula fills the cleaned width"); // cropped and scaled up
        }
    }
}
