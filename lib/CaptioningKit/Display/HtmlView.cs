namespace CaptioningKit.Display;

/// <summary>
/// Something the kit shows: a chart, an image, a grid of images, a report. Notebooks display it as HTML (the kit's
/// notebook loader registers a formatter for this interface); <see cref="SaveHtml"/> writes a standalone offline page.
/// </summary>
public interface IHtmlView
{
    /// <summary>The HTML for a notebook output cell.</summary>
    string ToNotebookHtml();

    /// <summary>An HTML fragment for embedding in a page that already carries plotly.js (see <see cref="HtmlPage"/>).</summary>
    string ToFragmentHtml();
}

public static class HtmlViewExtensions
{
    /// <summary>Writes a standalone page (plotly.js embedded, no CDN) holding this view; atomic (temp file + rename).</summary>
    public static string SaveHtml(this IHtmlView view, string path, string title = "CaptioningKit") =>
        HtmlPage.Write(path, title, [view]);
}
