namespace CaptioningKit.Data.Generated;

/// <summary>
/// Ground truth for one object of a "shapes" image: which image (its id, which is its file name under images/ such as
/// "shapes-00042.png", as in captions.csv and in <see cref="CaptionedImage.Id"/>), the words that name it (colour and shape), its size
/// word and its pixel box. A later step compares the decoder's attention at the step that emits "red" or "circle"
/// with this box, to measure whether the model looks where the word points.
/// </summary>
public sealed record ObjectBox(string Image, string Colour, string Shape, string Size, PixelBox Box)
{
    /// <summary>The caption words that name this object: its colour and its shape.</summary>
    public IReadOnlyList<string> Words => [Colour, Shape];

    /// <summary>True when <paramref name="word"/> names this object's colour or shape (case-insensitive).</summary>
    public bool IsNamedBy(string word) =>
        string.Equals(word, Colour, StringComparison.OrdinalIgnoreCase) || string.Equals(word, Shape, StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// An axis-aligned box in pixel coordinates: <see cref="X0"/>/<see cref="Y0"/> is the top-left pixel (inclusive),
/// <see cref="X1"/>/<see cref="Y1"/> the bottom-right edge (exclusive), so <c>Width = X1 - X0</c>. The y axis points
/// down, as in every image format: "above" means a smaller y.
/// </summary>
public readonly record struct PixelBox(int X0, int Y0, int X1, int Y1)
{
    public int Width => X1 - X0;
    public int Height => Y1 - Y0;

    /// <summary>The centre of the box in continuous pixel coordinates (the centre of a 1-pixel box at 0 is 0.5).</summary>
    public double CentreX => (X0 + X1) / 2.0;

    /// <summary>The centre of the box in continuous pixel coordinates; smaller is higher up in the image.</summary>
    public double CentreY => (Y0 + Y1) / 2.0;

    /// <summary>True when the two boxes share at least one pixel, or come closer than <paramref name="gap"/> pixels.</summary>
    public bool Overlaps(PixelBox other, int gap = 0) =>
        X0 < other.X1 + gap && other.X0 < X1 + gap && Y0 < other.Y1 + gap && other.Y0 < Y1 + gap;

    /// <summary>True when the box lies wholly inside a <paramref name="width"/> x <paramref name="height"/> image.</summary>
    public bool IsInside(int width, int height) => X0 >= 0 && Y0 >= 0 && X1 <= width && Y1 <= height && X0 < X1 && Y0 < Y1;

    /// <summary>True when the point (<paramref name="x"/>, <paramref name="y"/>), in continuous pixel coordinates, lies in the box.</summary>
    public bool Contains(double x, double y) => x >= X0 && x < X1 && y >= Y0 && y < Y1;

    public override string ToString() => $"({X0},{Y0})-({X1},{Y1})";
}
