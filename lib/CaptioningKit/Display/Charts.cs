using System.Text.Json;

namespace CaptioningKit.Display;

/// <summary>
/// Charts for notebooks, reports and the CLI: line, bar, histogram, heatmap, and an image with a weight grid laid
/// over it (attention maps). Built with Plotly.NET inside an isolated load context (see PlottingLoadContext), so they
/// work in the notebook kernel too; the API takes plain arrays and returns a <see cref="ChartView"/>.
/// </summary>
public static class Charts
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    static readonly Lazy<string> Plotly = new(() => PlottingLoadContext.Call("PlotlyJs"));

    /// <summary>The plotly.js library (about 3.5 MB) that Plotly.NET carries.</summary>
    public static string PlotlyJs => Plotly.Value;

    /// <summary>One line per named series; <paramref name="x"/> defaults to 0, 1, 2, ...</summary>
    public static ChartView Line(string title, IReadOnlyDictionary<string, double[]> series, double[]? x = null, string? xTitle = null, string? yTitle = null) =>
        Render(new ChartSpec("line", title, xTitle, yTitle, series.Select(s => new SeriesSpec(s.Key, s.Value, x)).ToList()));

    /// <summary>A single line.</summary>
    public static ChartView Line(string title, double[] y, double[]? x = null, string? xTitle = null, string? yTitle = null) =>
        Line(title, new Dictionary<string, double[]> { [yTitle ?? "value"] = y }, x, xTitle, yTitle);

    /// <summary>Vertical bars, one per category.</summary>
    public static ChartView Bar(string title, string[] categories, double[] values, string? xTitle = null, string? yTitle = null)
    {
        if (categories.Length != values.Length)
            throw new ArgumentException($"Bar chart '{title}': {categories.Length} categories but {values.Length} values.");
        return Render(new ChartSpec("bar", title, xTitle, yTitle, [new SeriesSpec(yTitle ?? "value", values, Categories: categories)]));
    }

    /// <summary>A histogram of <paramref name="values"/>; <paramref name="bins"/> 0 lets plotly choose.</summary>
    public static ChartView Histogram(string title, double[] values, int bins = 0, string? xTitle = null, string? yTitle = "count") =>
        Render(new ChartSpec("histogram", title, xTitle, yTitle, [new SeriesSpec(xTitle ?? "values", values)], Bins: bins));

    /// <summary>A heatmap of <paramref name="z"/> indexed [row, column]; row 0 at the top, like an image.</summary>
    public static ChartView Heatmap(string title, double[,] z, string[]? xLabels = null, string[]? yLabels = null, string colorscale = "Viridis")
    {
        var rows = ToJagged(z);
        if (xLabels is not null && xLabels.Length != rows[0].Length) throw new ArgumentException($"Heatmap '{title}': {xLabels.Length} column labels for {rows[0].Length} columns.");
        if (yLabels is not null && yLabels.Length != rows.Length) throw new ArgumentException($"Heatmap '{title}': {yLabels.Length} row labels for {rows.Length} rows.");
        return Render(new ChartSpec("heatmap", title, Z: rows, XLabels: xLabels, YLabels: yLabels, Colorscale: colorscale,
            Width: Math.Clamp(120 + 28 * rows[0].Length, 300, 900), Height: Math.Clamp(100 + 28 * rows.Length, 250, 700)));
    }

    /// <summary>A heatmap of a 2-D tensor (rows, columns), e.g. attention weights reshaped to the encoder grid.</summary>
    public static ChartView Heatmap(string title, TorchSharp.torch.Tensor z, string[]? xLabels = null, string[]? yLabels = null, string colorscale = "Viridis")
    {
        if (z.dim() != 2) throw new ArgumentException($"Heatmap '{title}' needs a 2-D tensor (rows, columns); got shape ({string.Join(", ", z.shape)}). Reshape it first, e.g. weights.reshape(8, 8).");
        using var values = z.detach().to(TorchSharp.torch.CPU).to_type(TorchSharp.torch.ScalarType.Float64).contiguous();
        int rows = (int)z.shape[0], columns = (int)z.shape[1];
        var flat = values.data<double>().ToArray();
        var grid = new double[rows, columns];
        for (int r = 0; r < rows; r++) for (int c = 0; c < columns; c++) grid[r, c] = flat[r * columns + c];
        return Heatmap(title, grid, xLabels, yLabels, colorscale);
    }

    /// <summary>
    /// The PNG image with the weight grid <paramref name="weights"/> [row, column] stretched over it, half transparent:
    /// how an attention map is shown.
    /// </summary>
    public static ChartView ImageOverlay(string title, byte[] png, int width, int height, double[,] weights, double opacity = 0.5, string colorscale = "Hot")
    {
        if (png.Length < 8 || png[0] != 0x89 || png[1] != (byte)'P') throw new ArgumentException($"Image overlay '{title}': the image must be PNG bytes.");
        var scale = Math.Max(1, 160 / Math.Max(width, height)); // small panels: a caption has one per word
        var z = ToJagged(weights);
        if (z.Length == 1) z = [z[0], z[0]]; // a one-row grid (a line of text): two equal rows, so the heatmap spans the image's height
        return Render(new ChartSpec("image-overlay", title, Z: z, ImageDataUri: "data:image/png;base64," + Convert.ToBase64String(png),
            ImageWidth: width, ImageHeight: height, Opacity: opacity, Colorscale: colorscale, Width: width * scale + 60, Height: height * scale + 80));
    }

    static ChartView Render(ChartSpec spec) => new(PlottingLoadContext.Call("RenderFragment", JsonSerializer.Serialize(spec, Json)));

    static double[][] ToJagged(double[,] z)
    {
        if (z.GetLength(0) == 0 || z.GetLength(1) == 0) throw new ArgumentException("A grid needs at least one row and one column.");
        return Enumerable.Range(0, z.GetLength(0)).Select(r => Enumerable.Range(0, z.GetLength(1)).Select(c => z[r, c]).ToArray()).ToArray();
    }
}
