using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace CaptioningKit.Images;

/// <summary>
/// Writes a JPEG the way a phone does: the pixels as the sensor saw them plus an EXIF orientation tag saying how to
/// turn them for display. For teaching and tests: load it with <see cref="ImageLoader"/> to get the upright picture
/// back, or with <see cref="ImageLoadOptions.ApplyExifOrientation"/> false to see what a careless loader shows.
/// </summary>
public static class OrientedJpeg
{
    /// <summary>
    /// Saves <paramref name="upright"/> to <paramref name="path"/> stored so that applying EXIF
    /// <paramref name="orientation"/> (1..8, e.g. 6 = "rotate 90° clockwise to display") gives it back upright.
    /// </summary>
    public static void Save(Image<Rgb24> upright, string path, int orientation, int quality = 95)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(orientation, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(orientation, 8);
        using var stored = upright.Clone();
        // Every orientation is its own inverse except the quarter turns: undoing 6 (90° clockwise) is 8, and back.
        var inverse = orientation switch { 6 => 8, 8 => 6, _ => orientation };
        stored.Metadata.ExifProfile = new ExifProfile();
        stored.Metadata.ExifProfile.SetValue(ExifTag.Orientation, (ushort)inverse);
        stored.Mutate(x => x.AutoOrient()); // turns the pixels by the inverse (and resets the tag)
        stored.Metadata.ExifProfile = new ExifProfile();
        stored.Metadata.ExifProfile.SetValue(ExifTag.Orientation, (ushort)orientation);
        stored.Save(path, new JpegEncoder { Quality = quality });
    }
}
