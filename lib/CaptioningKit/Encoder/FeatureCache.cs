using System.Text.Json;
using Microsoft.Win32.SafeHandles;
using TorchSharp;
using static TorchSharp.torch;

namespace CaptioningKit.Encoder;

/// <summary>
/// Encoder features computed once and read many times: each image's (pixels, channels) features are one fixed-size row
/// of one file (features.f32, or features.f16 for <see cref="FeatureStorage.Float16"/>), found through index.json
/// (image id → row); metadata.json says what they mean. Training with a frozen encoder then never decodes an image or
/// runs the CNN again.
/// <para>Rows are read with positional reads (<see cref="RandomAccess"/>) rather than through a memory map: the
/// operating system's page cache still keeps hot rows in RAM and a read costs about as much as a copy, but mapped
/// pages would count towards this process's resident memory — a COCO-size cache (6–12 GB) would fill it during the
/// first epoch. So the process stays the same size whatever the dataset's size.</para>
/// Open with <see cref="TryOpen"/> (refuses a stale cache) or <see cref="FeatureCacheBuilder.GetOrBuild"/>.
/// </summary>
public sealed class FeatureCache : IDisposable
{
    public const string IndexFile = "index.json";
    public const string MetadataFile = "metadata.json";
    public const string UnreadableFile = "unreadable.json";

    readonly SafeFileHandle _file;
    readonly Dictionary<string, int> _index;

    FeatureCache(string folder, FeatureCacheMetadata metadata, Dictionary<string, int> index, HashSet<string> unreadable)
    {
        Folder = folder;
        Unreadable = unreadable;
        Metadata = metadata;
        _index = index;
        var path = Path.Combine(folder, metadata.FeaturesFile);
        var expected = index.Count * metadata.RowBytes;
        var actual = File.Exists(path) ? new FileInfo(path).Length : -1;
        if (actual != expected)
            throw new InvalidDataException($"The feature cache '{folder}' is damaged: {metadata.FeaturesFile} has {Math.Max(0, actual)} bytes, {expected} expected. Fix: delete the folder; the next run rebuilds it.");
        if (index.Values.Any(row => row < 0 || row >= index.Count) || index.Values.Distinct().Count() != index.Count)
            throw new InvalidDataException($"The feature cache '{folder}' is damaged: {IndexFile} does not number its rows 0..{index.Count - 1} once each. Fix: delete the folder; the next run rebuilds it.");
        _file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
    }

    public string Folder { get; }
    public FeatureCacheMetadata Metadata { get; }
    public int Count => _index.Count;
    public IReadOnlyCollection<string> Ids => _index.Keys;

    public bool Contains(string id) => _index.ContainsKey(id);

    /// <summary>Images the build could not load (reported then, skipped since): not in the cache, but not missing either.</summary>
    public IReadOnlySet<string> Unreadable { get; }

    /// <summary>
    /// Opens the cache in <paramref name="folder"/> if it exists and its metadata equals <paramref name="expected"/>;
    /// otherwise returns null and says why in <paramref name="reason"/> (missing, or which field differs).
    /// </summary>
    public static FeatureCache? TryOpen(string folder, FeatureCacheMetadata expected, out string? reason)
    {
        var stored = TryReadMetadata(folder, out reason);
        if (stored is null) return null;
        if (stored.Difference(expected) is { } difference) { reason = "stale: " + difference; return null; }
        return Open(folder, stored, out reason);
    }

    /// <summary>Opens whatever valid cache is in <paramref name="folder"/>, whatever its encoder (for tools and benchmarks).</summary>
    public static FeatureCache? TryOpenAny(string folder, out string? reason)
    {
        var stored = TryReadMetadata(folder, out reason);
        return stored is null ? null : Open(folder, stored, out reason);
    }

    static FeatureCacheMetadata? TryReadMetadata(string folder, out string? reason)
    {
        var metaPath = Path.Combine(folder, MetadataFile);
        if (!File.Exists(metaPath)) { reason = "no cache yet"; return null; }
        try
        {
            var stored = JsonSerializer.Deserialize<FeatureCacheMetadata>(File.ReadAllText(metaPath));
            reason = stored is null ? "empty cache metadata" : null;
            return stored;
        }
        catch (Exception e) when (e is JsonException or IOException or NotSupportedException)
        {
            reason = $"unreadable cache metadata ({e.Message})";
            return null;
        }
    }

    static FeatureCache? Open(string folder, FeatureCacheMetadata stored, out string? reason)
    {
        Dictionary<string, int>? index;
        try
        {
            index = JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllText(Path.Combine(folder, IndexFile)));
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            reason = $"unreadable cache index ({e.Message})";
            return null;
        }
        if (index is null) { reason = "empty cache index"; return null; }
        var unreadablePath = Path.Combine(folder, UnreadableFile);
        HashSet<string> unreadable = [];
        try
        {
            if (File.Exists(unreadablePath)) unreadable = JsonSerializer.Deserialize<HashSet<string>>(File.ReadAllText(unreadablePath)) ?? [];
        }
        catch (JsonException e)
        {
            reason = $"unreadable {UnreadableFile} ({e.Message})";
            return null;
        }
        reason = null;
        return new FeatureCache(folder, stored, index, unreadable);
    }

    /// <summary>The row of an image, or a clear error when the cache does not hold it.</summary>
    int RowOf(string id) => _index.TryGetValue(id, out var row)
        ? row
        : throw new KeyNotFoundException($"The image '{id}' is not in the feature cache '{Folder}'. Fix: delete the folder to rebuild it with the current dataset.");

    /// <summary>One image's features as floats, row-major (pixels, channels).</summary>
    public float[] ReadRow(string id)
    {
        var bytes = new byte[Metadata.RowBytes];
        RandomAccess.Read(_file, bytes, RowOf(id) * Metadata.RowBytes);
        if (Metadata.Storage == FeatureStorage.Float32) return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes).ToArray();
        var halves = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, Half>(bytes);
        var values = new float[halves.Length];
        for (var i = 0; i < values.Length; i++) values[i] = (float)halves[i];
        return values;
    }

    /// <summary>One image's features as a (pixels, channels) float32 tensor on <paramref name="device"/>.</summary>
    public torch.Tensor Read(string id, torch.Device device) =>
        torch.tensor(ReadRow(id), [Metadata.Pixels, Metadata.Channels], device: device); // (pixels, channels)

    /// <summary>
    /// Several images as a (B, pixels, channels) float32 tensor: what the decoder's attention takes. The rows are read
    /// straight into the tensor's storage (float16 rows are widened to float32 by torch), one positional read each.
    /// </summary>
    public torch.Tensor ReadBatch(IReadOnlyList<string> ids, torch.Device device)
    {
        var rowBytes = Metadata.RowBytes;
        var bytes = new byte[ids.Count * rowBytes];
        for (var i = 0; i < ids.Count; i++)
            RandomAccess.Read(_file, bytes.AsSpan((int)(i * rowBytes), (int)rowBytes), RowOf(ids[i]) * rowBytes);
        var dtype = Metadata.Storage == FeatureStorage.Float16 ? torch.float16 : torch.float32;
        var stored = torch.empty([ids.Count, Metadata.Pixels, Metadata.Channels], dtype); // (B, pixels, channels)
        if (bytes.Length > 0) stored.bytes = bytes;
        if (dtype == torch.float32 && device.type == DeviceType.CPU) return stored;      // already what the caller wants
        using (stored) return stored.to(torch.float32, device);                          // (B, pixels, channels) float32
    }

    public void Dispose() => _file.Dispose();
}
