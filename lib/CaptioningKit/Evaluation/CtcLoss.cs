using CaptioningKit.Vocabulary;
using TorchSharp;
using static TorchSharp.torch;

namespace CaptioningKit.Evaluation;

/// <summary>
/// Connectionist temporal classification (Graves et al. 2006) on the encoder's columns: each column says which
/// character it sees, or "blank" (nothing new here), and the loss is −log of the total probability of every way of
/// reading the columns that collapses to the caption (merge repeats, drop blanks: "CC-1-11-" → "C11"). It needs no
/// alignment — nobody says which column holds which character — and it is the auxiliary loss of joint CTC-attention
/// training (Kim, Hori and Watanabe 2017): it teaches the encoder to read in a few hundred steps, and attention then
/// has characters to find. &lt;pad&gt; plays the blank, since it is never a character of a caption.
/// </summary>
public static class CtcLoss
{
    /// <summary>Columns a caption needs to be read by CTC: one per character, plus a blank between two equal
    /// neighbours (the "1 1" of "C11" would otherwise merge into one "1").</summary>
    public static int ColumnsNeeded(IReadOnlyList<int> characterIds)
    {
        var needed = characterIds.Count;
        for (var i = 1; i < characterIds.Count; i++) if (characterIds[i] == characterIds[i - 1]) needed++;
        return needed;
    }

    /// <param name="logProbabilities">(columns, batch, vocab): log-softmax over the vocabulary, &lt;pad&gt; as the blank.</param>
    /// <param name="captions">(batch, length) int64: encoded captions with &lt;start&gt;, &lt;end&gt; and &lt;pad&gt;, which are not characters.</param>
    /// <param name="tokens">the vocabulary's special ids.</param>
    /// <returns>scalar: each caption's loss divided by its length, averaged over the batch (comparable to the
    /// cross-entropy per character). A caption that cannot fit the columns would have an infinite loss; it counts 0
    /// here, so check <see cref="ColumnsNeeded"/> first.</returns>
    public static Tensor Mean(Tensor logProbabilities, Tensor captions, SpecialTokens tokens)
    {
        using var scope = NewDisposeScope();
        var isCharacter = captions.ne(tokens.Pad).logical_and(captions.ne(tokens.Start)).logical_and(captions.ne(tokens.End)); // (batch, length) bool
        var targets = captions.masked_select(isCharacter);                                   // (characters in the batch): row after row
        var targetLengths = isCharacter.sum(1, type: ScalarType.Int64);                      // (batch)
        var columns = logProbabilities.shape[0];
        var inputLengths = full([captions.shape[0]], columns, dtype: ScalarType.Int64);     // (batch): every column counts
        return nn.functional.ctc_loss(logProbabilities, targets, inputLengths, targetLengths.cpu(), tokens.Pad,
                zero_infinity: true, reduction: nn.Reduction.Mean) // scalar
            .MoveToOuterDisposeScope();
    }
}
