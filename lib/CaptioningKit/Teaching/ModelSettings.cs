using System.Globalization;
using System.Net;
using System.Text;
using CaptioningKit.Display;
using CaptioningKit.Model;
using CaptioningKit.Training;

namespace CaptioningKit.Teaching;

/// <summary>One setting of a run: where it lives (<see cref="Source"/>, e.g. "Decoder.HiddenDim"), its value and why.</summary>
public sealed record ModelSetting(string Source, string Value, string Why);

/// <summary>
/// Every setting a captioner and its training use, read from the configuration (never typed by hand), each with the
/// reason for its value: notebook 07 shows it so that nothing the model does is hidden (the cell positions, the gate,
/// dropout, the grid …). A unit test checks that every property of <see cref="CaptionerConfig"/>,
/// <see cref="Decoder.DecoderOptions"/> and <see cref="TrainingOptions"/> has a row.
/// </summary>
public sealed class ModelSettings(IReadOnlyList<ModelSetting> rows, string title) : IHtmlView
{
    public IReadOnlyList<ModelSetting> Rows { get; } = rows;
    public string Title { get; } = title;

    /// <summary>The settings of <paramref name="config"/> trained with <paramref name="training"/>.</summary>
    public static ModelSettings Of(CaptionerConfig config, TrainingOptions training, string title = "The model and its training: every setting")
    {
        var d = config.Decoder;
        string N(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
        var small = Encoder.EncoderFactory.IsSmallCnn(config.Encoder);
        var rows = new List<ModelSetting>
        {
            new("Encoder", config.Encoder, small
                ? "a small CNN trained from scratch with the decoder: 64x64 drawings need no ImageNet features"
                : "a pretrained ResNet: photos need features learnt from millions of images"),
            new("EncoderWidths", config.EncoderWidths.Length == 0 ? "(the ResNet's own)" : string.Join(", ", config.EncoderWidths),
                small ? $"{config.EncoderWidths.Length} conv blocks (3x3 conv, batch norm, ReLU, 2x2 max-pool), channels doubling as the picture halves" : "fixed by the pretrained network"),
            new("GridRows", config.GridRows.ToString(CultureInfo.InvariantCulture), "rows of annotation vectors attention chooses from"),
            new("GridColumns", config.GridColumns.ToString(CultureInfo.InvariantCulture),
                $"{config.GridRows}x{config.GridColumns} = {config.GridRows * config.GridColumns} cells: fine enough that a small shape fills about one cell"),
            new("ImageWidth", config.ImageWidth.ToString(CultureInfo.InvariantCulture), "the encoder's input width (every image is resized to it)"),
            new("ImageHeight", config.ImageHeight.ToString(CultureInfo.InvariantCulture), "the encoder's input height"),
            new("CellPositions", config.CellPositions ? "on (+2 channels)" : "off",
                config.CellPositions
                    ? "each cell's (x, y) in [-1, 1] is appended to its features: a CNN says WHAT is in a cell, not WHERE, and captions say left/right/above"
                    : "features carry no position; fine when captions do not talk about places"),
            new("Attention", config.Attention ? "additive (Bahdanau)" : "none (Show and Tell)", config.Attention
                ? "a fresh weighted average of the cells for every word (notebook 05)" : "the baseline: one image vector for the whole caption"),
            new("CleanScans", config.CleanScans ? "on" : "off", config.CleanScans
                ? "each scan is cleaned (Otsu threshold, speckle removal, crop to the ink, pad) before the encoder, in training and captioning alike (notebook 03)"
                : "images go to the encoder as they are (only resized and normalised)"),
            new("CtcWeight", N(config.CtcWeight), config.CtcWeight > 0
                ? "an auxiliary CTC loss on the encoder's columns (joint CTC-attention): each column learns to name the character under it, so attention has something to find; without it the decoder learns the grammar of formulas and never the picture (notebook 08)"
                : "no auxiliary loss: the captions' cross-entropy alone trains encoder and decoder"),
            new("MaxCaptionLength", config.MaxCaptionLength.ToString(CultureInfo.InvariantCulture), "tokens with <start> and <end>; raised to the longest training caption so none is cut"),
            new("Decoder.VocabSize", d.VocabSize.ToString(CultureInfo.InvariantCulture), "the output layer: one score per vocabulary token (notebook 02)"),
            new("Decoder.FeatureChannels", d.FeatureChannels.ToString(CultureInfo.InvariantCulture),
                config.CellPositions ? "the encoder's channels + the 2 position channels" : "the encoder's channels"),
            new("Decoder.EmbeddingDim", d.EmbeddingDim.ToString(CultureInfo.InvariantCulture), "size of a word vector: small vocabularies need few dimensions"),
            new("Decoder.HiddenDim", d.HiddenDim.ToString(CultureInfo.InvariantCulture), "the LSTM's memory: what has been said and what is left to say"),
            new("Decoder.AttentionDim", d.AttentionDim.ToString(CultureInfo.InvariantCulture), "the space where W_f f and W_h h are compared (notebook 05)"),
            new("Decoder.Attention", d.Attention.ToString(), d.Attention == Attention.AttentionKind.Additive
                ? "additive (Bahdanau) scores, v^T tanh(W_f f + W_q q): a small network compares each cell with the query (notebook 05)"
                : "scaled dot-product scores, (W_f f)^T (W_q q) / sqrt(d): cheaper, and what transformers use (notebook 05)"),
            new("Decoder.AttendWithWord", d.AttendWithWord ? "on" : "off", d.AttendWithWord
                ? "the attention query is [h; embedding of the previous word]: after 'red' the attention knows the next word names the red object"
                : "the attention query is the hidden state h alone"),
            new("Decoder.Dropout", N(d.Dropout), "dropout before the output layer, in training only: fewer memorised captions"),
            new("Decoder.Cell", d.Cell.ToString().ToUpperInvariant(), "the recurrent cell (notebook 06); GRU is the lighter alternative"),
            new("Decoder.Gate", d.Gate ? "on" : "off", d.Gate
                ? "the context is scaled by sigmoid(f_beta(h)) (Show, Attend and Tell): the decoder can ignore the picture for words like 'a' or 'above'"
                : "the context always passes whole"),
            new("Decoder.DoublyStochasticWeight", N(d.DoublyStochasticWeight), d.DoublyStochasticWeight == 0
                ? "lambda = 0, the penalty is off: it asks every cell to get a total attention of 1 over the caption, which a short caption about 1-3 small objects cannot do without smearing attention"
                : "lambda of the penalty sum_i (1 - sum_t alpha_ti)^2: every cell should be looked at about once over the caption"),
            new("Decoder.Tokens", $"<pad> {d.Tokens.Pad}, <start> {d.Tokens.Start}, <end> {d.Tokens.End}, <unk> {d.Tokens.Unknown}", "the special token ids; <pad> targets cost nothing in the loss"),
            new("Training.Epochs", training.Epochs.ToString(CultureInfo.InvariantCulture), "passes over the training images (fewer if early stopping ends the run)"),
            new("Training.BatchSize", training.BatchSize.ToString(CultureInfo.InvariantCulture), "images per step, each with all its captions"),
            new("Training.LearningRate", N(training.LearningRate), "Adam's step size at the start of the cosine schedule"),
            new("Training.MinLearningRate", N(training.MinLearningRate), "where the cosine schedule ends: small steps to settle"),
            new("Training.GradientClip", N(training.GradientClip), "the total gradient norm is clipped to this: one huge LSTM gradient cannot wreck the weights"),
            new("Training.ScheduledSampling", N(training.ScheduledSampling), training.ScheduledSampling == 0
                ? "pure teacher forcing: the decoder always reads the true previous word"
                : "the share of steps where the decoder reads its own previous prediction"),
            new("Training.Patience", training.Patience.ToString(CultureInfo.InvariantCulture), "epochs without a better validation BLEU-4 before stopping early"),
            new("Training.TargetBleu4", training.TargetBleu4 is { } t ? N(t) : "none", "stop as soon as validation BLEU-4 reaches it (none: run the epochs)"),
            new("Training.ValidationImages", training.ValidationImages is { } v ? v.ToString(CultureInfo.InvariantCulture) : "all", "validation images scored after each epoch"),
            new("Training.Seed", training.Seed.ToString(CultureInfo.InvariantCulture), "initial weights, shuffling and dropout: the same seed repeats the run"),
            new("Training.Flip", training.Flip.ToString(), "the flip policy: Never, because the captions say left and right (notebook 03)"),
            new("Training.KeepLastCheckpoints", training.KeepLastCheckpoints.ToString(CultureInfo.InvariantCulture), "per-epoch checkpoints kept besides best.safetensors"),
            new("Training.MaxSteps", training.MaxSteps is { } m ? m.ToString(CultureInfo.InvariantCulture) : "none", "a cap on optimiser steps (quick mode)"),
        };
        return new ModelSettings(rows, title);
    }

    public string ToNotebookHtml() => ToFragmentHtml();

    public string ToFragmentHtml()
    {
        var sb = new StringBuilder();
        sb.Append("<table style=\"border-collapse:collapse;font-size:13px\"><caption style=\"text-align:left;font-weight:bold\">")
          .Append(WebUtility.HtmlEncode(Title)).Append("</caption><tr><th style=\"text-align:left\">setting</th><th style=\"text-align:left\">value</th><th style=\"text-align:left\">why</th></tr>");
        foreach (var r in Rows)
            sb.Append("<tr style=\"border-top:1px solid #ddd\"><td><code>").Append(WebUtility.HtmlEncode(r.Source)).Append("</code></td><td>")
              .Append(WebUtility.HtmlEncode(r.Value)).Append("</td><td>").Append(WebUtility.HtmlEncode(r.Why)).Append("</td></tr>");
        return sb.Append("</table>").ToString();
    }

    public override string ToString() => string.Join("\n", Rows.Select(r => $"{r.Source,-32} {r.Value,-16} {r.Why}"));
}
