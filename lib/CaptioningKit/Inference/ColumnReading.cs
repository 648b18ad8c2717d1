using CaptioningKit.Data;
using CaptioningKit.Images;
using CaptioningKit.Model;
using CaptioningKit.Vocabulary;
using static TorchSharp.torch;

namespace CaptioningKit.Inference;

/// <summary>
/// What a model's CTC head (<see cref="CaptionerConfig.CtcWeight"/>) reads in each column of the encoder, on its own,
/// without the attention decoder: the most probable token of every column (<see cref="Blank"/> for CTC's blank), and
/// the text greedy CTC decoding makes of it (merge repeats, then drop blanks: <c>CC·1·11H</c> → <c>C11H</c>).
/// </summary>
/// <param name="Item">the image read.</param>
/// <param name="Columns">one token per encoder column, left to right.</param>
/// <param name="Text">the collapsed reading.</param>
public sealed record ColumnReading(CaptionedImage Item, IReadOnlyList<string> Columns, string Text)
{
    /// <summary>How a blank column is shown.</summary>
    public const string Blank = "·";

    /// <summary>Greedy CTC decoding of one row of column choices: a token repeated in neighbouring columns counts once,
    /// and blanks separate (so "1·1" is "11" while "11" is "1").</summary>
    public static IReadOnlyList<long> Collapse(IReadOnlyList<long> best, long blank)
    {
        var kept = new List<long>();
        for (var i = 0; i < best.Count; i++)
            if (best[i] != blank && (i == 0 || best[i] != best[i - 1])) kept.Add(best[i]);
        return kept;
    }

    /// <summary>Reads <paramref name="items"/> through the model's own image transform, batch by batch.</summary>
    public static List<ColumnReading> Of(Captioner model, IReadOnlyList<CaptionedImage> items, Vocab vocab, Device device, int batchSize = 64)
    {
        var blank = (long)model.Decoder.Tokens.Pad;
        var loader = new ImageBatchLoader(items, new ImageBatchLoaderOptions { BatchSize = batchSize, Shuffle = false, Transform = model.Config.Transform });
        var result = new List<ColumnReading>(items.Count);
        model.eval();
        using var noGrad = no_grad();
        foreach (var batch in loader.Batches(device))
            using (batch)
            using (var scope = NewDisposeScope())
            {
                var logProbs = model.ColumnLogProbabilities(model.Features(batch.Images)); // (columns, B, vocab)
                var best = logProbs.argmax(2).t().cpu();                                    // (B, columns)
                for (var row = 0; row < batch.Items.Count; row++)
                {
                    var ids = best[row].data<long>().ToArray();
                    var columns = ids.Select(id => id == blank ? Blank : vocab.TokenOf((int)id)).ToList();
                    var text = vocab.Decode(Collapse(ids, blank).Select(id => (int)id));
                    result.Add(new ColumnReading(batch.Items[row], columns, text));
                }
            }
        return result;
    }
}
