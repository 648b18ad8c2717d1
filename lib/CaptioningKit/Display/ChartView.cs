namespace CaptioningKit.Display;

/// <summary>
/// A chart drawn by Plotly.NET. In a notebook the first chart of a session also carries plotly.js (inline, so the
/// notebook works offline); later charts reuse it.
/// </summary>
public sealed class ChartView : IHtmlView
{
    static int _plotlySent;

    internal ChartView(string fragment) => Fragment = WaitForPlotly(fragment);

    /// <summary>Plotly.NET's script draws at once; in a notebook it may run before plotly.js has loaded, so it waits.</summary>
    static string WaitForPlotly(string fragment) =>
        System.Text.RegularExpressions.Regex.Replace(fragment, @"\n(renderPlotly_[0-9a-f]+)\(\);",
            m => $"\n(function wait(){{ if (window.Plotly) {m.Groups[1].Value}(); else setTimeout(wait, 50); }})();");

    /// <summary>plotly.js as a script that always defines window.Plotly, even where a page has require.js (AMD) or CommonJS globals.</summary>
    internal static string PlotlyScript() =>
        $"<script type=\"text/javascript\">(function(define, module, exports){{\n{Charts.PlotlyJs}\n}})(undefined, undefined, undefined);</script>";

    /// <summary>The chart's div and drawing script (expects a global Plotly).</summary>
    public string Fragment { get; }

    public string ToFragmentHtml() => Fragment;

    public string ToNotebookHtml() =>
        Interlocked.Exchange(ref _plotlySent, 1) == 0
            ? PlotlyScript() + "\n" + Fragment
            : Fragment;

    public override string ToString() => $"Chart ({Fragment.Length} characters of HTML)";
}
