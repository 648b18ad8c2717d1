namespace CaptioningKit.Data;

/// <summary>
/// Limits that protect against decompression bombs (a small archive that expands to fill the disk) and archives far
/// bigger than expected. The defaults fit the largest catalog dataset (BMS: ~4 million PNGs, tens of GB) with room.
/// </summary>
public sealed record ExtractionOptions
{
    /// <summary>Most uncompressed bytes written for one archive (counted as written, not trusted from headers).</summary>
    public long MaxTotalBytes { get; init; } = 200L * 1024 * 1024 * 1024;

    /// <summary>Most entries (files and folders) in one archive.</summary>
    public int MaxEntries { get; init; } = 5_000_000;

    /// <summary>Skip macOS metadata (<c>__MACOSX/</c>, <c>._name</c>, <c>.DS_Store</c>) that some dataset zips carry.</summary>
    public bool SkipMacMetadata { get; init; } = true;

    /// <summary>Least time between two progress reports.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The defaults.</summary>
    public static ExtractionOptions Default { get; } = new();
}
