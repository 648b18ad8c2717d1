namespace CaptioningKit.Data.Generated.Shapes;

/// <summary>
/// When a position word is true. A word is used only when the geometry makes it clearly so: a centre at least an
/// eighth of the image away from the midline (for "on the left") or from the other object's centre (for "to the
/// left of"). Everything is decided on box centres; y grows downwards, so "above" is a smaller y.
/// </summary>
public static class ScenePositions
{
    static double Threshold(int extent) => extent / 8.0;

    public static bool ClearHorizontal(PixelBox b, int width) => Math.Abs(b.CentreX - width / 2.0) >= Threshold(width);
    public static bool ClearVertical(PixelBox b, int height) => Math.Abs(b.CentreY - height / 2.0) >= Threshold(height);

    /// <summary>"on the left"/"on the right" for an object clearly off the vertical midline, else null.</summary>
    public static string? SideOfImage(PixelBox b, int width) =>
        !ClearHorizontal(b, width) ? null : b.CentreX < width / 2.0 ? "on the left" : "on the right";

    /// <summary>"at the top"/"at the bottom" for an object clearly off the horizontal midline, else null.</summary>
    public static string? EndOfImage(PixelBox b, int height) =>
        !ClearVertical(b, height) ? null : b.CentreY < height / 2.0 ? "at the top" : "at the bottom";

    /// <summary>True when <paramref name="a"/> is clearly left of <paramref name="b"/>.</summary>
    public static bool LeftOf(PixelBox a, PixelBox b, int width) => b.CentreX - a.CentreX >= Threshold(width);

    /// <summary>True when <paramref name="a"/> is clearly above <paramref name="b"/>.</summary>
    public static bool Above(PixelBox a, PixelBox b, int height) => b.CentreY - a.CentreY >= Threshold(height);
}
