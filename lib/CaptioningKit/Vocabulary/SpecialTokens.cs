namespace CaptioningKit.Vocabulary;

/// <summary>
/// The four tokens every vocabulary starts with, at fixed ids: <c>&lt;pad&gt;</c> 0 (fills short captions in a
/// batch; 0 so a zeroed tensor is all padding), <c>&lt;start&gt;</c> 1 (the decoder's first input),
/// <c>&lt;end&gt;</c> 2 (the decoder says it is done), <c>&lt;unk&gt;</c> 3 (any word not in the vocabulary).
/// The model, decoding and evaluation take a <see cref="SpecialTokens"/> value as a parameter instead of asking a
/// vocabulary, so they stay independent of how the vocabulary is built; the kit's vocabularies use <see cref="Default"/>.
/// </summary>
/// <param name="Pad">Fills sequences up to a common length; ignored by the loss and by metrics.</param>
/// <param name="Start">Fed as the first input token of every caption.</param>
/// <param name="End">Produced by the decoder to say "the caption is finished".</param>
/// <param name="Unknown">Stands for any word outside the vocabulary.</param>
public sealed record SpecialTokens(long Pad, long Start, long End, long Unknown)
{
    public const string PadText = "<pad>", StartText = "<start>", EndText = "<end>", UnknownText = "<unk>";
    public const int PadId = 0, StartId = 1, EndId = 2, UnknownId = 3;

    /// <summary>The kit's layout: &lt;pad&gt;=0, &lt;start&gt;=1, &lt;end&gt;=2, &lt;unk&gt;=3.</summary>
    public static SpecialTokens Default { get; } = new(PadId, StartId, EndId, UnknownId);

    /// <summary>The specials' spellings in id order.</summary>
    public static IReadOnlyList<string> All { get; } = [PadText, StartText, EndText, UnknownText];

    public static bool IsSpecial(string token) => token is PadText or StartText or EndText or UnknownText;

    /// <summary>
    /// THE way captions lose their special tokens, used by decoding, BLEU, edit distances and every display: drops
    /// <c>&lt;start&gt;</c> and <c>&lt;pad&gt;</c>, and stops at the first <c>&lt;end&gt;</c> (whatever follows it is
    /// padding or noise). <c>&lt;unk&gt;</c> is kept: it is a real prediction, and dropping it would shorten the
    /// caption and flatter length-sensitive scores. This overload works on ids of the <see cref="Default"/> layout.
    /// </summary>
    public static int[] Strip(IEnumerable<int> ids) => StripBy(ids, id => id == EndId, id => id is PadId or StartId);

    /// <summary>The same rule as <see cref="Strip(IEnumerable{int})"/>, on ids of this record's layout (a decoder's output).</summary>
    public long[] StripIds(IEnumerable<long> ids) => StripBy(ids, id => id == End, id => id == Pad || id == Start);

    /// <summary>The same rule as <see cref="Strip(IEnumerable{int})"/>, on token spellings.</summary>
    public static string[] Strip(IEnumerable<string> tokens) => StripBy(tokens, t => t == EndText, t => t is PadText or StartText);

    static T[] StripBy<T>(IEnumerable<T> items, Func<T, bool> isEnd, Func<T, bool> isDropped)
    {
        var kept = new List<T>();
        foreach (var item in items)
        {
            if (isEnd(item)) break;
            if (!isDropped(item)) kept.Add(item);
        }
        return [.. kept];
    }
}
