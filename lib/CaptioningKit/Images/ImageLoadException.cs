namespace CaptioningKit.Images;

/// <summary>
/// The one exception the image pipeline raises for a file it cannot use. The message names the file, what is wrong
/// and what to do about it; <see cref="Problem"/> says which kind of failure it was.
/// </summary>
public sealed class ImageLoadException : Exception
{
    public ImageLoadException(string path, ImageLoadProblem problem, string detail, Exception? inner = null)
        : base($"Cannot load image '{path}': {Describe(problem)}. {detail}", inner)
    {
        Path = path;
        Problem = problem;
        Detail = detail;
    }

    /// <summary>The file (or stream name) that failed.</summary>
    public string Path { get; }

    /// <summary>What kind of failure it was.</summary>
    public ImageLoadProblem Problem { get; }

    /// <summary>The specific reason, without the file name.</summary>
    public string Detail { get; }

    static string Describe(ImageLoadProblem problem) => problem switch
    {
        ImageLoadProblem.Missing => "the file is missing or unreadable",
        ImageLoadProblem.UnsupportedFormat => "not an image format the kit can read (JPEG, PNG, BMP, GIF, TGA, TIFF, WebP)",
        ImageLoadProblem.Corrupt => "the image data is corrupt",
        ImageLoadProblem.Truncated => "the file is truncated",
        ImageLoadProblem.TooLarge => "the image is larger than the configured limits",
        ImageLoadProblem.NotARegularFile => "not a regular file",
        _ => problem.ToString(),
    };
}

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
    /// <summary>The header declares more width, height or pixels than the configured <see cref="ImageLimits"/>, or the file is over its size limit.</summary>
    TooLarge,
    /// <summary>A folder, a FIFO, a device, an empty file or a symbolic link that loops: never opened for reading (a FIFO would block forever).</summary>
    NotARegularFile,
}
