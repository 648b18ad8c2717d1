using System.Text.Encodings.Web;
using System.Text.Json;
using CaptioningKit.Vocabulary.Cleaning;

namespace CaptioningKit.Vocabulary;

/// <summary>
/// Saves and loads a <see cref="Vocab"/> as versioned JSON that round-trips exactly:
/// <code>
/// { "format": "captioningkit-vocabulary", "version": 1, "level": "word",
///   "cleaning": { "preset": "flickr8k", "steps": ["lowercase", …] }, "minCount": 5, "topK": null,
///   "tokens": ["&lt;pad&gt;", "&lt;start&gt;", "&lt;end&gt;", "&lt;unk&gt;", "in", …], "counts": [0, 0, 0, 0, 18974, …] }
/// </code>
/// A token's id is its position in "tokens". Saving writes a temporary file and renames it over the target.
/// </summary>
public static class VocabularyFile
{
    public const string Format = "captioningkit-vocabulary";
    public const int CurrentVersion = 1;

    /// <summary>The JSON text of <paramref name="vocab"/> (UTF-8, indented, '&lt;' written as is).</summary>
    public static string ToJson(Vocab vocab)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("format", Format);
            w.WriteNumber("version", CurrentVersion);
            w.WriteString("level", vocab.Level == VocabularyLevel.Word ? "word" : "char");
            w.WriteStartObject("cleaning");
            w.WriteString("preset", vocab.Cleaning.Name);
            w.WriteStartArray("steps");
            foreach (var step in vocab.Cleaning.StepNames) w.WriteStringValue(step);
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteNumber("minCount", vocab.MinCount);
            if (vocab.TopK is int k) w.WriteNumber("topK", k); else w.WriteNull("topK");
            w.WriteStartArray("tokens");
            foreach (var t in vocab.Tokens) w.WriteStringValue(t);
            w.WriteEndArray();
            w.WriteStartArray("counts");
            foreach (var c in vocab.Counts) w.WriteNumberValue(c);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>Writes <paramref name="vocab"/> to <paramref name="path"/> (via a temporary file, then a rename); a
    /// folder, device, FIFO or symbolic link at <paramref name="path"/> is refused (see <see cref="AtomicFile"/>).</summary>
    public static void Save(Vocab vocab, string path) => AtomicFile.WriteAllText(path, ToJson(vocab), new System.Text.UTF8Encoding(false));

    /// <summary>Loads a vocabulary file; anything wrong with it raises <see cref="VocabularyFileException"/> naming the file.</summary>
    public static Vocab Load(string path)
    {
        if (!File.Exists(path)) throw new VocabularyFileException(path, "no such file. Build one first (`vocab build --dataset <folder>`).");
        string text;
        try { text = File.ReadAllText(path); }
        catch (IOException e) { throw new VocabularyFileException(path, $"could not be read ({e.Message}).", e); }
        return Parse(text, path);
    }

    /// <summary>A vocabulary file is taken as built for another dataset when more than this share of the training
    /// tokens would be &lt;unk&gt; (a threshold of 5 on Flickr8k leaves about 3%).</summary>
    public const double MaxUnknownShare = 0.5;

    /// <summary>
    /// Loads a vocabulary for training on a dataset (<c>train --vocab FILE</c>) and checks it fits: the same level as the
    /// task (word or char), and tokens that cover the training captions (at most <see cref="MaxUnknownShare"/> of their
    /// tokens &lt;unk&gt;). A file that does not fit raises <see cref="VocabularyFileException"/> naming it and the fix.
    /// </summary>
    public static Vocab LoadFor(string path, VocabularyLevel level, IReadOnlyCollection<string> trainingCaptions)
    {
        var vocab = Load(path);
        if (vocab.Level != level)
        {
            var fix = level == VocabularyLevel.Char
                ? "build a character vocabulary (`vocab build --level Char`), or train a word task (drop --characters)"
                : "build a word vocabulary (`vocab build`, default --level Word), or train a character task (--characters)";
            throw new VocabularyFileException(path, $"is a {Name(vocab.Level)} vocabulary, but this is a {Name(level)}-level task. Fix: {fix}.");
        }
        var unknown = vocab.UnknownShare(trainingCaptions);
        if (unknown > MaxUnknownShare)
            throw new VocabularyFileException(path, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"does not fit this dataset: {unknown:P0} of its training tokens would be <unk> (more than {MaxUnknownShare:P0}), so it was built for other captions. Fix: rebuild it with `vocab build --dataset <this dataset>`, or leave out --vocab."));
        return vocab;
    }

    static string Name(VocabularyLevel level) => level == VocabularyLevel.Word ? "word" : "character";

    /// <summary>Parses vocabulary JSON; <paramref name="source"/> names it in errors.</summary>
    public static Vocab Parse(string json, string source)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json); }
        catch (JsonException e)
        {
            throw new VocabularyFileException(source, $"is not valid JSON (line {e.LineNumber + 1}: {e.Message}). The file is damaged: rebuild it with `vocab build`.", e);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || format.GetString() != Format)
                throw new VocabularyFileException(source, $"is not a CaptioningKit vocabulary (it needs \"format\": \"{Format}\"). Check the path, or rebuild it with `vocab build`.");
            int version = Int(root, "version", source);
            if (version != CurrentVersion)
                throw new VocabularyFileException(source, $"is vocabulary format version {version}, but this kit reads version {CurrentVersion}. Rebuild it with `vocab build`, or use the kit version that wrote it.");
            try
            {
                var level = Str(root, "level", source) switch
                {
                    "word" => VocabularyLevel.Word,
                    "char" => VocabularyLevel.Char,
                    var other => throw new VocabularyFileException(source, $"has level '{other}'; it must be \"word\" or \"char\"."),
                };
                var cleaningElement = Prop(root, "cleaning", JsonValueKind.Object, source);
                var cleaning = CleaningPipeline.FromStepNames(Str(cleaningElement, "preset", source),
                    Prop(cleaningElement, "steps", JsonValueKind.Array, source).EnumerateArray().Select(e => e.GetString() ?? ""));
                int minCount = Int(root, "minCount", source);
                int? topK = root.TryGetProperty("topK", out var k) && k.ValueKind == JsonValueKind.Number ? k.GetInt32() : null;
                var tokens = Prop(root, "tokens", JsonValueKind.Array, source).EnumerateArray()
                    .Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : throw new VocabularyFileException(source, "\"tokens\" must hold only strings.")).ToList();
                var counts = Prop(root, "counts", JsonValueKind.Array, source).EnumerateArray()
                    .Select(e => e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var c) ? c : throw new VocabularyFileException(source, "\"counts\" must hold only whole numbers.")).ToList();
                return new Vocab(level, cleaning, tokens, counts, minCount, topK);
            }
            catch (ArgumentException e)
            {
                throw new VocabularyFileException(source, $"is inconsistent: {e.Message} Rebuild it with `vocab build`.", e);
            }
        }
    }

    static JsonElement Prop(JsonElement obj, string name, JsonValueKind kind, string source) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == kind ? v
        : throw new VocabularyFileException(source, $"lacks \"{name}\" (a JSON {kind.ToString().ToLowerInvariant()}). The file is damaged: rebuild it with `vocab build`.");

    static string Str(JsonElement obj, string name, string source) => Prop(obj, name, JsonValueKind.String, source).GetString()!;

    static int Int(JsonElement obj, string name, string source) =>
        Prop(obj, name, JsonValueKind.Number, source).TryGetInt32(out var v) ? v
        : throw new VocabularyFileException(source, $"\"{name}\" must be a whole number.");
}

/// <summary>A vocabulary file that cannot be loaded: the message names the file, what is wrong and what to do.</summary>
public sealed class VocabularyFileException(string path, string problem, Exception? inner = null)
    : Exception($"{path}: {problem}", inner)
{
    public string Path { get; } = path;
}
