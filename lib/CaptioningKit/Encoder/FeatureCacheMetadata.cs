namespace CaptioningKit.Encoder;

/// <summary>
/// Everything that decides what a cached feature means. If any field differs from what the caller is about to use
/// (another encoder, other weights, another image size or transform, another grid), the cache is stale and rebuilt.
/// </summary>
public sealed record FeatureCacheMetadata(
    string EncoderName,
    string WeightsHash,
    int ImageWidth,
    int ImageHeight,
    string Transform,
    int GridRows,
    int GridColumns,
    int Channels,
    int FormatVersion = FeatureCacheMetadata.CurrentFormatVersion)
{
    public const int CurrentFormatVersion = 1;

    public int Pixels => GridRows * GridColumns;

    /// <summary>Floats per image: pixels * channels.</summary>
    public long RowLength => (long)Pixels * Channels;

    /// <summary>Null when equal, else the first field that differs, e.g. "WeightsHash: 'ab12' in the cache, 'cd34' now".</summary>
    public string? Difference(FeatureCacheMetadata other)
    {
        foreach (var p in typeof(FeatureCacheMetadata).GetProperties())
        {
            var a = p.GetValue(this);
            var b = p.GetValue(other);
            if (!Equals(a, b)) return $"{p.Name}: '{a}' in the cache, '{b}' now";
        }
        return null;
    }
}
