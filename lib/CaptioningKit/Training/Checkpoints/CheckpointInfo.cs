using System.Globalization;
using System.Text.Json;

namespace CaptioningKit.Training.Checkpoints;

/// <summary>
/// Everything a checkpoint says besides its tensors, stored as strings in the safetensors "__metadata__":
/// the model configuration (JSON), the vocabulary (JSON array, index = token id), epoch, step and RNG seed, plus any
/// extra string entries.
/// </summary>
public sealed record CheckpointInfo(string ConfigurationJson, IReadOnlyList<string>? Vocabulary = null, int Epoch = 0, long Step = 0, long? Seed = null)
{
    /// <summary>Version of this metadata layout, written as "format".</summary>
    public const string FormatVersion = "captioningkit-checkpoint/1";

    /// <summary>Further entries (e.g. "encoder": "resnet18"); keys must not collide with the ones above.</summary>
    public IReadOnlyDictionary<string, string> Extra { get; init; } = new Dictionary<string, string>();

    /// <summary>The configuration as JSON of <paramref name="configuration"/> (e.g. a DecoderOptions record).</summary>
    public static string ConfigurationOf<T>(T configuration) =>
        JsonSerializer.Serialize(configuration, new JsonSerializerOptions { WriteIndented = false });

    public IReadOnlyDictionary<string, string> ToMetadata()
    {
        var m = new Dictionary<string, string>(Extra, StringComparer.Ordinal)
        {
            ["format"] = FormatVersion,
            ["configuration"] = ConfigurationJson,
            ["epoch"] = Epoch.ToString(CultureInfo.InvariantCulture),
            ["step"] = Step.ToString(CultureInfo.InvariantCulture),
        };
        if (Vocabulary is not null) m["vocabulary"] = JsonSerializer.Serialize(Vocabulary);
        if (Seed is not null) m["seed"] = Seed.Value.ToString(CultureInfo.InvariantCulture);
        return m;
    }

    static readonly HashSet<string> Known = ["format", "configuration", "epoch", "step", "vocabulary", "seed"];

    public static CheckpointInfo FromMetadata(string path, IReadOnlyDictionary<string, string> m)
    {
        if (!m.TryGetValue("format", out var format) || format != FormatVersion)
            throw new CheckpointFormatException($"Checkpoint '{path}' is a safetensors file but not a CaptioningKit checkpoint (metadata 'format' is '{format ?? "missing"}', expected '{FormatVersion}').");
        return new CheckpointInfo(
            m.GetValueOrDefault("configuration", "{}"),
            m.TryGetValue("vocabulary", out var v) ? JsonSerializer.Deserialize<string[]>(v) : null,
            int.Parse(m.GetValueOrDefault("epoch", "0"), CultureInfo.InvariantCulture),
            long.Parse(m.GetValueOrDefault("step", "0"), CultureInfo.InvariantCulture),
            m.TryGetValue("seed", out var s) ? long.Parse(s, CultureInfo.InvariantCulture) : null)
        {
            Extra = m.Where(kv => !Known.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value),
        };
    }

    /// <summary>Top-level configuration entries that differ from <paramref name="expectedJson"/>, as
    /// "key: checkpoint X, model Y" (a key present on one side only shows "(none)" on the other).</summary>
    public IReadOnlyList<string> ConfigurationDifferences(string expectedJson)
    {
        using var saved = JsonDocument.Parse(ConfigurationJson);
        using var expected = JsonDocument.Parse(expectedJson);
        var a = Flatten(saved.RootElement);
        var b = Flatten(expected.RootElement);
        return a.Keys.Union(b.Keys).Order(StringComparer.Ordinal)
            .Where(k => a.GetValueOrDefault(k) != b.GetValueOrDefault(k))
            .Select(k => $"{k}: checkpoint {a.GetValueOrDefault(k) ?? "(none)"}, model {b.GetValueOrDefault(k) ?? "(none)"}")
            .ToList();
    }

    /// <summary>Every leaf of a JSON object under its dotted path ("Decoder.HiddenDim" → "256"), so a difference deep
    /// inside the configuration is reported as the one setting that differs.</summary>
    static Dictionary<string, string> Flatten(JsonElement element, string prefix = "", Dictionary<string, string>? into = null)
    {
        into ??= new Dictionary<string, string>(StringComparer.Ordinal);
        if (element.ValueKind == JsonValueKind.Object)
            foreach (var p in element.EnumerateObject()) Flatten(p.Value, prefix.Length == 0 ? p.Name : $"{prefix}.{p.Name}", into);
        else into[prefix] = element.GetRawText();
        return into;
    }
}
