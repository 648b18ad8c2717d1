namespace CaptioningKit.Images;

/// <summary>
/// The EXIF orientation tag (1..8) and what applying it does. Phones store pixels as the sensor saw them and record
/// the rotation here; ignoring it shows a portrait photo lying on its side.
/// </summary>
public readonly record struct ExifOrientation(int Value, bool Applied)
{
    /// <summary>No tag, or tag 1: nothing to do.</summary>
    public static ExifOrientation None { get; } = new(1, false);

    /// <summary>In words, e.g. "6: rotated 90° clockwise".</summary>
    public string Description => Value switch
    {
        1 => "1: upright (nothing applied)",
        2 => "2: mirrored horizontally",
        3 => "3: rotated 180°",
        4 => "4: mirrored vertically",
        5 => "5: mirrored and rotated 90° anticlockwise",
        6 => "6: rotated 90° clockwise",
        7 => "7: mirrored and rotated 90° clockwise",
        8 => "8: rotated 90° anticlockwise",
        _ => $"{Value}: unknown (ignored)",
    } + (Applied || Value == 1 ? "" : " [not applied]");

    /// <summary>True for 5..8, where width and height swap.</summary>
    public bool SwapsWidthAndHeight => Value is >= 5 and <= 8;

    public override string ToString() => Description;
}
