using CaptioningKit.Data.Generated;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using CaptioningKit.Display;

namespace CaptioningKit.Teaching;

/// <summary>
/// Draws ground-truth boxes (<see cref="ObjectBox"/>) onto their picture: a one-pixel black outline just inside each
/// box (x0..x1-1, y0..y1-1, the pixels the box covers), so a learner can check that a box is where the shape is.
/// </summary>
public static class BoxOverlay
{
    /// <summary>A copy of <paramref name="image"/> with the outlines of <paramref name="boxes"/> drawn on it; boxes are clipped to the image.</summary>
    public static Image<Rgb24> Draw(Image image, IEnumerable<ObjectBox> boxes)
    {
        var copy = image.CloneAs<Rgb24>();
        var black = new Rgb24(0, 0, 0);
        foreach (var b in boxes.Select(o => o.Box))
        {
            int x0 = Math.Max(0, b.X0), y0 = Math.Max(0, b.Y0), x1 = Math.Min(copy.Width, b.X1) - 1, y1 = Math.Min(copy.Height, b.Y1) - 1;
            if (x0 > x1 || y0 > y1) continue;
            for (int x = x0; x <= x1; x++) { copy[x, y0] = black; copy[x, y1] = black; }
            for (int y = y0; y <= y1; y++) { copy[x0, y] = black; copy[x1, y] = black; }
        }
        return copy;
    }

    /// <summary>The image file at <paramref name="imagePath"/> with its boxes drawn, shown <paramref name="displayWidth"/> pixels wide, the boxes listed below it.</summary>
    public static ImageView View(string imagePath, IReadOnlyList<ObjectBox> boxes, int displayWidth = 256)
    {
        using var image = Image.Load(imagePath);
        using var drawn = Draw(image, boxes);
        var caption = string.Join("\n", boxes.Select(b => $"{b.Size} {b.Colour} {b.Shape}: {b.Box}"));
        return ImageView.FromImage(drawn, caption, displayWidth: displayWidth);
    }
}
