using SixLabors.ImageSharp.PixelFormats;

namespace CaptioningKit.Data.Generated.Shapes;

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
