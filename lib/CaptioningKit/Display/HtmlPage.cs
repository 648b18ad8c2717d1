using System.Net;
using System.Text;

namespace CaptioningKit.Display;

/// <summary>Standalone offline HTML pages: plotly.js inlined once in the head, then the views in order.</summary>
public static class HtmlPage
{
    /// <summary>A whole page as a string.</summary>
    public static string Build(string title, IEnumerable<IHtmlView> views, string? introHtml = null)
    {
        var list = views.ToList();
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(WebUtility.HtmlEncode(title)).Append("</title>\n");
        sb.Append("<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:1100px} figure{display:inline-block;margin:6px;vertical-align:top} figcaption{font-size:13px;max-width:260px}</style>\n");
        if (list.Any(v => v is ChartView)) sb.Append(ChartView.PlotlyScript()).Append('\n');
        sb.Append("</head><body>\n<h1>").Append(WebUtility.HtmlEncode(title)).Append("</h1>\n");
        if (introHtml is not null) sb.Append(introHtml).Append('\n');
        foreach (var v in list) sb.Append(v.ToFragmentHtml()).Append('\n');
        sb.Append("</body></html>\n");
        return sb.ToString();
    }

    /// <summary>Writes <see cref="Build"/> to <paramref name="path"/> via a temporary file and a rename; returns the full path.</summary>
    public static string Write(string path, string title, IEnumerable<IHtmlView> views, string? introHtml = null)
    {
        AtomicFile.CheckTarget(Path.GetFullPath(path)); // before the page is built: a folder or device target fails at once
        return AtomicFile.WriteAllText(path, Build(title, views, introHtml));
    }
}
