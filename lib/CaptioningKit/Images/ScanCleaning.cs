using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using SixLabors.ImageSharp;

namespace CaptioningKit.Images;

/// <summary>
/// Cleaning of noisy scans (formulas, molecule drawings), one public step per function so a notebook can show each:
/// <see cref="ToGreyscale"/> → <see cref="OtsuThreshold(Image{L8})"/> + <see cref="Binarise"/> →
/// <see cref="RemoveSpeckles"/> → <see cref="CropToContent"/> → <see cref="PadToAspectRatio"/> → <see cref="Resize"/>.
/// Convention: ink is dark (0), paper is white (255). Every step returns a new image.
/// </summary>
public static class ScanCleaning
{
    /// <summary>Luminance (ITU-R BT.709 weights, as ImageSharp's L8 conversion).</summary>
    public static Image<L8> ToGreyscale(Image<Rgb24> image) => image.CloneAs<L8>();

    /// <summary>The 256-bin histogram of grey levels.</summary>
    public static int[] Histogram(Image<L8> image)
    {
        var histogram = new int[256];
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
                foreach (var p in rows.GetRowSpan(y)) histogram[p.PackedValue]++;
        });
        return histogram;
    }

    /// <summary>
    /// Otsu's threshold: the grey level t that maximises the between-class variance w0·w1·(μ0−μ1)² when pixels
    /// ≤ t are one class (ink) and pixels &gt; t the other (paper). Returns the smallest such t (0 for an empty or
    /// single-level histogram).
    /// </summary>
    public static int OtsuThreshold(IReadOnlyList<int> histogram)
    {
        long total = 0, sumAll = 0;
        for (var i = 0; i < histogram.Count; i++) { total += histogram[i]; sumAll += (long)i * histogram[i]; }
        if (total == 0) return 0;
        long w0 = 0, sum0 = 0;
        double best = -1;
        var threshold = 0;
        for (var t = 0; t < histogram.Count; t++)
        {
            w0 += histogram[t];
            sum0 += (long)t * histogram[t];
            var w1 = total - w0;
            if (w0 == 0 || w1 == 0) continue;
            var mu0 = (double)sum0 / w0;
            var mu1 = (double)(sumAll - sum0) / w1;
            var between = (double)w0 * w1 * (mu0 - mu1) * (mu0 - mu1);
            if (between > best + 1e-9) { best = between; threshold = t; }
        }
        return threshold;
    }

    /// <summary>Otsu's threshold of an image's histogram.</summary>
    public static int OtsuThreshold(Image<L8> image) => OtsuThreshold(Histogram(image));

    /// <summary>Pixels ≤ <paramref name="threshold"/> become ink (0), the others paper (255). Null threshold: Otsu's.</summary>
    public static Image<L8> Binarise(Image<L8> image, int? threshold = null)
    {
        var t = threshold ?? OtsuThreshold(image);
        var result = image.Clone();
        result.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++) row[x] = new L8(row[x].PackedValue <= t ? (byte)0 : (byte)255);
            }
        });
        return result;
    }

    /// <summary>
    /// Removes connected ink components (8-connectivity: diagonal neighbours touch) smaller than
    /// <paramref name="minPixels"/> pixels: dust and scanner noise. Expects a binarised image.
    /// </summary>
    public static Image<L8> RemoveSpeckles(Image<L8> binary, int minPixels)
    {
        int w = binary.Width, h = binary.Height;
        var ink = ReadInk(binary);
        var seen = new bool[w * h];
        var component = new List<int>();
        var stack = new Stack<int>();
        for (var start = 0; start < ink.Length; start++)
        {
            if (!ink[start] || seen[start]) continue;
            component.Clear();
            stack.Push(start);
            seen[start] = true;
            while (stack.Count > 0)
            {
                var i = stack.Pop();
                component.Add(i);
                int cx = i % w, cy = i / w;
                for (var dy = -1; dy <= 1; dy++)
                    for (var dx = -1; dx <= 1; dx++)
                    {
                        int nx = cx + dx, ny = cy + dy;
                        if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
                        var n = ny * w + nx;
                        if (ink[n] && !seen[n]) { seen[n] = true; stack.Push(n); }
                    }
            }
            if (component.Count < minPixels) foreach (var i in component) ink[i] = false;
        }
        return WriteInk(ink, w, h);
    }

    /// <summary>
    /// The bounding box of the ink (pixels darker than 128) grown by <paramref name="margin"/> pixels on each side
    /// (clipped to the image), or null when there is no ink.
    /// </summary>
    public static Rectangle? ContentBounds(Image<L8> image, int margin = 0)
    {
        int minX = int.MaxValue, minY = int.MaxValue, maxX = -1, maxY = -1;
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                {
                    if (row[x].PackedValue >= 128) continue;
                    minX = Math.Min(minX, x); maxX = Math.Max(maxX, x);
                    minY = Math.Min(minY, y); maxY = Math.Max(maxY, y);
                }
            }
        });
        if (maxX < 0) return null;
        var left = Math.Max(0, minX - margin);
        var top = Math.Max(0, minY - margin);
        var right = Math.Min(image.Width - 1, maxX + margin);
        var bottom = Math.Min(image.Height - 1, maxY + margin);
        return new Rectangle(left, top, right - left + 1, bottom - top + 1);
    }

    /// <summary>Crops to the ink's bounding box plus <paramref name="margin"/>; a blank image is returned unchanged (copied).</summary>
    public static Image<L8> CropToContent(Image<L8> image, int margin = 4) =>
        ContentBounds(image, margin) is { } box ? image.Clone(c => c.Crop(box)) : image.Clone();

    /// <summary>
    /// Pads with paper (white) equally on both sides so that width/height equals <paramref name="aspectRatio"/>
    /// (e.g. 4.0 for 256x64 formula images), without scaling the content.
    /// </summary>
    public static Image<L8> PadToAspectRatio(Image<L8> image, double aspectRatio)
    {
        var (w, h) = PaddedSize(image.Width, image.Height, aspectRatio);
        var result = new Image<L8>(w, h, new L8(255));
        var offset = new Point((w - image.Width) / 2, (h - image.Height) / 2);
        result.Mutate(c => c.DrawImage(image, offset, 1f));
        return result;
    }

    /// <summary>The size <see cref="PadToAspectRatio"/> pads a <paramref name="width"/> x <paramref name="height"/> image to.</summary>
    static (int Width, int Height) PaddedSize(int width, int height, double aspectRatio)
    {
        if (aspectRatio <= 0) throw new ArgumentOutOfRangeException(nameof(aspectRatio), "The aspect ratio (width/height) must be positive.");
        int w = width, h = height;
        if ((double)w / h < aspectRatio) w = (int)Math.Round(h * aspectRatio);
        else h = (int)Math.Round(w / aspectRatio);
        return (Math.Max(w, width), Math.Max(h, height));
    }

    /// <summary>
    /// Where <see cref="Clean"/> puts the pixels of <paramref name="scan"/>: the function that maps a box in the scan's
    /// pixels (e.g. a character's) to the cleaned image's pixels (crop to the ink, pad, resize). Runs the same steps as
    /// Clean to find the ink.
    /// </summary>
    public static Func<Data.Generated.PixelBox, Data.Generated.PixelBox> BoxMapping(Image<Rgb24> scan, ScanCleaningOptions? options = null)
    {
        options ??= new ScanCleaningOptions();
        using var grey = ToGreyscale(scan);
        using var binary = Binarise(grey, options.Threshold);
        using var clean = RemoveSpeckles(binary, options.MinSpecklePixels);
        var crop = ContentBounds(clean, options.Margin) ?? new Rectangle(0, 0, scan.Width, scan.Height);
        var (w, h) = PaddedSize(crop.Width, crop.Height, (double)options.Width / options.Height);
        double offsetX = (w - crop.Width) / 2 - crop.X, offsetY = (h - crop.Height) / 2 - crop.Y; // scan pixel → padded pixel
        double scaleX = (double)options.Width / w, scaleY = (double)options.Height / h;
        int X(double x) => (int)Math.Clamp(Math.Round((x + offsetX) * scaleX), 0, options.Width);
        int Y(double y) => (int)Math.Clamp(Math.Round((y + offsetY) * scaleY), 0, options.Height);
        return b => new Data.Generated.PixelBox(X(b.X0), Y(b.Y0), X(b.X1), Y(b.Y1));
    }

    /// <summary>Resizes to exactly <paramref name="width"/> x <paramref name="height"/>.</summary>
    public static Image<L8> Resize(Image<L8> image, int width, int height) =>
        image.Clone(c => c.Resize(width, height, KnownResamplers.Triangle));

    /// <summary>All steps in order, with the settings in <paramref name="options"/>; returns RGB for the tensor pipeline.</summary>
    public static Image<Rgb24> Clean(Image<Rgb24> scan, ScanCleaningOptions? options = null)
    {
        options ??= new ScanCleaningOptions();
        using var grey = ToGreyscale(scan);
        using var binary = Binarise(grey, options.Threshold);
        using var clean = RemoveSpeckles(binary, options.MinSpecklePixels);
        using var cropped = CropToContent(clean, options.Margin);
        using var padded = PadToAspectRatio(cropped, (double)options.Width / options.Height);
        using var resized = Resize(padded, options.Width, options.Height);
        return resized.CloneAs<Rgb24>();
    }

    static bool[] ReadInk(Image<L8> image)
    {
        var ink = new bool[image.Width * image.Height];
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++) ink[y * rows.Width + x] = row[x].PackedValue < 128;
            }
        });
        return ink;
    }

    static Image<L8> WriteInk(bool[] ink, int w, int h)
    {
        var result = new Image<L8>(w, h);
        result.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < h; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < w; x++) row[x] = new L8(ink[y * w + x] ? (byte)0 : (byte)255);
            }
        });
        return result;
    }
}

/// <summary>Settings of <see cref="ScanCleaning.Clean"/>: the output size (256x64 for the formula set), speckle size, margin, threshold.</summary>
public sealed record ScanCleaningOptions(int Width = 256, int Height = 64, int MinSpecklePixels = 4, int Margin = 4, int? Threshold = null);
