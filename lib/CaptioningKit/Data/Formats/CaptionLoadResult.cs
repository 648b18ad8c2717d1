namespace CaptioningKit.Data;

/// <summary>The images read (in the order the file first lists them) and the report of what was left out.</summary>
public sealed record CaptionLoadResult(IReadOnlyList<CaptionedImage> Images, ParseReport Report);
