namespace CaptioningKit.Decoder;

/// <summary>
/// The ids (and spellings) of the vocabulary's special tokens, in one place. The model, decoding and evaluation take
/// this record as a parameter instead of asking a vocabulary class, so they stay independent of how the vocabulary
/// is built. The kit's vocabulary uses <see cref="Default"/>: &lt;pad&gt;=0, &lt;start&gt;=1, &lt;end&gt;=2, &lt;unk&gt;=3.
/// </summary>
/// <param name="Pad">Fills sequences up to a common length; ignored by the loss and by metrics.</param>
/// <param name="Start">Fed as the first input token of every caption.</param>
/// <param name="End">Produced by the decoder to say "the caption is finished".</param>
/// <param name="Unknown">Stands for any word outside the vocabulary.</param>
public sealed record SpecialTokens(long Pad, long Start, long End, long Unknown)
{
    public const string PadText = "<pad>";
    public const string StartText = "<start>";
    public const string EndText = "<end>";
    public const string UnknownText = "<unk>";

    /// <summary>The kit's layout: &lt;pad&gt;=0, &lt;start&gt;=1, &lt;end&gt;=2, &lt;unk&gt;=3.</summary>
    public static SpecialTokens Default { get; } = new(0, 1, 2, 3);
}
