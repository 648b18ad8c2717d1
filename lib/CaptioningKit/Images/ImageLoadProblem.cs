namespace CaptioningKit.Images;

/// <summary>What went wrong when an image could not be loaded.</summary>
public enum ImageLoadProblem
{
    /// <summary>The file does not exist or cannot be opened.</summary>
    Missing,
    /// <summary>The bytes are not a format ImageSharp 2.1 can decode (random bytes, a text file, an unknown format).</summary>
    UnsupportedFormat,
    /// <summary>The header was read but the pixel data is damaged.</summary>
    Corrupt,
    /// <summary>The file ends before its end marker (a JPEG without EOI, a PNG without IEND): an interrupted download.</summary>
    Truncated,
    /// <summary>The header declares more width, height or pixels than the configured <see cref="ImageLimits"/>.</summary>
    TooLarge,
}
