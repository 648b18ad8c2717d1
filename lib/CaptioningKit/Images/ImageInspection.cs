namespace CaptioningKit.Images;

/// <summary>
/// One row of `images inspect`: the file, and either its size, format, colour type and the orientation applied, or
/// the problem and the clear error message.
/// </summary>
public sealed record ImageInspection(
    string File,
    bool Ok,
    int? Width,
    int? Height,
    string? Format,
    string? ColourType,
    string? Orientation,
    ImageLoadProblem? Problem,
    string? Error);
