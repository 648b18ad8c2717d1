namespace CaptioningKit.Data.Generated.Shapes;

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
