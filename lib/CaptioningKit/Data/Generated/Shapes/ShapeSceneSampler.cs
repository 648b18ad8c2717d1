using SixLabors.ImageSharp.PixelFormats;

namespace CaptioningKit.Data.Generated.Shapes;

/// <summary>
/// Draws a random scene: 1–3 objects, each a distinct (colour, shape) pair so that "the red circle" names exactly one
/// object, placed without overlap and at least <see cref="Gap"/> pixels apart, inside a <see cref="Margin"/>.
/// </summary>
public static class ShapeSceneSampler
{
    /// <summary>Free pixels kept between objects.</summary>
    public const int Gap = 2;

    /// <summary>Free pixels kept between an object and the image border.</summary>
    public const int Margin = 1;

    public static ShapeScene Sample(Random rng, int width, int height)
    {
        // A lone object must sit clearly off-centre on at least one axis, so it has a position word; redraw otherwise.
        for (int attempt = 0; ; attempt++)
        {
            var scene = SampleOnce(rng, width, height);
            if (attempt >= 20 || scene.Objects.Count > 1 || ScenePositions.ClearHorizontal(scene.Objects[0].Box, width)
                || ScenePositions.ClearVertical(scene.Objects[0].Box, height)) return scene;
        }
    }

    static ShapeScene SampleOnce(Random rng, int width, int height)
    {
        int want = rng.Next(1, 4);
        var objects = new List<SceneObject>(want);
        var background = new Rgb24((byte)rng.Next(228, 252), (byte)rng.Next(228, 252), (byte)rng.Next(228, 252));
        for (int n = 0; n < want; n++)
        {
            var kind = (ShapeKind)rng.Next(Enum.GetValues<ShapeKind>().Length);
            var colour = ShapeColour.Palette[rng.Next(ShapeColour.Palette.Count)];
            var size = rng.Next(2) == 0 ? ShapeSize.Small : ShapeSize.Large;
            if (objects.Any(o => o.Kind == kind && o.Colour == colour)) continue; // keep names unique
            int side = size.Side(width, height);
            for (int attempt = 0; attempt < 40; attempt++)
            {
                int x0 = rng.Next(Margin, width - side - Margin + 1), y0 = rng.Next(Margin, height - side - Margin + 1);
                var box = new PixelBox(x0, y0, x0 + side, y0 + side);
                if (objects.Any(o => o.Box.Overlaps(box, Gap))) continue;
                objects.Add(new SceneObject(kind, colour, size, box));
                break;
            }
        }
        if (objects.Count == 0) // every attempt failed (tiny images only): fall back to one small object in a corner
        {
            int side = ShapeSize.Small.Side(width, height);
            objects.Add(new SceneObject(ShapeKind.Square, ShapeColour.Palette[0], ShapeSize.Small, new PixelBox(Margin, Margin, Margin + side, Margin + side)));
        }
        return new ShapeScene(width, height, background, objects);
    }
}
