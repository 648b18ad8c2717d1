using CaptioningKit.SafeTensors;
using System.Globalization;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace CaptioningKit.Model;

/// <summary>
/// Saves and loads a module's parameters as a safetensors file with CaptioningKit metadata (docs/checkpoint-format.md).
/// The format does not depend on TorchSharp's own serialisation, so any safetensors reader (Python's
/// <c>safetensors</c>, or 40 lines of code) can open it.
/// </summary>
public static class Checkpoint
{
    /// <summary>
    /// Names reserved for resumable training state (the optimiser's moments, the random generator): a checkpoint may
    /// carry them besides the module's tensors, and loading a module ignores them (see TrainingCheckpoint).
    /// </summary>
    public static readonly IReadOnlyList<string> TrainingStatePrefixes = ["optimizer.", "rng."];

    static bool IsTrainingState(string name) => TrainingStatePrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal));

    /// <summary>Writes every tensor of <paramref name="module"/>'s state dict and <paramref name="info"/>, atomically.</summary>
    public static void Save(string path, nn.Module module, CheckpointInfo info) =>
        SafeTensorsWriter.Write(path, module.state_dict(), info.ToMetadata());

    /// <summary>Reads only the metadata (e.g. to build the model with the saved configuration before loading).</summary>
    public static CheckpointInfo ReadInfo(string path)
    {
        var file = SafeTensorsFile.Open(path);
        return CheckpointInfo.FromMetadata(path, file.Metadata);
    }

    /// <summary>
    /// Copies the checkpoint's tensors into <paramref name="module"/>. Before touching the module it checks, by name,
    /// that every tensor is present with the same type and shape, nothing unexpected is present and (when
    /// <paramref name="expectedConfigurationJson"/> is given) that the configuration is the same; otherwise it throws a
    /// <see cref="CheckpointMismatchException"/> listing every difference.
    /// </summary>
    public static CheckpointInfo Load(string path, nn.Module module, string? expectedConfigurationJson = null)
    {
        var file = SafeTensorsFile.Open(path);
        var info = CheckpointInfo.FromMetadata(path, file.Metadata);
        var target = module.state_dict();
        var configuration = expectedConfigurationJson is null ? [] : info.ConfigurationDifferences(expectedConfigurationJson);
        var missing = target.Keys.Where(k => !file.Entries.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        var unexpected = file.Entries.Keys.Where(k => !target.ContainsKey(k) && !IsTrainingState(k)).Order(StringComparer.Ordinal).ToList();
        var mismatched = new List<string>();
        foreach (var (name, tensor) in target.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            if (!file.Entries.TryGetValue(name, out var entry)) continue;
            if (entry.DType != tensor.dtype || !entry.Shape.SequenceEqual(tensor.shape))
                mismatched.Add($"{name}: checkpoint {entry.Describe()}, model {SafeTensorsDType.NameOf(tensor.dtype)}[{string.Join(", ", tensor.shape)}]");
        }
        if (configuration.Count + missing.Count + unexpected.Count + mismatched.Count > 0)
            throw new CheckpointMismatchException(path, configuration, missing, unexpected, mismatched);

        using var noGrad = torch.no_grad();
        file.ReadInto(target); // names, dtypes and shapes checked above
        return info;
    }
}

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
        var configuration = m.GetValueOrDefault("configuration", "{}");
        try
        {
            using var parsed = JsonDocument.Parse(configuration);
            if (parsed.RootElement.ValueKind != JsonValueKind.Object) throw Malformed(path, "configuration", "is not a JSON object");
        }
        catch (JsonException) { throw Malformed(path, "configuration", "is not valid JSON"); }
        string[]? vocabulary = null;
        if (m.TryGetValue("vocabulary", out var v))
        {
            try { vocabulary = JsonSerializer.Deserialize<string[]>(v); }
            catch (JsonException) { throw Malformed(path, "vocabulary", "is not a JSON array of strings"); }
            if (vocabulary is null || vocabulary.Any(t => t is null)) throw Malformed(path, "vocabulary", "holds null");
        }
        return new CheckpointInfo(configuration, vocabulary, (int)Number(path, m, "epoch", 0, int.MaxValue), Number(path, m, "step", 0, long.MaxValue),
            m.ContainsKey("seed") ? Number(path, m, "seed", long.MinValue, long.MaxValue) : null)
        {
            Extra = m.Where(kv => !Known.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value),
        };
    }

    /// <summary>A whole-number metadata entry within [<paramref name="min"/>, <paramref name="max"/>] (0 when absent), or a clear error.</summary>
    static long Number(string path, IReadOnlyDictionary<string, string> m, string key, long min, long max)
    {
        if (!m.TryGetValue(key, out var text)) return 0;
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw Malformed(path, key, $"is '{(text.Length > 40 ? text[..40] + "…" : text)}', not a whole number from {min} to {max}");
        return value;
    }

    static CheckpointFormatException Malformed(string path, string key, string problem) =>
        new($"Checkpoint '{path}': its metadata '{key}' {problem}; the file was edited or damaged. Fix: use another checkpoint (an epoch-N.safetensors beside it, or train again).");

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

/// <summary>
/// The checkpoint does not fit the model: lists every difference at once (not just the first), so one look tells
/// whether a size, a cell kind or a vocabulary changed.
/// </summary>
public sealed class CheckpointMismatchException : Exception
{
    public CheckpointMismatchException(string path, IReadOnlyList<string> configuration, IReadOnlyList<string> missing,
        IReadOnlyList<string> unexpected, IReadOnlyList<string> mismatched)
        : base(Describe(path, configuration, missing, unexpected, mismatched))
    {
        Configuration = configuration;
        Missing = missing;
        Unexpected = unexpected;
        Mismatched = mismatched;
    }

    /// <summary>Configuration entries that differ, as "key: checkpoint X, model Y".</summary>
    public IReadOnlyList<string> Configuration { get; }

    /// <summary>Tensors the model has and the checkpoint lacks.</summary>
    public IReadOnlyList<string> Missing { get; }

    /// <summary>Tensors the checkpoint has and the model lacks.</summary>
    public IReadOnlyList<string> Unexpected { get; }

    /// <summary>Tensors in both whose shape or type differ, as "name: checkpoint F32[32, 8], model F32[64, 8]".</summary>
    public IReadOnlyList<string> Mismatched { get; }

    static string Describe(string path, IReadOnlyList<string> configuration, IReadOnlyList<string> missing,
        IReadOnlyList<string> unexpected, IReadOnlyList<string> mismatched)
    {
        var lines = new List<string> { $"Checkpoint '{path}' does not fit this model:" };
        void Section(string title, IReadOnlyList<string> items)
        {
            if (items.Count == 0) return;
            lines.Add($"  {title} ({items.Count}):");
            lines.AddRange(items.Select(i => "    " + i));
        }
        Section("configuration differs", configuration);
        Section("missing from the checkpoint", missing);
        Section("unexpected in the checkpoint", unexpected);
        Section("shape or type differs", mismatched);
        lines.Add("Build the model with the checkpoint's configuration (CheckpointInfo.Configuration) before loading.");
        return string.Join(Environment.NewLine, lines);
    }
}
