using SixLabors.ImageSharp.PixelFormats;

namespace CaptioningKit.Data.Generated.Shapes;

/// <summary>A whole picture before it is drawn: its size, its background and its 1–3 objects.</summary>
public sealed record ShapeScene(int Width, int Height, SixLabors.ImageSharp.PixelFormats.Rgb24 Background, IReadOnlyList<SceneObject> Objects);

/// <summary>One object in a scene: what it is, how it looks, and the box it is drawn in (its side is the size's).</summary>
public sealed record SceneObject(ShapeKind Kind, ShapeColour Colour, ShapeSize Size, PixelBox Box)
{
    /// <summary>"red circle": the words that name the object; unique within a scene.</summary>
    public string Name => $"{Colour.Word} {Kind.Word()}";
}

/// <summary>The shapes the "shapes" set draws; each name is also the caption word for it (lowercased).</summary>
public enum ShapeKind { Circle, Square, Triangle, Diamond, Cross }

/// <summary>The caption word of each <see cref="ShapeKind"/>.</summary>
public static class ShapeKindWords
{
    public static string Word(this ShapeKind kind) => kind switch
    {
        ShapeKind.Circle => "circle",
        ShapeKind.Square => "square",
        ShapeKind.Triangle => "triangle",
        ShapeKind.Diamond => "diamond",
        ShapeKind.Cross => "cross",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}

/// <summary>A named colour: the caption word and the RGB value it is drawn with (before a little jitter).</summary>
public sealed record ShapeColour(string Word, Rgb24 Rgb)
{
    /// <summary>The palette: five colours that stay distinct from each other and from the light background.</summary>
    public static readonly IReadOnlyList<ShapeColour> Palette =
    [
        new("red", new Rgb24(215, 35, 35)),
        new("green", new Rgb24(30, 160, 55)),
        new("blue", new Rgb24(35, 75, 215)),
        new("yellow", new Rgb24(225, 190, 20)),
        new("purple", new Rgb24(135, 50, 175)),
    ];
}

/// <summary>Two sizes, far enough apart to be told at a glance; the word is "small" or "large".</summary>
public enum ShapeSize { Small, Large }

/// <summary>The caption word and the pixel side of each <see cref="ShapeSize"/>.</summary>
public static class ShapeSizes
{
    public static string Word(this ShapeSize size) => size == ShapeSize.Small ? "small" : "large";

    /// <summary>The side of the object's square box: about a fifth of the image for small, a third for large.</summary>
    public static int Side(this ShapeSize size, int width, int height)
    {
        int d = Math.Min(width, height);
        int small = Math.Max(5, (int)Math.Round(d * 0.20));
        return size == ShapeSize.Small ? small : Math.Max(small + 4, (int)Math.Round(d * 0.34));
    }
}
