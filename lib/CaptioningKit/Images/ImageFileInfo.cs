namespace CaptioningKit.Images;

/// <summary>
/// What the header said about a file: its format ("JPEG", "PNG"...), colour type in words ("RGB", "greyscale",
/// "palette", "RGB with alpha", "CMYK", "16-bit greyscale"...), its size as stored, and the EXIF orientation applied.
/// </summary>
public sealed record ImageFileInfo(string Format, string ColourType, int StoredWidth, int StoredHeight, ExifOrientation Orientation);
