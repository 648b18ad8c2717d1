using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace CaptioningKit.Data.Generated.Formulas;

/// <summary>
/// Draws a formula like a noisy scan: black text on white in the built-in <see cref="BitmapFont"/>, at a random scale
/// (a little wider or taller at random), at a random place that keeps a blank margin, then salt-and-pepper speckle
/// (a few pixels flipped to black or white), as in the BMS molecule scans.
/// </summary>
public static class FormulaRenderer
{
    /// <summary>The blank border, in pixels, that the text never enters (speckle may).</summary>
    public const int Margin = 4;

    public static Image<L8> Draw(string text, int width, int height, Random rng) => DrawWithBoxes(text, width, height, rng).Image;

    /// <summary>As <see cref="Draw"/>, with the pixel box of each character's 5x7 glyph cells (the same random draws,
    /// so the same image): box k covers the pixels whose font cell falls in character k's glyph.</summary>
    public static (Image<L8> Image, IReadOnlyList<PixelBox> Boxes) DrawWithBoxes(string text, int width, int height, Random rng)
    {
        int cellsX = BitmapFont.TextWidth(text.Length), cellsY = BitmapFont.GlyphHeight;
        double fit = Math.Min((width - 2.0 * Margin) / cellsX, (height - 2.0 * Margin) / cellsY);
        if (fit < 1) throw new ArgumentException($"'{text}' ({text.Length} characters) does not fit a {width}x{height} image; make the image wider or the text shorter.", nameof(text));
        double maxScale = Math.Min(fit, 5), minScale = Math.Min(2, maxScale); // at least 2 pixels per font cell when it fits
        double sx = minScale + rng.NextDouble() * (maxScale - minScale);
        double sy = Math.Min(sx * (0.85 + 0.3 * rng.NextDouble()), (height - 2.0 * Margin) / cellsY);
        int textW = (int)Math.Ceiling(sx * cellsX), textH = (int)Math.Ceiling(sy * cellsY);
        int ox = rng.Next(Margin, Math.Max(Margin, width - Margin - textW) + 1);
        int oy = rng.Next(Margin, Math.Max(Margin, height - Margin - textH) + 1);
        double speckle = 0.002 + rng.NextDouble() * 0.02;

        // Which font cell each output column falls in (-1 outside the text), computed once for the whole image.
        var cellOfX = new int[width];
        for (int x = 0; x < width; x++)
        {
            int gx = (int)Math.Floor((x + 0.5 - ox) / sx);
            cellOfX[x] = gx >= 0 && gx < cellsX ? gx : -1;
        }
        var glyphs = text.Select(BitmapFont.Glyph).ToArray();
        // Pixel x lies in font cell floor((x + 0.5 - ox) / sx): the first pixel of cell g is ceil(ox + g * sx - 0.5).
        int FirstX(int cell) => Math.Clamp((int)Math.Ceiling(ox + cell * sx - 0.5), 0, width);
        int FirstY(int cell) => Math.Clamp((int)Math.Ceiling(oy + cell * sy - 0.5), 0, height);
        var boxes = Enumerable.Range(0, text.Length).Select(k => new PixelBox(
            FirstX(k * BitmapFont.Pitch), FirstY(0), FirstX(k * BitmapFont.Pitch + BitmapFont.GlyphWidth), FirstY(BitmapFont.GlyphHeight))).ToList();

        var image = new Image<L8>(width, height, new L8(255));
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < height; y++)
            {
                int gy = (int)Math.Floor((y + 0.5 - oy) / sy);
                if (gy is < 0 or >= BitmapFont.GlyphHeight) continue;
                var row = rows.GetRowSpan(y);
                for (int x = 0; x < width; x++)
                {
                    int gx = cellOfX[x], column = gx % BitmapFont.Pitch;
                    if (gx >= 0 && column < BitmapFont.GlyphWidth && glyphs[gx / BitmapFont.Pitch][gy, column]) row[x] = new L8(0);
                }
            }
            // Salt and pepper: flip a share of all pixels, chosen at random, to black or white.
            int flips = (int)Math.Round(speckle * width * height);
            for (int i = 0; i < flips; i++)
                rows.GetRowSpan(rng.Next(height))[rng.Next(width)] = new L8(rng.Next(2) == 0 ? (byte)0 : (byte)255);
        });
        return (image, boxes);
    }
}
