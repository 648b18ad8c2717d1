using System.Net;
using System.Text;
using CaptioningKit.Display;
using CaptioningKit.Inference;
using CaptioningKit.Model;
using CaptioningKit.Training;

namespace CaptioningKit.Demo;

/// <summary>The demo's offline report: metrics, learning curves, captioned test images and attention maps.</summary>
public static class DemoReport
{
    public static string Write(string path, DemoOptions options, DemoMetrics m, TrainingHistory history,
        IReadOnlyList<GeneratedCaption> greedy, IReadOnlyList<GeneratedCaption> beam, CaptionerConfig config, bool characters)
    {
        var intro = new StringBuilder();
        intro.Append("<p>Task <b>").Append(WebUtility.HtmlEncode(m.Task)).Append("</b>: a captioner (")
            .Append(WebUtility.HtmlEncode($"{config.Encoder} encoder → {config.GridRows}x{config.GridColumns} grid, {(config.Attention ? $"{(config.Decoder.Attention == Attention.AttentionKind.Additive ? "additive" : "dot-product")}{(options.HardAttention ? " (hard at decode)" : "")} attention{(config.Decoder.AttendWithWord ? " on [h; previous word]" : "")} + " : "")}{config.Decoder.Cell} decoder"))
            .Append(") trained with teacher forcing on ").Append(options.TrainImages).Append(" images, evaluated on ").Append(m.TestImages).Append(" test images.</p>");
        intro.Append("<table border=\"1\" cellpadding=\"4\" style=\"border-collapse:collapse\">");
        void Row(string k, string v) => intro.Append("<tr><td>").Append(WebUtility.HtmlEncode(k)).Append("</td><td>").Append(WebUtility.HtmlEncode(v)).Append("</td></tr>");
        Row("BLEU-1 / 2 / 3 / 4 (greedy)", $"{m.Bleu1:F3} / {m.Bleu2:F3} / {m.Bleu3:F3} / {m.Bleu4:F3}");
        Row($"BLEU-4 (beam {options.BeamWidth})", $"{m.BeamBleu4:F3}");
        if (m.AttentionLocalization is { } loc) Row("attention localisation", $"{loc:P1} of colour/shape words looked inside their object");
        if (m.MeanLevenshtein is { } lev) Row("mean Levenshtein distance (the Kaggle metric)", $"{lev:F3} (exact match {m.ExactMatch:P1})");
        if (m.CharacterLocalisation is { } chars) Row("character localisation", $"{chars:P1} of generated characters looked at a column overlapping their glyph");
        if (characters) Row("scan cleaning", m.CleanScans ? "on: Otsu, speckles removed, cropped to the ink, padded, resized" : "off: the raw scans (--no-clean)");
        Row("training", $"{m.Epochs} epochs in {m.TrainSeconds:F0} s (best epoch {m.BestEpoch}; {m.StopReason})");
        Row("captioning speed", $"{m.CaptionsPerSecond:F0} captions/s (greedy, {m.Device})");
        intro.Append("</table>");

        var views = new List<IHtmlView> { RunCharts.Loss(history), RunCharts.Bleu(history), RunCharts.Memory(history) };
        var samples = greedy.Take(8).Zip(beam.Take(8), (g, b) => (g, b)).ToList();
        views.Add(new ImageGrid(samples.Select(s => ImageView.FromFile(s.g.Item.ImagePath,
            $"greedy: {s.g.Text(characters)}\nbeam: {s.b.Text(characters)}\nreference: {s.g.Item.Captions[0]}", displayWidth: characters ? 256 : 160)),
            characters ? 2 : 4, "Test images: generated and reference captions"));
        if (config.CleanScans && greedy.Count > 0)
            views.Add(CleaningView(greedy[0].Item.ImagePath, config));
        if (config.Attention)
            foreach (var caption in greedy.Take(2))
                views.Add(RunCharts.AttentionStrip(caption, config.GridRows, config.GridColumns, characters, config.Transform.Clean));
        return HtmlPage.Write(path, $"CaptioningKit demo: {m.Task}", views, intro.ToString());
    }

    /// <summary>A raw scan beside the cleaned one the encoder reads (the model's own transform, at its input size).</summary>
    public static IHtmlView CleaningView(string imagePath, CaptionerConfig config)
    {
        using var raw = SixLabors.ImageSharp.Image.Load<SixLabors.ImageSharp.PixelFormats.Rgb24>(imagePath);
        using var cleaned = Images.ScanCleaning.Clean(raw, config.Transform.Clean);
        return new ImageGrid([
            ImageView.FromImage(raw, $"raw scan ({raw.Width}x{raw.Height})", displayWidth: 256),
            ImageView.FromImage(cleaned, $"cleaned: Otsu, speckles removed, cropped to the ink, padded, {cleaned.Width}x{cleaned.Height}", displayWidth: 256)],
            2, "Scan cleaning: what the encoder reads");
    }
}
