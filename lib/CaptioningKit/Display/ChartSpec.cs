// Compiled into both CaptioningKit (which writes specs) and CaptioningKit.Plotting (which draws them):
// the two assemblies live in different load contexts and exchange these records as JSON text only.
namespace CaptioningKit.Display;

/// <summary>One named series of a line or bar chart, or the values of a histogram.</summary>
internal sealed record SeriesSpec(string Name, double[] Y, double[]? X = null, string[]? Categories = null);

/// <summary>
/// Everything a chart needs, in plain data. Kind is one of "line", "bar", "histogram", "heatmap", "image-overlay".
/// For "heatmap", Z is indexed [row][column]; for "image-overlay", ImageDataUri is a PNG data URI of ImageWidth x
/// ImageHeight pixels and Z is a grid of weights stretched over the whole image.
/// </summary>
internal sealed record ChartSpec(
    string Kind,
    string? Title = null,
    string? XTitle = null,
    string? YTitle = null,
    IReadOnlyList<SeriesSpec>? Series = null,
    double[][]? Z = null,
    string[]? XLabels = null,
    string[]? YLabels = null,
    string? ImageDataUri = null,
    int ImageWidth = 0,
    int ImageHeight = 0,
    double Opacity = 0.5,
    string Colorscale = "Viridis",
    int Bins = 0,
    int Width = 640,
    int Height = 400);
