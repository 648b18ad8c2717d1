using System.Text.Json;
using CaptioningKit.Display;
using Plotly.NET;
using Plotly.NET.LayoutObjects;
using Chart = Plotly.NET.CSharp.Chart;
using GenericChartExtensions = Plotly.NET.CSharp.GenericChartExtensions;

namespace CaptioningKit.Plotting;

/// <summary>
/// The only entry point of this assembly, called by reflection from CaptioningKit.Display.Charts inside an isolated
/// load context: JSON in, HTML out, so that no F# or Plotly.NET type ever reaches the caller's context.
/// </summary>
public static class ChartRenderer
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A div and a script that draws <paramref name="specJson"/> with a global <c>Plotly</c> (not included).</summary>
    public static string RenderFragment(string specJson)
    {
        var spec = Parse(specJson);
        var html = GenericChart.toChartHTML(Build(spec));
        // Small attention panels come in rows of a dozen: no zoom/pan toolbar over their titles.
        return spec.Kind == "image-overlay" ? html.Replace("var config = {\"responsive\":true};", "var config = {\"responsive\":true,\"displayModeBar\":false};") : html;
    }

    /// <summary>The plotly.js library that Plotly.NET carries, so pages work offline (no CDN).</summary>
    public static string PlotlyJs()
    {
        var asm = typeof(GenericChart).Assembly;
        var name = asm.GetManifestResourceNames().Single(n => n.StartsWith("Plotly.NET.plotly-", StringComparison.Ordinal) && n.EndsWith(".min.js", StringComparison.Ordinal));
        using var reader = new StreamReader(asm.GetManifestResourceStream(name)!);
        return reader.ReadToEnd();
    }

    static ChartSpec Parse(string json) =>
        JsonSerializer.Deserialize<ChartSpec>(json, Json) ?? throw new ArgumentException("Empty chart specification.");

    static GenericChart Build(ChartSpec s)
    {
        var chart = s.Kind switch
        {
            "line" => Combine(Series(s).Select(x => Chart.Line<double, double, string>(x.X ?? Index(x.Y), x.Y, Name: x.Name, ShowMarkers: x.Y.Length <= 60))),
            "bar" => Combine(Series(s).Select(x => Chart.Column<double, string, string>(x.Y, Keys: x.Categories ?? Index(x.Y).Select(i => i.ToString()).ToArray(), Name: x.Name))),
            "histogram" => Combine(Series(s).Select(x => s.Bins > 0
                ? Chart.Histogram<double, double, string>(X: x.Y, Name: x.Name, NBinsX: s.Bins)
                : Chart.Histogram<double, double, string>(X: x.Y, Name: x.Name))),
            "heatmap" => Heatmap(s, showScale: true),
            "image-overlay" => ImageOverlay(s),
            _ => throw new ArgumentException($"Unknown chart kind '{s.Kind}'; use line, bar, histogram, heatmap or image-overlay."),
        };
        chart = GenericChartExtensions.WithSize(chart, s.Width, s.Height);
        if (s.Kind == "image-overlay") // small panels: little margin, no axis ticks
            chart = Plotly.NET.Chart.withMarginSize<int, int, int, int, int, bool>(Some(8), Some(8), Some(30), Some(8), None<int>(), None<bool>()).Invoke(chart);
        if (s.Title is not null) chart = Plotly.NET.Chart.withTitle(s.Title, Microsoft.FSharp.Core.FSharpOption<Font>.None).Invoke(chart);
        if (s.XTitle is not null) chart = GenericChartExtensions.WithXAxisStyle<double, double, string>(chart, TitleText: s.XTitle);
        if (s.YTitle is not null) chart = GenericChartExtensions.WithYAxisStyle<double, double, string>(chart, TitleText: s.YTitle);
        return chart;
    }

    static IReadOnlyList<SeriesSpec> Series(ChartSpec s) =>
        s.Series is { Count: > 0 } list ? list : throw new ArgumentException($"A {s.Kind} chart needs at least one series.");

    static double[] Index(double[] y) => Enumerable.Range(0, y.Length).Select(i => (double)i).ToArray();

    static GenericChart Combine(IEnumerable<GenericChart> charts) => Chart.Combine(charts.ToArray());

    static GenericChart Heatmap(ChartSpec s, bool showScale, double[]? x = null, double[]? y = null, double opacity = 1)
    {
        var z = s.Z ?? throw new ArgumentException($"A {s.Kind} chart needs Z values.");
        return x is null
            ? Chart.Heatmap<double, string, string, string>(z, X: s.XLabels ?? Enumerable.Range(0, z[0].Length).Select(i => i.ToString()).ToArray(),
                Y: s.YLabels ?? Enumerable.Range(0, z.Length).Select(i => i.ToString()).ToArray(), ShowScale: showScale,
                ColorScale: Colorscale(s.Colorscale), ReverseYAxis: true)
            : Chart.Heatmap<double, double, double, string>(z, X: x, Y: y!, ShowScale: showScale, Opacity: opacity, ColorScale: Colorscale(s.Colorscale));
    }

    /// <summary>The image as an image trace in pixel coordinates, the weight grid stretched over it, half transparent.</summary>
    static GenericChart ImageOverlay(ChartSpec s)
    {
        var z = s.Z ?? throw new ArgumentException("An image-overlay chart needs Z values.");
        if (s.ImageDataUri is null || s.ImageWidth <= 0 || s.ImageHeight <= 0) throw new ArgumentException("An image-overlay chart needs an image and its size.");
        double cellW = (double)s.ImageWidth / z[0].Length, cellH = (double)s.ImageHeight / z.Length;
        var xs = Enumerable.Range(0, z[0].Length).Select(i => (i + 0.5) * cellW - 0.5).ToArray(); // cell centres, in pixels
        var ys = Enumerable.Range(0, z.Length).Select(i => (i + 0.5) * cellH - 0.5).ToArray();
        var image = Chart.Image<string>(Source: s.ImageDataUri);
        return Chart.Combine([image, Heatmap(s, showScale: false, xs, ys, s.Opacity)]);
    }

    static Microsoft.FSharp.Core.FSharpOption<T> Some<T>(T value) => Microsoft.FSharp.Core.FSharpOption<T>.Some(value);
    static Microsoft.FSharp.Core.FSharpOption<T> None<T>() => Microsoft.FSharp.Core.FSharpOption<T>.None;

    static StyleParam.Colorscale Colorscale(string name) => name.ToLowerInvariant() switch
    {
        "greys" or "gray" or "grey" => StyleParam.Colorscale.Greys,
        "hot" => StyleParam.Colorscale.Hot,
        "greens" => StyleParam.Colorscale.Greens,
        "jet" => StyleParam.Colorscale.Jet,
        _ => StyleParam.Colorscale.Viridis,
    };
}
