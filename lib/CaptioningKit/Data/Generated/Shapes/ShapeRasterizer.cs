using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace CaptioningKit.Data.Generated.Shapes;

/// <summary>
/// Draws a <see cref="ShapeScene"/> by writing pixels straight into an <see cref="Image{Rgb24}"/> (no drawing
/// library): a pixel belongs to a shape when its centre passes the shape's inside test. No anti-aliasing, so every
/// run on every machine gives the same bytes.
/// </summary>
public static class ShapeRasterizer
{
    public static Image<Rgb24> Draw(ShapeScene scene, Random rng)
    {
        var image = new Image<Rgb24>(scene.Width, scene.Height, scene.Background);
        var inks = scene.Objects.Select(o => Jitter(o.Colour.Rgb, rng)).ToArray();
        image.ProcessPixelRows(rows =>
        {
            for (int i = 0; i < scene.Objects.Count; i++)
            {
                var o = scene.Objects[i];
                for (int y = o.Box.Y0; y < o.Box.Y1; y++)
                {
                    var row = rows.GetRowSpan(y);
                    for (int x = o.Box.X0; x < o.Box.X1; x++)
                        if (Inside(o.Kind, o.Box, x + 0.5, y + 0.5)) row[x] = inks[i];
                }
            }
        });
        return image;
    }

    /// <summary>Whether the point (px, py) lies inside a shape of kind <paramref name="kind"/> filling <paramref name="box"/>.</summary>
    public static bool Inside(ShapeKind kind, PixelBox box, double px, double py)
    {
        double r = box.Width / 2.0, dx = px - box.CentreX, dy = py - box.CentreY;
        return kind switch
        {
            ShapeKind.Square => true,
            ShapeKind.Circle => dx * dx + dy * dy <= r * r,
            ShapeKind.Diamond => Math.Abs(dx) + Math.Abs(dy) <= r,
            ShapeKind.Cross => Math.Abs(dx) <= r / 3 || Math.Abs(dy) <= r / 3,
            // apex at the top centre, base along the bottom edge; +0.5 so the top row keeps its apex pixel(s)
            ShapeKind.Triangle => Math.Abs(dx) <= (py - box.Y0 + 0.5) / box.Height * r,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    static Rgb24 Jitter(Rgb24 c, Random rng)
    {
        static byte J(byte v, Random r) => (byte)Math.Clamp(v + r.Next(-12, 13), 0, 255);
        return new Rgb24(J(c.R, rng), J(c.G, rng), J(c.B, rng));
    }
}
