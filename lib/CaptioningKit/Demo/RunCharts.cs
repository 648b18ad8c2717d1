using CaptioningKit.Display;
using CaptioningKit.Images;
using CaptioningKit.Inference;
using CaptioningKit.Training;

namespace CaptioningKit.Demo;

/// <summary>The pictures of a training run: learning curves, captioned samples and attention maps.</summary>
public static class RunCharts
{
    /// <summary>Training and validation cross-entropy per epoch.</summary>
    public static ChartView Loss(TrainingHistory history) => Charts.Line("Loss (cross-entropy per token)", new Dictionary<string, double[]>
    {
        ["train"] = history.Epochs.Select(e => e.TrainLoss).ToArray(),
        ["validation"] = history.Epochs.Select(e => e.ValLoss).ToArray(),
    }, Epochs(history), "epoch", "cross-entropy");

    /// <summary>Validation BLEU-4 and token accuracy per epoch.</summary>
    public static ChartView Bleu(TrainingHistory history) => Charts.Line("Validation BLEU-4 and token accuracy", new Dictionary<string, double[]>
    {
        ["BLEU-4 (greedy)"] = history.Epochs.Select(e => e.ValBleu4).ToArray(),
        ["token accuracy (teacher forcing)"] = history.Epochs.Select(e => e.ValTokenAccuracy).ToArray(),
    }, Epochs(history), "epoch", "score");

    /// <summary>Live tensors and process memory after each epoch: flat lines mean nothing leaks.</summary>
    public static ChartView Memory(TrainingHistory history) => Charts.Line("Memory after each epoch", new Dictionary<string, double[]>
    {
        ["process memory (MB)"] = history.Epochs.Select(e => e.ProcessMemoryBytes / 1e6).ToArray(),
        ["live tensors"] = history.Epochs.Select(e => (double)e.LiveTensors).ToArray(),
    }, Epochs(history), "epoch");

    /// <summary>Images with the generated caption (and the references under it).</summary>
    public static ImageGrid Samples(IEnumerable<GeneratedCaption> captions, bool characters, int columns = 4, string? title = null) =>
        new(captions.Select(c => ImageView.FromFile(c.Item.ImagePath,
            $"model: {c.Text(characters)}\nreferences: {string.Join(" | ", c.Item.Captions.Take(3))}", displayWidth: characters ? 256 : 160)), columns, title);

    /// <summary>
    /// One panel per generated word: the image with that word's attention weights stretched over it (brighter = more
    /// attention), the way Show, Attend and Tell shows where the model looked.
    /// </summary>
    /// <param name="clean">the model's scan cleaning (<see cref="ImageTransform.Clean"/>), when it reads cleaned scans:
    /// the weights are then shown over the cleaned scan, the frame the attention grid covers.</param>
    public static IReadOnlyList<ChartView> AttentionPanels(GeneratedCaption caption, int gridRows, int gridColumns, ScanCleaningOptions? clean = null)
    {
        using var loaded = ImageLoader.Load(caption.Item.ImagePath);
        using var cleaned = clean is null ? null : ScanCleaning.Clean(loaded.Image, clean);
        var view = ImageView.FromImage(cleaned ?? loaded.Image, maxSide: 256);
        return caption.Words.Select((word, t) =>
        {
            var grid = new double[gridRows, gridColumns];
            for (int p = 0; p < caption.Weights[t].Length; p++) grid[p / gridColumns, p % gridColumns] = caption.Weights[t][p];
            return Charts.ImageOverlay($"\"{word}\"", view.Png, view.Width, view.Height, grid, opacity: 0.55);
        }).ToList();
    }

    /// <summary>
    /// The learning rate of each epoch under the Trainer's cosine schedule: <see cref="TrainingOptions.LearningRate"/>
    /// at epoch 1 down to <see cref="TrainingOptions.MinLearningRate"/> at the last epoch (the Trainer records the same
    /// values in <see cref="EpochRecord.LearningRate"/>).
    /// </summary>
    public static double[] LearningRates(TrainingOptions options) =>
        Enumerable.Range(1, options.Epochs).Select(options.LearningRateAt).ToArray();

    /// <summary>The cosine learning-rate schedule of <paramref name="options"/>, one point per epoch.</summary>
    public static ChartView LearningRateSchedule(TrainingOptions options) =>
        Charts.Line($"Cosine learning-rate schedule ({options.Epochs} epochs)", LearningRates(options),
            Enumerable.Range(1, options.Epochs).Select(e => (double)e).ToArray(), "epoch", "learning rate");

    /// <summary>Each image with its greedy and beam captions (and their log-probabilities) and its first reference.</summary>
    public static ImageGrid GreedyVsBeam(IReadOnlyList<GeneratedCaption> greedy, IReadOnlyList<GeneratedCaption> beam, int beamWidth,
        bool characters = false, int columns = 4, string? title = null)
    {
        if (greedy.Count != beam.Count) throw new ArgumentException($"{greedy.Count} greedy captions but {beam.Count} beam captions: caption the same images both ways.");
        return new(greedy.Zip(beam, (g, b) => ImageView.FromFile(g.Item.ImagePath,
            $"greedy: {g.Text(characters)} (log p {g.Score:F2})\nbeam {beamWidth}: {b.Text(characters)} (log p {b.Score:F2})\nreference: {g.Item.Captions[0]}",
            displayWidth: characters ? 256 : 160)), columns, title);
    }

    /// <summary>The <see cref="AttentionPanels"/> of a caption side by side, under a title.</summary>
    public static IHtmlView AttentionStrip(GeneratedCaption caption, int gridRows, int gridColumns, bool characters = false, ScanCleaningOptions? clean = null) =>
        new PanelStrip($"Where the model looked: \"{caption.Text(characters)}\"", AttentionPanels(caption, gridRows, gridColumns, clean));

    sealed class PanelStrip(string title, IReadOnlyList<ChartView> panels) : IHtmlView
    {
        public IReadOnlyList<ChartView> Panels => panels;
        string Html(Func<ChartView, string> render) =>
            $"<h3>{System.Net.WebUtility.HtmlEncode(title)}</h3><div style=\"display:flex;flex-wrap:wrap\">" + string.Concat(panels.Select(render)) + "</div>";
        public string ToFragmentHtml() => Html(p => p.ToFragmentHtml());
        public string ToNotebookHtml() => Html(p => p.ToNotebookHtml());
        public override string ToString() => $"{panels.Count} attention panels: {title}";
    }

    static double[] Epochs(TrainingHistory h) => h.Epochs.Select(e => (double)e.Epoch).ToArray();
}
