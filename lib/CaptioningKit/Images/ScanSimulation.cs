using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace CaptioningKit.Images;

/// <summary>
/// Makes a clean black-and-white rendering look like a real scan: slightly blurred strokes, grey ink on grey paper,
/// shading from one side to the other and sensor noise. The built-in formulas are pure black and white (0 and 255,
/// plus salt-and-pepper speckle), which makes Otsu's threshold trivial; after this their histogram has the two humps
/// and the valley that <see cref="ScanCleaning.OtsuThreshold(Image{L8})"/> is for. Deterministic for a seed.
/// </summary>
public static class ScanSimulation
{
    /// <summary>A scanned-looking grey copy of <paramref name="image"/> (same size).</summary>
    /// <param name="blur">Gaussian blur sigma in pixels.</param>
    /// <param name="noise">Standard deviation of the per-pixel noise, in grey levels.</param>
    public static Image<Rgb24> Scan(Image<Rgb24> image, int seed, float blur = 0.7f, double noise = 14)
    {
        var rng = new Random(seed);
        double paper = 200 + rng.Next(30), ink = 40 + rng.Next(40), shading = 20 + rng.Next(25); // grey levels
        var result = image.Clone(c => c.GaussianBlur(blur));
        result.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                {
                    var lightness = (row[x].R + row[x].G + row[x].B) / (3 * 255.0);           // 0 = ink, 1 = paper
                    var level = ink + (paper - ink) * lightness + shading * ((double)x / row.Length - 0.5) + noise * Gaussian(rng);
                    var v = (byte)Math.Clamp(Math.Round(level), 0, 255);
                    row[x] = new Rgb24(v, v, v);
                }
            }
        });
        return result;
    }

    static double Gaussian(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
