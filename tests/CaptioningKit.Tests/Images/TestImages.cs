using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace CaptioningKit.Tests.Images;

/// <summary>Writes the test images (made with ImageSharp, two tiny ones made once with Pillow and embedded) into a temp folder.</summary>
sealed class TestImages : IDisposable
{
    // 16x12, left half red, right half blue; made with Pillow 9 (ImageSharp 2.1 writes neither progressive nor CMYK JPEG).
    const string ProgressiveJpeg = "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAMCAgMCAgMDAwMEAwMEBQgFBQQEBQoHBwYIDAoMDAsKCwsNDhIQDQ4RDgsLEBYQERMUFRUVDA8XGBYUGBIUFRT/2wBDAQMEBAUEBQkFBQkUDQsNFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBT/wgARCAAMABADASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAABgf/xAAVAQEBAAAAAAAAAAAAAAAAAAAGB//aAAwDAQACEAMQAAABnIF8BcUb/8QAFBABAAAAAAAAAAAAAAAAAAAAIP/aAAgBAQABBQIf/8QAGBEAAgMAAAAAAAAAAAAAAAAAAAdEgsL/2gAIAQMBAT8BYcW+T//EABgRAAIDAAAAAAAAAAAAAAAAAAAHRILC/9oACAECAQE/AVlMps//xAAUEAEAAAAAAAAAAAAAAAAAAAAg/9oACAEBAAY/Ah//xAAUEAEAAAAAAAAAAAAAAAAAAAAg/9oACAEBAAE/IR//2gAMAwEAAgADAAAAEKf/xAAUEQEAAAAAAAAAAAAAAAAAAAAA/9oACAEDAQE/EC//xAAUEQEAAAAAAAAAAAAAAAAAAAAA/9oACAECAQE/EBf/xAAUEAEAAAAAAAAAAAAAAAAAAAAg/9oACAEBAAE/EB//2Q==";
    const string CmykJpeg = "/9j/7gAOQWRvYmUAZAAAAAAA/9sAQwADAgIDAgIDAwMDBAMDBAUIBQUEBAUKBwcGCAwKDAwLCgsLDQ4SEA0OEQ4LCxAWEBETFBUVFQwPFxgWFBgSFBUU/8AAFAgADAAQBEMRAE0RAFkRAEsRAP/EAB8AAAEFAQEBAQEBAAAAAAAAAAABAgMEBQYHCAkKC//EALUQAAIBAwMCBAMFBQQEAAABfQECAwAEEQUSITFBBhNRYQcicRQygZGhCCNCscEVUtHwJDNicoIJChYXGBkaJSYnKCkqNDU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6g4SFhoeIiYqSk5SVlpeYmZqio6Slpqeoqaqys7S1tre4ubrCw8TFxsfIycrS09TV1tfY2drh4uPk5ebn6Onq8fLz9PX29/j5+v/aAA4EQwBNAFkASwAAPwD9U6/Kqvyqr9U6/lXor+qiiv6qKK/lXor+Veiv6qKK/9k=";

    public string Folder { get; } = Directory.CreateTempSubdirectory("ck-images-").FullName;

    public void Dispose() => Directory.Delete(Folder, true);

    public string Path(string name) => System.IO.Path.Combine(Folder, name);

    /// <summary>width x height, left half red, right half blue.</summary>
    public static Image<Rgba32> LeftRedRightBlue(int width = 20, int height = 10)
    {
        var image = new Image<Rgba32>(width, height);
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                image[x, y] = x < width / 2 ? new Rgba32(255, 0, 0) : new Rgba32(0, 0, 255);
        return image;
    }

    public string Jpeg(string name, JpegColorType colour = JpegColorType.YCbCrRatio444, int width = 20, int height = 10, ushort? orientation = null)
    {
        using var image = LeftRedRightBlue(width, height);
        if (orientation is { } o)
        {
            image.Metadata.ExifProfile = new ExifProfile();
            image.Metadata.ExifProfile.SetValue(ExifTag.Orientation, o);
        }
        image.Save(Path(name), new JpegEncoder { Quality = 95, ColorType = colour });
        return Path(name);
    }

    public string Png(string name, PngColorType colour, PngBitDepth depth = PngBitDepth.Bit8, Action<Image<Rgba32>>? edit = null)
    {
        using var image = LeftRedRightBlue();
        edit?.Invoke(image);
        image.Save(Path(name), new PngEncoder { ColorType = colour, BitDepth = depth });
        return Path(name);
    }

    public string Bytes(string name, byte[] bytes)
    {
        File.WriteAllBytes(Path(name), bytes);
        return Path(name);
    }

    public string Progressive() => Bytes("progressive.jpg", Convert.FromBase64String(ProgressiveJpeg));
    public string Cmyk() => Bytes("cmyk.jpg", Convert.FromBase64String(CmykJpeg));

    public string Truncated(string source, string name)
    {
        var bytes = File.ReadAllBytes(source);
        return Bytes(name, bytes[..(bytes.Length / 2)]);
    }

    public string RandomBytes(string name) => Bytes(name, Enumerable.Range(0, 500).Select(i => (byte)(i * 7919 % 251)).ToArray());

    /// <summary>A valid small PNG whose IHDR claims <paramref name="width"/> x <paramref name="height"/> (CRC fixed up).</summary>
    public string HugeHeaderPng(string name, uint width, uint height)
    {
        var bytes = File.ReadAllBytes(Png("small-for-huge.png", PngColorType.Rgb));
        WriteBigEndian(bytes, 16, width);
        WriteBigEndian(bytes, 20, height);
        WriteBigEndian(bytes, 29, Crc32(bytes.AsSpan(12, 17))); // CRC over "IHDR" + 13 data bytes
        return Bytes(name, bytes);
    }

    static void WriteBigEndian(byte[] b, int at, uint v) { b[at] = (byte)(v >> 24); b[at + 1] = (byte)(v >> 16); b[at + 2] = (byte)(v >> 8); b[at + 3] = (byte)v; }

    static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var d in data)
        {
            crc ^= d;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }
}
