using System.Text;
using CaptioningKit.Vocabulary.Cleaning;

namespace CaptioningKit.Vocabulary;

/// <summary>
/// A vocabulary (named Vocab so it does not clash with its namespace): a fixed mapping between tokens and ids, and the rules that turn a caption into tokens. Ids 0–3 are the
/// <see cref="SpecialTokens"/>; then come the kept tokens by descending training frequency, ties alphabetical, so
/// the same captions always give the same ids. Immutable: build one with <see cref="VocabularyBuilder"/>, save and
/// load it with <see cref="VocabularyFile"/>.
/// </summary>
public sealed class Vocab
{
    readonly string[] _tokens;
    readonly int[] _counts;
    readonly Dictionary<string, int> _ids;

    /// <param name="level">Word or character tokens.</param>
    /// <param name="cleaning">The word-level cleaning (<see cref="CleaningPresets.None"/> for characters).</param>
    /// <param name="tokens">All tokens by id, starting with the four specials.</param>
    /// <param name="counts">How often each token occurred in the captions it was built from (0 for specials).</param>
    /// <param name="minCount">The threshold it was built with: tokens seen fewer times became &lt;unk&gt;.</param>
    /// <param name="topK">The cap on non-special tokens it was built with, or null.</param>
    public Vocab(VocabularyLevel level, CleaningPipeline cleaning, IReadOnlyList<string> tokens, IReadOnlyList<int> counts, int minCount, int? topK)
    {
        if (tokens.Count < SpecialTokens.All.Count || !tokens.Take(SpecialTokens.All.Count).SequenceEqual(SpecialTokens.All))
            throw new ArgumentException($"A vocabulary must start with {string.Join(", ", SpecialTokens.All)} at ids 0–3.", nameof(tokens));
        if (counts.Count != tokens.Count) throw new ArgumentException($"{tokens.Count} tokens but {counts.Count} counts.", nameof(counts));
        Level = level;
        Cleaning = cleaning;
        MinCount = minCount;
        TopK = topK;
        _tokens = [.. tokens];
        _counts = [.. counts];
        _ids = new Dictionary<string, int>(_tokens.Length, StringComparer.Ordinal);
        for (int i = 0; i < _tokens.Length; i++)
            if (!_ids.TryAdd(_tokens[i], i)) throw new ArgumentException($"Token '{_tokens[i]}' appears twice (ids {_ids[_tokens[i]]} and {i}).", nameof(tokens));
    }

    public VocabularyLevel Level { get; }
    public CleaningPipeline Cleaning { get; }
    public int MinCount { get; }
    public int? TopK { get; }

    /// <summary>The tokens by id.</summary>
    public IReadOnlyList<string> Tokens => _tokens;

    /// <summary>The training count of each token, by id (0 for the specials).</summary>
    public IReadOnlyList<int> Counts => _counts;

    /// <summary>The number of tokens including the four specials: the size of the decoder's output layer.</summary>
    public int Size => _tokens.Length;

    public bool Contains(string token) => _ids.ContainsKey(token);

    /// <summary>The id of <paramref name="token"/>, or <see cref="SpecialTokens.UnknownId"/> when it is not in the vocabulary.</summary>
    public int IdOf(string token) => _ids.TryGetValue(token, out var id) ? id : SpecialTokens.UnknownId;

    /// <summary>The token with id <paramref name="id"/>; an id outside the vocabulary is an error naming the size.</summary>
    public string TokenOf(int id) => (uint)id < (uint)_tokens.Length ? _tokens[id]
        : throw new ArgumentOutOfRangeException(nameof(id), id, $"Ids run from 0 to {_tokens.Length - 1} in this vocabulary.");

    /// <summary>The tokens of a caption, cleaned the way this vocabulary was built (words), or its characters.</summary>
    public List<string> Tokenize(string caption) => CaptionTokenizer.Tokenize(caption, Level, Cleaning);

    /// <summary>&lt;start&gt;, the ids of the caption's tokens (unknown ones as &lt;unk&gt;), &lt;end&gt;.</summary>
    public int[] Encode(string caption) => EncodeTokens(Tokenize(caption));

    /// <summary><see cref="Encode(string)"/>, then padded or truncated to exactly <paramref name="maxLength"/> ids.</summary>
    public int[] Encode(string caption, int maxLength) => PadOrTruncate(Encode(caption), maxLength);

    /// <summary>
    /// <see cref="Encode(string)"/> padded to exactly <paramref name="maxLength"/> ids, or an <see cref="ArgumentException"/>
    /// naming the caption when it needs more (never a silent cut: a cut InChI or formula is a different one).
    /// </summary>
    public int[] EncodeWithin(string caption, int maxLength)
    {
        var ids = Encode(caption);
        if (ids.Length > maxLength)
            throw new ArgumentException($"The caption \"{(caption.Length > 60 ? caption[..60] + "…" : caption)}\" is {ids.Length} tokens with <start> and <end>, more than the model's maximum length of {maxLength}; it would be cut. " +
                "Fix: give the model a larger MaxCaptionLength (CaptioningRun sizes it to the longest training and validation caption), or leave that caption out.", nameof(caption));
        return PadOrTruncate(ids, maxLength);
    }

    /// <summary>&lt;start&gt;, the ids of already-clean tokens, &lt;end&gt;.</summary>
    public int[] EncodeTokens(IEnumerable<string> tokens) =>
        [SpecialTokens.StartId, .. tokens.Select(IdOf), SpecialTokens.EndId];

    /// <summary>Encodes many captions into one padded array, ready to be a [count, maxLength] tensor.</summary>
    public EncodedBatch EncodeBatch(IEnumerable<string> captions, int maxLength)
    {
        var rows = captions.Select(c => Encode(c)).ToList();
        var ids = new int[rows.Count * maxLength];
        var lengths = new int[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            var row = PadOrTruncate(rows[i], maxLength);
            row.CopyTo(ids, i * maxLength);
            lengths[i] = Math.Min(rows[i].Length, maxLength);
        }
        return new EncodedBatch(ids, rows.Count, maxLength, lengths);
    }

    /// <summary>
    /// Exactly <paramref name="maxLength"/> ids: a short sequence is filled with &lt;pad&gt; (0); a long one is cut,
    /// and if it ended with &lt;end&gt; its last kept id is replaced by &lt;end&gt;, so the model still learns to stop.
    /// </summary>
    public static int[] PadOrTruncate(IReadOnlyList<int> ids, int maxLength)
    {
        if (maxLength < 2) throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, "A caption needs room for at least <start> and <end>.");
        var result = new int[maxLength]; // zero-filled: <pad>
        int n = Math.Min(ids.Count, maxLength);
        for (int i = 0; i < n; i++) result[i] = ids[i];
        if (ids.Count > maxLength && ids[^1] == SpecialTokens.EndId) result[^1] = SpecialTokens.EndId;
        return result;
    }

    /// <summary>Ids with the specials stripped by the one shared rule, <see cref="SpecialTokens.Strip"/>.</summary>
    public static int[] StripSpecials(IEnumerable<int> ids) => SpecialTokens.Strip(ids);

    /// <summary>The tokens of a model's output, specials stripped (&lt;unk&gt; kept as "&lt;unk&gt;").</summary>
    public IReadOnlyList<string> DecodeTokens(IEnumerable<int> ids) => StripSpecials(ids).Select(TokenOf).ToList();

    /// <summary>A model's output as text: tokens joined by spaces (words) or directly (characters).</summary>
    public string Decode(IEnumerable<int> ids) => string.Join(Level == VocabularyLevel.Word ? " " : "", DecodeTokens(ids));

    /// <summary>The share of the captions' tokens that this vocabulary maps to &lt;unk&gt; (0 when there are no tokens).</summary>
    public double UnknownShare(IEnumerable<string> captions)
    {
        long total = 0, unknown = 0;
        foreach (var caption in captions)
            foreach (var token in Tokenize(caption)) { total++; if (!_ids.ContainsKey(token)) unknown++; }
        return total == 0 ? 0 : (double)unknown / total;
    }

    public override string ToString() => $"{Level} vocabulary of {Size} tokens (min count {MinCount}{(TopK is null ? "" : $", top {TopK}")}, cleaning {Cleaning.Name})";
}

/// <summary>Splits a caption into tokens: cleaned words, or characters (Unicode scalars, surrounding spaces trimmed).</summary>
public static class CaptionTokenizer
{
    public static List<string> Tokenize(string caption, VocabularyLevel level, CleaningPipeline cleaning, Action<string, string>? dropped = null) =>
        level == VocabularyLevel.Word
            ? cleaning.Clean(caption, dropped)
            : caption.Trim().EnumerateRunes().Select(r => r.ToString()).ToList();
}

/// <summary>
/// A batch of encoded captions, each padded or truncated to <see cref="MaxLength"/>, stored row-major in one array
/// so it becomes a tensor in one call: <c>torch.tensor(batch.Ids, new long[] { batch.Count, batch.MaxLength })</c>.
/// <see cref="Lengths"/> counts each row's real tokens including &lt;start&gt; and &lt;end&gt; (not the padding).
/// </summary>
public sealed record EncodedBatch(int[] Ids, int Count, int MaxLength, int[] Lengths)
{
    /// <summary>Row <paramref name="i"/> as its own array.</summary>
    public int[] Row(int i) => Ids.AsSpan(i * MaxLength, MaxLength).ToArray();
}
