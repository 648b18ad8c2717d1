using SixLabors.ImageSharp.PixelFormats;

namespace CaptioningKit.Images;

/// <summary>
/// How files are decoded. Transparent pixels are composited on <see cref="Background"/> (white by default, which is
/// what a browser shows for most icons and what scanned formulas assume); the EXIF orientation is applied when
/// <see cref="ApplyExifOrientation"/> is true (the default: a phone photo then looks the way it looked on the phone).
/// </summary>
public sealed record ImageLoadOptions
{
    public static ImageLoadOptions Default { get; } = new();

    /// <summary>Header limits checked before decoding.</summary>
    public ImageLimits Limits { get; init; } = ImageLimits.Default;

    /// <summary>The colour that transparent pixels are blended onto. White by default.</summary>
    public Rgb24 Background { get; init; } = new(255, 255, 255);

    /// <summary>Rotate/flip by the EXIF orientation tag (ImageSharp's AutoOrient). True by default.</summary>
    public bool ApplyExifOrientation { get; init; } = true;
}
