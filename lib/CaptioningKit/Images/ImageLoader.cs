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
    public static LoadedImage Load(string path, ImageLoadOptions? options = null)
    {
        byte[] bytes;
        try
        {
            if (!File.Exists(path))
                throw new ImageLoadException(path, ImageLoadProblem.Missing, "Check the path (and the dataset's image folder).");
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ImageLoadException(path, ImageLoadProblem.Missing, e.Message, e);
        }
        return Load(bytes, path, options);
    }

    /// <summary>Loads an image from its encoded bytes; <paramref name="name"/> is used in error messages.</summary>
    public static LoadedImage Load(byte[] bytes, string name, ImageLoadOptions? options = null)
    {
        options ??= ImageLoadOptions.Default;
        var header = Identify(bytes, name, options.Limits);
        try
        {
            Image<Rgb24> rgb = header.Format == "JPEG"
                ? Image.Load<Rgb24>(Configuration.Default, bytes) // JPEG has no alpha: decode straight to RGB
                : Composite(Image.Load<Rgba32>(Configuration.Default, bytes), options.Background);
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
