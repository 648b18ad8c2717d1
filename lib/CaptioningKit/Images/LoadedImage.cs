using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace CaptioningKit.Images;

/// <summary>
/// A decoded image, always 8-bit RGB (greyscale, palette, 16-bit and CMYK sources are converted; alpha is composited
/// on the background), upright (EXIF orientation applied), with what was learned about the file on the way.
/// Dispose it to return the pixel memory.
/// </summary>
public sealed class LoadedImage : IDisposable
{
    public LoadedImage(string path, Image<Rgb24> image, ImageFileInfo info)
    {
        Path = path;
        Image = image;
        Info = info;
    }

    /// <summary>The file (or stream name) it came from.</summary>
    public string Path { get; }

    /// <summary>The upright RGB pixels.</summary>
    public Image<Rgb24> Image { get; }

    /// <summary>Format, colour type, stored size and orientation applied.</summary>
    public ImageFileInfo Info { get; }

    public int Width => Image.Width;
    public int Height => Image.Height;

    public void Dispose() => Image.Dispose();
}
