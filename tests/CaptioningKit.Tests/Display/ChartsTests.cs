using System.Runtime.Loader;
using CaptioningKit.Display;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit;

namespace CaptioningKit.Tests.Display;

public class ChartsTests
{
    static byte[] Png(int w, int h)
    {
        using var image = new Image<Rgb24>(w, h, new Rgb24(200, 30, 30));
        using var ms = new MemoryStream();
        image.SaveAsPng(ms);
        return ms.ToArray();
    }

    [Fact]
    public void Every_kind_renders_a_plotly_div_with_its_data()
    {
        var views = new[]
        {
            Charts.Line("loss", new Dictionary<string, double[]> { ["train"] = [3, 2, 1], ["val"] = [3.5, 2.5, 2] }, xTitle: "epoch"),
            Charts.Bar("words", ["a", "dog", "runs"], [10, 4, 2]),
            Charts.Histogram("lengths", [3, 4, 4, 5, 9], bins: 5),
            Charts.Heatmap("attention", new double[,] { { 0.1, 0.2 }, { 0.3, 0.4 } }, ["x0", "x1"], ["y0", "y1"]),
            Charts.ImageOverlay("where", Png(16, 16), 16, 16, new double[,] { { 1, 0 }, { 0, 0 } }),
        };
        string[] traces = ["\"type\":\"scatter\"", "\"type\":\"bar\"", "\"type\":\"histogram\"", "\"type\":\"heatmap\"", "\"type\":\"image\""];
        foreach (var (view, trace) in views.Zip(traces))
        {
            Assert.Contains("Plotly.newPlot", view.Fragment);
            Assert.Contains(trace, view.Fragment);
        }
        Assert.Contains("\"name\":\"val\"", views[0].Fragment);
        Assert.Contains("\"text\":\"epoch\"", views[0].Fragment);
        Assert.Contains("\"x\":[\"a\",\"dog\",\"runs\"]", views[1].Fragment);
        Assert.Contains("data:image/png;base64,", views[4].Fragment);
    }

    [Fact]
    public void Plotly_and_its_FSharp_Core_stay_out_of_the_default_load_context()
    {
        Charts.Line("x", [1.0, 2.0]);
        Assert.DoesNotContain(AssemblyLoadContext.Default.Assemblies, a => a.GetName().Name is "Plotly.NET" or "CaptioningKit.Plotting");
        var isolated = AssemblyLoadContext.All.Single(c => c.Name == "CaptioningKit.Plotting");
        Assert.Contains(isolated.Assemblies, a => a.GetName().Name == "FSharp.Core" && a.GetName().Version == new Version(10, 1, 0, 0));
    }

    [Fact]
    public void A_saved_page_works_offline()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("ck-chart-").FullName, "chart.html");
        Charts.Line("loss", [3.0, 2.0, 1.0]).SaveHtml(path);
        var html = File.ReadAllText(path);
        Assert.Contains("plotly.js v2.28.0", html);
        Assert.DoesNotContain("src=\"https://cdn.plot.ly", html);
        Assert.DoesNotContain("<script src=", html);
        Assert.True(html.IndexOf("plotly.js v2", StringComparison.Ordinal) < html.IndexOf("Plotly.newPlot", StringComparison.Ordinal));
    }

    [Fact]
    public void Bad_input_is_refused_with_the_chart_named()
    {
        Assert.Contains("'words'", Assert.Throws<ArgumentException>(() => Charts.Bar("words", ["a"], [1, 2])).Message);
        Assert.Throws<ArgumentException>(() => Charts.Heatmap("h", new double[0, 0]));
        Assert.Throws<ArgumentException>(() => Charts.ImageOverlay("o", [1, 2, 3], 2, 2, new double[,] { { 1 } }));
    }

    [Fact]
    public void Images_and_grids_embed_png_with_captions()
    {
        using var image = new Image<Rgb24>(1000, 500);
        var view = ImageView.FromImage(image, "a <red> circle", maxSide: 100);
        Assert.Equal((100, 50), (view.Width, view.Height));
        var grid = new ImageGrid([view, new ImageView(Png(8, 8), 8, 8, "tiny")], columns: 2);
        var html = grid.ToNotebookHtml();
        Assert.Equal(2, html.Split("data:image/png;base64,").Length - 1);
        Assert.Contains("a &lt;red&gt; circle", html);
        Assert.Contains("repeat(2,", html);
    }

    [Fact]
    public void A_missing_or_broken_image_file_names_the_file()
    {
        var dir = Directory.CreateTempSubdirectory("ck-img-").FullName;
        var missing = Path.Combine(dir, "nope.png");
        Assert.Contains(missing, Assert.Throws<FileNotFoundException>(() => ImageView.FromFile(missing)).Message);
        var broken = Path.Combine(dir, "broken.png");
        File.WriteAllBytes(broken, [0x89, (byte)'P', (byte)'N', (byte)'G', 1, 2, 3]);
        Assert.Contains(broken, Assert.Throws<InvalidDataException>(() => ImageView.FromFile(broken)).Message);
    }
}

public class TensorChartsTests
{
    [Fact]
    public void A_2d_tensor_becomes_a_heatmap_and_other_shapes_are_refused()
    {
        using var z = TorchSharp.torch.arange(6, dtype: TorchSharp.torch.ScalarType.Float32).reshape(2, 3);
        var view = Charts.Heatmap("t", z);
        Assert.Contains("\"z\":[[0.0,1.0,2.0],[3.0,4.0,5.0]]", view.Fragment);
        using var flat = TorchSharp.torch.ones(4);
        Assert.Contains("reshape", Assert.Throws<ArgumentException>(() => Charts.Heatmap("t", flat)).Message);
    }
}

public class OverlayPanelTests
{
    [Fact]
    public void Attention_panels_have_no_toolbar_but_ordinary_charts_keep_it()
    {
        using var image = new SixLabors.ImageSharp.Image<SixLabors.ImageSharp.PixelFormats.Rgb24>(8, 8);
        using var ms = new MemoryStream();
        SixLabors.ImageSharp.ImageExtensions.SaveAsPng(image, ms);
        Assert.Contains("\"displayModeBar\":false", Charts.ImageOverlay("w", ms.ToArray(), 8, 8, new double[,] { { 1 } }).Fragment);
        Assert.DoesNotContain("displayModeBar", Charts.Line("l", [1.0, 2.0]).Fragment);
    }
}
