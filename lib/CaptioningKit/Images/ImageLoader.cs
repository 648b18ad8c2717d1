using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace CaptioningKit.Images;

/// <summary>
/// Decodes one image file safely: checks the file exists, identifies the header (format and size) without decoding,
/// refuses sizes over <see cref="ImageLimits"/> before any pixel memory is allocated, checks a JPEG/PNG is not
/// truncated, decodes, applies the EXIF orientation (then removes the tag from the returned image) and composites
/// alpha on the background. Every failure is an
/// <see cref="ImageLoadException"/> naming the file.
/// </summary>
public static class ImageLoader
{
    /// <summary>Loads <paramref name="path"/> as upright 8-bit RGB. Throws <see cref="ImageLoadException"/> on any problem.</summary>
    public static LoadedImage Load(string path, ImageLoadOptions? options = null) =>
        Load(ReadFile(path, (options ?? ImageLoadOptions.Default).Limits), path, options);

    /// <summary>Bytes read to check the signature: more than any format's header detector looks at.</summary>
    const int SignatureBytes = 1024;

    /// <summary>
    /// The bytes of an image file, read only when it is safe to: a regular file (never a folder, FIFO or device, which
    /// could block or never end; a symbolic link is followed to what it names, and a loop is refused), within
    /// <see cref="ImageLimits.MaxFileBytes"/>, and starting with a known image signature (checked on the first bytes,
    /// before the rest is read).
    /// </summary>
    public static byte[] ReadFile(string path, ImageLimits? limits = null)
    {
        limits ??= ImageLimits.Default;
        try
        {
            if (Directory.Exists(path))
                throw new ImageLoadException(path, ImageLoadProblem.NotARegularFile, "It is a folder. Fix: give an image file (images inspect takes a folder).");
            var info = new FileInfo(path);
            if (info.LinkTarget is null && !info.Exists)
                throw new ImageLoadException(path, ImageLoadProblem.Missing, "Check the path (and the dataset's image folder).");
            FileSystemInfo? target;
            try { target = info.LinkTarget is null ? null : info.ResolveLinkTarget(returnFinalTarget: true); }
            catch (IOException e) { throw new ImageLoadException(path, ImageLoadProblem.NotARegularFile, $"It is a symbolic link that cannot be followed ({e.Message}). Fix: point the link at an image file.", e); }
            if (target is FileInfo linked) info = linked;
            else if (target is DirectoryInfo) throw new ImageLoadException(path, ImageLoadProblem.NotARegularFile, "It is a link to a folder. Fix: give an image file.");
            if (!info.Exists && target is not null)
                throw new ImageLoadException(path, ImageLoadProblem.Missing, $"It is a symbolic link to '{target.FullName}', which does not exist.");
            if (!info.Exists)
                throw new ImageLoadException(path, ImageLoadProblem.Missing, "Check the path (and the dataset's image folder).");
            if (FileTree.KindOf(info.FullName) == FileKind.Special)
                throw new ImageLoadException(path, ImageLoadProblem.NotARegularFile, "It is a special file (a FIFO, device or socket), not an image file; it is never opened. Fix: replace it with the image file.");
            // A FIFO, a socket and a character or block device all report size 0, as does an empty file: none is
            // opened (opening a FIFO blocks until a writer comes; a device may never end).
            if (info.Length == 0)
                throw new ImageLoadException(path, ImageLoadProblem.NotARegularFile, "It is empty, or a special file (FIFO, device, socket). Fix: replace it with the image file.");
            if (limits.CheckFileSize(info.Length) is { } tooBig)
                throw new ImageLoadException(path, ImageLoadProblem.TooLarge, tooBig);
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
            if (!stream.CanSeek)
                throw new ImageLoadException(path, ImageLoadProblem.NotARegularFile, "It is a special file (FIFO or device), not an image file.");
            var length = stream.Length;
            if (limits.CheckFileSize(length) is { } grown) throw new ImageLoadException(path, ImageLoadProblem.TooLarge, grown);
            var head = new byte[(int)Math.Min(length, SignatureBytes)];
            stream.ReadExactly(head);
            if (Image.DetectFormat(Configuration.Default, head) is null)
                throw new ImageLoadException(path, ImageLoadProblem.UnsupportedFormat,
                    $"The first bytes ({Convert.ToHexString(head.AsSpan(0, Math.Min(8, head.Length)))}) match no known image signature.");
            var bytes = new byte[length];
            head.CopyTo(bytes, 0);
            stream.ReadExactly(bytes, head.Length, (int)(length - head.Length));
            return bytes;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ImageLoadException(path, ImageLoadProblem.Missing, e.Message, e);
        }
    }

    /// <summary>
    /// The decoders the kit uses: animated formats (GIF, multi-page TIFF) decode their first frame only, so the
    /// limits checked on the header's size cover everything that is allocated, however many frames the file declares.
    /// </summary>
    static readonly Configuration FirstFrameOnly = CreateFirstFrameConfiguration();

    static Configuration CreateFirstFrameConfiguration()
    {
        // A configuration of its own (Clone shares the format manager, so changing its decoders would change Default's).
        var configuration = new Configuration(
            new SixLabors.ImageSharp.Formats.Png.PngConfigurationModule(), new SixLabors.ImageSharp.Formats.Jpeg.JpegConfigurationModule(),
            new SixLabors.ImageSharp.Formats.Gif.GifConfigurationModule(), new SixLabors.ImageSharp.Formats.Bmp.BmpConfigurationModule(),
            new SixLabors.ImageSharp.Formats.Tga.TgaConfigurationModule(), new SixLabors.ImageSharp.Formats.Tiff.TiffConfigurationModule(),
            new SixLabors.ImageSharp.Formats.Webp.WebpConfigurationModule());
        // One thread per image: the batch loader already decodes one image per worker thread, and ImageSharp's own
        // row parallelism on top of that only makes the workers wait for each other (images keep this configuration,
        // so their resize and crop run on the calling thread too).
        configuration.MaxDegreeOfParallelism = 1;
        configuration.ImageFormatsManager.SetDecoder(SixLabors.ImageSharp.Formats.Gif.GifFormat.Instance,
            new SixLabors.ImageSharp.Formats.Gif.GifDecoder { DecodingMode = SixLabors.ImageSharp.Metadata.FrameDecodingMode.First });
        configuration.ImageFormatsManager.SetDecoder(SixLabors.ImageSharp.Formats.Tiff.TiffFormat.Instance,
            new SixLabors.ImageSharp.Formats.Tiff.TiffDecoder { DecodingMode = SixLabors.ImageSharp.Metadata.FrameDecodingMode.First });
        return configuration;
    }

    /// <summary>Loads an image from its encoded bytes; <paramref name="name"/> is used in error messages.</summary>
    public static LoadedImage Load(byte[] bytes, string name, ImageLoadOptions? options = null)
    {
        options ??= ImageLoadOptions.Default;
        var header = Identify(bytes, name, options.Limits);
        try
        {
            Image<Rgb24> rgb = header.Format == "JPEG"
                ? Image.Load<Rgb24>(FirstFrameOnly, bytes) // JPEG has no alpha: decode straight to RGB
                : Composite(Image.Load<Rgba32>(FirstFrameOnly, bytes), options.Background);
            var orientation = header.Orientation;
            if (options.ApplyExifOrientation && orientation.Value is >= 2 and <= 8)
            {
                rgb.Mutate(x => x.AutoOrient());
                orientation = orientation with { Applied = true };
            }
            // The pixels are final: drop the tag, or a viewer or encoder that honours EXIF (a browser showing a PNG
            // with an eXIf chunk) would turn them again. What the tag said is kept in Info.Orientation.
            rgb.Metadata.ExifProfile?.RemoveValue(ExifTag.Orientation);
            return new LoadedImage(name, rgb, header with { Orientation = orientation });
        }
        catch (ImageLoadException) { throw; }
        catch (Exception e) when (e is UnknownImageFormatException or NotSupportedException)
        {
            throw new ImageLoadException(name, ImageLoadProblem.UnsupportedFormat, e.Message, e);
        }
        catch (Exception e) when (e is SixLabors.ImageSharp.Memory.InvalidMemoryOperationException or OutOfMemoryException)
        {
            throw new ImageLoadException(name, ImageLoadProblem.TooLarge, e.Message, e);
        }
        catch (Exception e)
        {
            throw new ImageLoadException(name, ImageLoadProblem.Corrupt, $"The decoder said: {e.Message} Re-export or re-download the file.", e);
        }
    }

    /// <summary>
    /// Reads only the header: format, colour type, stored size and EXIF orientation (not applied). Throws
    /// <see cref="ImageLoadException"/> for unknown formats, sizes over <paramref name="limits"/> and truncated files.
    /// </summary>
    public static ImageFileInfo Identify(byte[] bytes, string name, ImageLimits? limits = null)
    {
        limits ??= ImageLimits.Default;
        IImageInfo? info;
        IImageFormat? format = Image.DetectFormat(Configuration.Default, bytes); // the signature only
        if (format is not null && TruncationCheck.Describe(format.Name, bytes) is { } cut)
            throw new ImageLoadException(name, ImageLoadProblem.Truncated, cut);
        try
        {
            info = Image.Identify(Configuration.Default, bytes, out format);
        }
        catch (Exception e) when (e is UnknownImageFormatException or NotSupportedException)
        {
            throw new ImageLoadException(name, ImageLoadProblem.UnsupportedFormat, e.Message, e);
        }
        catch (Exception e)
        {
            throw new ImageLoadException(name, ImageLoadProblem.Corrupt, $"The header cannot be read: {e.Message}", e);
        }
        if (info is null || format is null)
            throw new ImageLoadException(name, ImageLoadProblem.UnsupportedFormat,
                $"The first bytes ({Convert.ToHexString(bytes.AsSpan(0, Math.Min(8, bytes.Length)))}) match no known image signature.");
        if (info.Width <= 0 || info.Height <= 0)
            throw new ImageLoadException(name, ImageLoadProblem.Corrupt, $"The header declares an empty size {info.Width}x{info.Height}. Re-export or re-download the file.");
        if (limits.Check(info.Width, info.Height) is { } tooLarge)
            throw new ImageLoadException(name, ImageLoadProblem.TooLarge, tooLarge);
        return new ImageFileInfo(format.Name, ColourTypeOf(info, format), info.Width, info.Height, OrientationOf(info));
    }

    static ExifOrientation OrientationOf(IImageInfo info)
    {
        var value = info.Metadata.ExifProfile?.GetValue(ExifTag.Orientation)?.Value ?? 1;
        return value is >= 1 and <= 8 ? new ExifOrientation(value, false) : ExifOrientation.None;
    }

    static string ColourTypeOf(IImageInfo info, IImageFormat format)
    {
        if (format == PngFormat.Instance)
        {
            var png = info.Metadata.GetPngMetadata();
            var depth = png.BitDepth is { } d && d != PngBitDepth.Bit8 ? $"{(int)d}-bit " : "";
            var kind = png.ColorType switch
            {
                PngColorType.Grayscale => "greyscale",
                PngColorType.Rgb => "RGB",
                PngColorType.Palette => "palette",
                PngColorType.GrayscaleWithAlpha => "greyscale with alpha",
                PngColorType.RgbWithAlpha => "RGB with alpha",
                _ => $"{info.PixelType.BitsPerPixel} bits per pixel",
            };
            return depth + kind;
        }
        if (format == JpegFormat.Instance)
        {
            return info.Metadata.GetJpegMetadata().ColorType switch
            {
                JpegColorType.Luminance => "greyscale",
                JpegColorType.Cmyk => "CMYK",
                JpegColorType.Rgb => "RGB",
                null => info.PixelType.BitsPerPixel == 8 ? "greyscale" : "YCbCr",
                _ => "YCbCr",
            };
        }
        return $"{info.PixelType.BitsPerPixel} bits per pixel";
    }

    /// <summary>Blends every pixel onto <paramref name="background"/> by its alpha, then drops alpha. Disposes the source.</summary>
    static Image<Rgb24> Composite(Image<Rgba32> source, Rgb24 background)
    {
        using (source)
        {
            var result = new Image<Rgb24>(source.Width, source.Height);
            source.ProcessPixelRows(result, (src, dst) =>
            {
                for (var y = 0; y < src.Height; y++)
                {
                    var s = src.GetRowSpan(y);
                    var d = dst.GetRowSpan(y);
                    for (var x = 0; x < s.Length; x++)
                    {
                        var p = s[x];
                        if (p.A == 255) { d[x] = new Rgb24(p.R, p.G, p.B); continue; }
                        int a = p.A, na = 255 - p.A;
                        d[x] = new Rgb24(
                            (byte)((p.R * a + background.R * na + 127) / 255),
                            (byte)((p.G * a + background.G * na + 127) / 255),
                            (byte)((p.B * a + background.B * na + 127) / 255));
                    }
                }
            });
            return result;
        }
    }
}
