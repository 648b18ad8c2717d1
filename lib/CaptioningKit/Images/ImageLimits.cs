namespace CaptioningKit.Images;

/// <summary>
/// Upper bounds checked from the image header (Image.Identify) BEFORE any pixel memory is allocated, so a crafted
/// file that claims 100000x100000 pixels is refused instead of exhausting memory.
/// </summary>
public sealed record ImageLimits(int MaxWidth = 10_000, int MaxHeight = 10_000, long MaxPixels = 40_000_000)
{
    /// <summary>The default: 10000 px per side, 40 megapixels, 256 MB per file.</summary>
    public static ImageLimits Default { get; } = new();

    /// <summary>The largest file read (its size is checked before a byte is read; only then is the file read whole).</summary>
    public long MaxFileBytes { get; init; } = 256L << 20;

    /// <summary>Null when the file size is allowed, otherwise the reason it is not.</summary>
    public string? CheckFileSize(long bytes) =>
        bytes > MaxFileBytes ? $"the file is {bytes:N0} bytes, over the limit of {MaxFileBytes:N0}; raise ImageLimits.MaxFileBytes if the image is genuine" : null;

    /// <summary>Null when the size is allowed, otherwise the reason it is not.</summary>
    public string? Check(int width, int height)
    {
        if (width <= 0 || height <= 0) return $"the header declares an empty size {width}x{height}";
        if (width > MaxWidth) return $"width {width} exceeds the limit {MaxWidth}; raise ImageLimits.MaxWidth if the image is genuine";
        if (height > MaxHeight) return $"height {height} exceeds the limit {MaxHeight}; raise ImageLimits.MaxHeight if the image is genuine";
        if ((long)width * height > MaxPixels) return $"{(long)width * height} pixels exceed the limit {MaxPixels}; raise ImageLimits.MaxPixels if the image is genuine";
        return null;
    }
}
