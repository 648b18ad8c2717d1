using CaptioningKit.Vocabulary;
using System.Text.Json;

namespace CaptioningKit.Evaluation;

/// <summary>
/// Reads the files of the CLI's <c>bleu</c> command and scores them with <see cref="CorpusBleu"/>.
/// <list type="bullet">
/// <item><b>Hypotheses</b>: a text file, one generated caption per line, tokens separated by spaces.</item>
/// <item><b>References</b>: a text file with one line per hypothesis, its reference captions separated by TABs; or a
/// JSON file (<c>.json</c>) holding an array with, per hypothesis, an array of reference captions (strings).</item>
/// </list>
/// Tokens are split on whitespace and compared as they are (no lower-casing); &lt;start&gt;, &lt;end&gt; and &lt;pad&gt; are
/// stripped by <see cref="SpecialTokens.Strip"/>, as everywhere in the kit.
/// </summary>
public static class BleuFiles
{
    public static BleuScores Score(string referencesPath, string hypothesesPath, BleuSmoothing smoothing = BleuSmoothing.None)
    {
        var hypotheses = ReadLines(hypothesesPath).Select(Tokens).ToList();
        var references = ReadReferences(referencesPath);
        if (hypotheses.Count == 0)
            throw new InvalidDataException($"{hypothesesPath} holds no caption: BLEU of nothing is not a score. Fix: one generated caption per line.");
        if (references.Count != hypotheses.Count)
            throw new InvalidDataException(
                $"{referencesPath} has references for {references.Count} hypotheses but {hypothesesPath} has {hypotheses.Count} lines. " +
                "Fix: one line (or JSON entry) of references per hypothesis, in the same order.");
        for (int i = 0; i < references.Count; i++)
            if (references[i].Count == 0)
                throw new InvalidDataException($"{referencesPath}: hypothesis {i + 1} has no reference caption. Fix: give at least one.");
        return CorpusBleu.FromCaptions(references, hypotheses, smoothing);
    }

    static List<IReadOnlyList<IReadOnlyList<string>>> ReadReferences(string path)
    {
        if (!path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            return ReadLines(path).Select(l => (IReadOnlyList<IReadOnlyList<string>>)l.Split('\t')
                .Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => (IReadOnlyList<string>)Tokens(r)).ToList()).ToList();
        try
        {
            var parsed = JsonSerializer.Deserialize<string?[]?[]>(TextFiles.ReadAllText(path))
                ?? throw new InvalidDataException($"{path} holds JSON null; expected an array of arrays of captions.");
            for (int i = 0; i < parsed.Length; i++)
            {
                if (parsed[i] is not { } refs) throw new InvalidDataException($"{path}: entry {i + 1} is null; expected an array of caption strings. Fix: [\"a caption\", ...].");
                if (Array.IndexOf(refs, null) is var j and >= 0)
                    throw new InvalidDataException($"{path}: entry {i + 1}, reference {j + 1} is null; expected a caption string. Fix: remove it or write the caption.");
            }
            return parsed.Select(refs => (IReadOnlyList<IReadOnlyList<string>>)refs!.Select(r => (IReadOnlyList<string>)Tokens(r!)).ToList()).ToList();
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a JSON array of arrays of caption strings (line {e.LineNumber + 1}): {e.Message}", e);
        }
    }

    static List<string> ReadLines(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path} does not exist. Fix: check the path.", path);
        var lines = TextFiles.ReadAllLines(path).ToList();
        while (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1); // a trailing newline is not a caption
        return lines;
    }

    static string[] Tokens(string caption) => caption.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
}
