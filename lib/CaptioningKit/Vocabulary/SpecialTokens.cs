namespace CaptioningKit.Vocabulary;

/// <summary>
/// The four tokens every vocabulary starts with, at fixed ids: <c>&lt;pad&gt;</c> 0 (fills short captions in a
/// batch; 0 so a zeroed tensor is all padding), <c>&lt;start&gt;</c> 1 (the decoder's first input),
/// <c>&lt;end&gt;</c> 2 (the decoder says it is done), <c>&lt;unk&gt;</c> 3 (any word not in the vocabulary).
/// </summary>
public static class SpecialTokens
{
    public const string Pad = "<pad>", Start = "<start>", End = "<end>", Unknown = "<unk>";
    public const int PadId = 0, StartId = 1, EndId = 2, UnknownId = 3;

    /// <summary>The specials in id order.</summary>
    public static readonly IReadOnlyList<string> All = [Pad, Start, End, Unknown];

    public static bool IsSpecial(string token) => token is Pad or Start or End or Unknown;

    /// <summary>
    /// THE way to turn a model's output ids back into caption ids, used by decoding, BLEU and every display: drops
    /// <c>&lt;start&gt;</c> and <c>&lt;pad&gt;</c>, and stops at the first <c>&lt;end&gt;</c> (whatever follows it is
    /// padding or noise). <c>&lt;unk&gt;</c> is kept: it is a real prediction, and dropping it would shorten the
    /// caption and flatter length-sensitive scores.
    /// </summary>
    public static int[] Strip(IEnumerable<int> ids)
    {
        var kept = new List<int>();
        foreach (var id in ids)
        {
            if (id == EndId) break;
            if (id is PadId or StartId) continue;
            kept.Add(id);
        }
        return [.. kept];
    }
}
