using System.Text.Json;
using static TorchSharp.torch;

namespace CaptioningKit.Encoder;

/// <summary>
/// Writes a feature cache batch by batch, so a cache of any size is written with the memory of one batch. Rows go to
/// a temporary file that is renamed into place by <see cref="Commit"/>, then index.json, then metadata.json last: until
/// metadata.json exists the folder reads as "no cache", so a crash or a cancelled build never leaves a cache that looks
/// valid. Disposing without committing deletes the temporary file.
/// </summary>
public sealed class FeatureCacheWriter : IDisposable
{
    readonly string _folder;
    readonly string _suffix = $".tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
    readonly string _featuresTemp;
    readonly FileStream _output;
    readonly Dictionary<string, int> _index = [];
    readonly SortedSet<string> _unreadable = new(StringComparer.Ordinal);
    bool _committed;

    public FeatureCacheWriter(string folder, FeatureCacheMetadata metadata)
    {
        (_folder, Metadata) = (folder, metadata);
        Directory.CreateDirectory(folder);
        File.Delete(Path.Combine(folder, FeatureCache.MetadataFile)); // first: from here on the folder is "no cache"
        _featuresTemp = Path.Combine(folder, metadata.FeaturesFile + _suffix);
        _output = new FileStream(_featuresTemp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
    }

    public FeatureCacheMetadata Metadata { get; }

    /// <summary>Rows written so far.</summary>
    public int Count => _index.Count;

    /// <summary>Appends one row per id.</summary>
    /// <param name="features">(B, pixels, channels), any floating type, any device; stored as the metadata's type.</param>
    public void Append(IReadOnlyList<string> ids, Tensor features)
    {
        var m = Metadata;
        if (features.dim() != 3 || features.shape[0] != ids.Count || features.shape[1] != m.Pixels || features.shape[2] != m.Channels)
            throw new ArgumentException($"Features of shape [{string.Join(", ", features.shape)}] do not fit the cache: expected [{ids.Count}, {m.Pixels}, {m.Channels}] (images, pixels, channels).");
        foreach (var id in ids)
            if (!_index.TryAdd(id, _index.Count))
                throw new ArgumentException($"The image id '{id}' appears twice; every cached image needs its own id.");
        using var scope = NewDisposeScope();
        var stored = features.to(m.Storage == FeatureStorage.Float16 ? float16 : float32).cpu().contiguous(); // (B, pixels, channels)
        _output.Write(stored.bytes);
    }

    /// <summary>Records images that could not be loaded, so that a later run knows they were tried (and does not
    /// rebuild the cache to look for them again); they are listed in unreadable.json.</summary>
    public void MarkUnreadable(IEnumerable<string> ids) => _unreadable.UnionWith(ids);

    /// <summary>Makes the cache visible: features file, index, then metadata, each renamed into place.</summary>
    public void Commit()
    {
        _output.Dispose();
        File.Move(_featuresTemp, Path.Combine(_folder, Metadata.FeaturesFile), overwrite: true);
        foreach (var storage in Enum.GetValues<FeatureStorage>()) // a cache of the other type in this folder is now stale
        {
            var other = (Metadata with { Storage = storage }).FeaturesFile;
            if (other != Metadata.FeaturesFile) File.Delete(Path.Combine(_folder, other));
        }
        WriteAtomically(FeatureCache.IndexFile, JsonSerializer.Serialize(_index));
        WriteAtomically(FeatureCache.UnreadableFile, JsonSerializer.Serialize(_unreadable));
        WriteAtomically(FeatureCache.MetadataFile, JsonSerializer.Serialize(Metadata, new JsonSerializerOptions { WriteIndented = true }));
        _committed = true;
    }

    void WriteAtomically(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path + _suffix, text);
        File.Move(path + _suffix, path, overwrite: true);
    }

    public void Dispose()
    {
        _output.Dispose();
        if (!_committed) File.Delete(_featuresTemp);
    }
}
