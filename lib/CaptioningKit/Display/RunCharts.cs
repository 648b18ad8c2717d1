using CaptioningKit.Images;
using CaptioningKit.Inference;
using CaptioningKit.Training;

namespace CaptioningKit.Display;

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
    public static IReadOnlyList<ChartView> AttentionPanels(GeneratedCaption caption, int gridRows, int gridColumns)
    {
        using var loaded = ImageLoader.Load(caption.Item.ImagePath);
        var view = ImageView.FromImage(loaded.Image, maxSide: 256);
        return caption.Words.Select((word, t) =>
        {
            var grid = new double[gridRows, gridColumns];
            for (int p = 0; p < caption.Weights[t].Length; p++) grid[p / gridColumns, p % gridColumns] = caption.Weights[t][p];
            return Charts.ImageOverlay($"\"{word}\"", view.Png, view.Width, view.Height, grid, opacity: 0.55);
        }).ToList();
    }

    static double[] Epochs(TrainingHistory h) => h.Epochs.Select(e => (double)e.Epoch).ToArray();
}
