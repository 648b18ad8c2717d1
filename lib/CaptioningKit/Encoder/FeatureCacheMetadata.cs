using System.Text.Json.Serialization;

namespace CaptioningKit.Encoder;

/// <summary>How a feature cache stores its numbers on disk. Training always reads them back as float32.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FeatureStorage>))]
public enum FeatureStorage
{
    /// <summary>4 bytes per value: exactly what the encoder computed.</summary>
    Float32,
    /// <summary>2 bytes per value (IEEE half precision, ~3 significant digits): half the disk and page cache. The
    /// rounding (relative error below 0.05 %) is far smaller than the noise the decoder learns to ignore.</summary>
    Float16,
}

/// <summary>
/// Everything that decides what a cached feature means. If any field differs from what the caller is about to use
/// (another encoder, other weights, another image size or transform, another grid, another storage type), the cache
/// is stale and rebuilt.
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
    FeatureStorage Storage = FeatureStorage.Float32,
    int FormatVersion = FeatureCacheMetadata.CurrentFormatVersion)
{
    /// <summary>2: the storage type became a field (version 1 was always float32, read through a memory map).</summary>
    public const int CurrentFormatVersion = 2;

    public int Pixels => GridRows * GridColumns;

    /// <summary>Values per image: pixels * channels.</summary>
    public long RowLength => (long)Pixels * Channels;

    /// <summary>Bytes per stored value: 4 for float32, 2 for float16.</summary>
    public int BytesPerValue => Storage == FeatureStorage.Float16 ? 2 : 4;

    /// <summary>Bytes per image on disk.</summary>
    public long RowBytes => RowLength * BytesPerValue;

    /// <summary>The features file's name: features.f32 or features.f16.</summary>
    public string FeaturesFile => Storage == FeatureStorage.Float16 ? "features.f16" : "features.f32";

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
