using System.IO.MemoryMappedFiles;
using System.Text.Json;
using TorchSharp;

namespace CaptioningKit.Encoder;

/// <summary>
/// Encoder features computed once and read many times: each image's (pixels, channels) float32 features are one row
/// of a memory-mapped file (features.f32), found through index.json (image id → row); metadata.json says what they
/// mean. Training with a frozen encoder then never decodes an image or runs the CNN again.
/// Open with <see cref="TryOpen"/> (refuses a stale cache) or <see cref="FeatureCacheBuilder.GetOrBuild"/>.
/// </summary>
public sealed class FeatureCache : IDisposable
{
    public const string FeaturesFile = "features.f32";
    public const string IndexFile = "index.json";
    public const string MetadataFile = "metadata.json";

    readonly MemoryMappedFile? _map;
    readonly MemoryMappedViewAccessor? _view;
    readonly Dictionary<string, int> _index;

    FeatureCache(string folder, FeatureCacheMetadata metadata, Dictionary<string, int> index)
    {
        Folder = folder;
        Metadata = metadata;
        _index = index;
        var path = Path.Combine(folder, FeaturesFile);
        var expected = index.Count * metadata.RowLength * sizeof(float);
        var actual = new FileInfo(path).Length;
        if (actual != expected)
            throw new InvalidDataException($"The feature cache '{folder}' is damaged: {FeaturesFile} has {actual} bytes, {expected} expected. Delete the folder to rebuild it.");
        if (expected > 0)
        {
            _map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
            _view = _map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        }
    }

    public string Folder { get; }
    public FeatureCacheMetadata Metadata { get; }
    public int Count => _index.Count;
    public IReadOnlyCollection<string> Ids => _index.Keys;

    public bool Contains(string id) => _index.ContainsKey(id);

    /// <summary>
    /// Opens the cache in <paramref name="folder"/> if it exists and its metadata equals <paramref name="expected"/>;
    /// otherwise returns null and says why in <paramref name="reason"/> (missing, or which field differs).
    /// </summary>
    public static FeatureCache? TryOpen(string folder, FeatureCacheMetadata expected, out string? reason)
    {
        var metaPath = Path.Combine(folder, MetadataFile);
        if (!File.Exists(metaPath)) { reason = "no cache yet"; return null; }
        FeatureCacheMetadata? stored;
        Dictionary<string, int>? index;
        try
        {
            stored = JsonSerializer.Deserialize<FeatureCacheMetadata>(File.ReadAllText(metaPath));
            index = JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllText(Path.Combine(folder, IndexFile)));
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            reason = $"unreadable cache files ({e.Message})";
            return null;
        }
        if (stored is null || index is null) { reason = "empty cache files"; return null; }
        if (stored.Difference(expected) is { } difference) { reason = "stale: " + difference; return null; }
        reason = null;
        return new FeatureCache(folder, stored, index);
    }

    /// <summary>One image's features as floats, row-major (pixels, channels).</summary>
    public float[] ReadRow(string id)
    {
        if (!_index.TryGetValue(id, out var row))
            throw new KeyNotFoundException($"The image '{id}' is not in the feature cache '{Folder}'. Rebuild it with the current dataset.");
        var values = new float[Metadata.RowLength];
        _view!.ReadArray(row * Metadata.RowLength * sizeof(float), values, 0, values.Length);
        return values;
    }

    /// <summary>One image's features as a (pixels, channels) tensor on <paramref name="device"/>.</summary>
    public torch.Tensor Read(string id, torch.Device device) =>
        torch.tensor(ReadRow(id), [Metadata.Pixels, Metadata.Channels], device: device); // (pixels, channels)

    /// <summary>Several images as a (B, pixels, channels) tensor: what the decoder's attention takes.</summary>
    public torch.Tensor ReadBatch(IReadOnlyList<string> ids, torch.Device device)
    {
        var rowLength = Metadata.RowLength;
        var values = new float[ids.Count * rowLength];
        for (var i = 0; i < ids.Count; i++) ReadRow(ids[i]).CopyTo(values, i * rowLength);
        return torch.tensor(values, [ids.Count, Metadata.Pixels, Metadata.Channels], device: device); // (B, pixels, channels)
    }

    public void Dispose()
    {
        _view?.Dispose();
        _map?.Dispose();
    }
}
