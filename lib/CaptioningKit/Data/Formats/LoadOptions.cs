namespace CaptioningKit.Data;

/// <summary>How <see cref="CaptionDatasets"/> reads a captions file.</summary>
public sealed record LoadOptions
{
    /// <summary>When true the first malformed record or missing image throws a <see cref="CaptionFormatException"/>
    /// naming the file and line; when false (the default) it is skipped and counted in the <see cref="ParseReport"/>.</summary>
    public bool Strict { get; init; }

    /// <summary>Check that every image file exists (and report those that do not). Turn off to load captions only.</summary>
    public bool CheckImagesExist { get; init; } = true;

    /// <summary>Where the images are, when not where the format expects them (e.g. COCO images unpacked elsewhere,
    /// or the images for a Karpathy split file).</summary>
    public string? ImageRoot { get; init; }

    /// <summary>How many issues the report keeps in detail (all are counted).</summary>
    public int MaxIssuesKept { get; init; } = 1000;

    /// <summary>The defaults: lenient, images checked.</summary>
    public static LoadOptions Default { get; } = new();
}
