using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CaptioningKit.Display;
using CaptioningKit.Teaching;

namespace CaptioningKit.Tests.Notebooks;

/// <summary>
/// Judges a notebook executed by dotnet-repl: error outputs, anything written to stderr, and cells that call the kit's
/// display API (charts, images, exercise checks) but showed no HTML.
/// <para>
/// stderr needs help: dotnet-repl 0.3 appends a cell's stderr to its stdout and writes both as ONE stream output named
/// "stdout" (Automation/NotebookRunner.CreateBufferedStandardOutAndErrElement), so the executed notebook cannot tell
/// them apart. <see cref="Instrument"/> therefore runs a copy of the notebook with one extra first cell that subscribes
/// to the kernel's events and appends every <c>StandardErrorValueProduced</c> to a JSON-lines file, with the code of
/// the cell that wrote it.
/// </para>
/// </summary>
static class NotebookJudge
{
    /// <summary>The xUnit trait value of the tests that start the kernel: <c>dotnet test --filter "Category!=Notebooks"</c> leaves them out.</summary>
    public const string Category = "Notebooks";

    /// <summary>First line of the injected cell; cells starting with it are not counted when naming cells.</summary>
    public const string RecorderMarker = "// CaptioningKit notebook test: records stderr";

    /// <summary>Writes <paramref name="instrumentedPath"/>: the notebook with the stderr recorder as its first cell.</summary>
    public static void Instrument(string notebookPath, string instrumentedPath, string stderrRecordPath)
    {
        var notebook = JsonNode.Parse(File.ReadAllText(notebookPath))!.AsObject();
        var path = "@\"" + Path.GetFullPath(stderrRecordPath).Replace("\"", "\"\"") + "\"";
        var code = $$"""
            {{RecorderMarker}} (dotnet-repl writes stderr under the name "stdout")
            sealed class CaptioningKitStderrRecorder : IObserver<Microsoft.DotNet.Interactive.Events.KernelEvent>
            {
                public void OnNext(Microsoft.DotNet.Interactive.Events.KernelEvent e)
                {
                    if (e is not Microsoft.DotNet.Interactive.Events.StandardErrorValueProduced stderr) return;
                    var command = stderr.Command;
                    while (command.Parent is not null) command = command.Parent; // the cell's own SubmitCode
                    var record = new { code = (command as Microsoft.DotNet.Interactive.Commands.SubmitCode)?.Code, text = string.Concat(stderr.FormattedValues.Select(v => v.Value)) };
                    lock (this) System.IO.File.AppendAllText({{path}}, System.Text.Json.JsonSerializer.Serialize(record) + "\n");
                }
                public void OnError(Exception error) { }
                public void OnCompleted() { }
            }
            Microsoft.DotNet.Interactive.Kernel.Root.KernelEvents.Subscribe(new CaptioningKitStderrRecorder());
            """;
        var lines = code.Split('\n');
        var cell = new JsonObject
        {
            ["cell_type"] = "code",
            ["execution_count"] = null,
            ["metadata"] = new JsonObject { ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" } },
            ["outputs"] = new JsonArray(),
            ["source"] = new JsonArray(lines.Select((line, i) => (JsonNode?)JsonValue.Create(i < lines.Length - 1 ? line + "\n" : line)).ToArray()),
        };
        var cells = notebook["cells"]!.AsArray();
        cells.Insert(0, cell);
        File.WriteAllText(instrumentedPath, notebook.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }

    /// <summary>
    /// Every problem, as "notebook, cell N (first line): what": error outputs, stderr (recorded by the injected cell in
    /// <paramref name="stderrRecordPath"/>, or a stream named "stderr"), and display calls without their HTML.
    /// N counts the notebook's own cells (markdown included), from 1, as an editor shows them.
    /// </summary>
    public static List<string> Problems(string notebook, string executedPath, string? stderrRecordPath)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(executedPath));
        var problems = new List<string>();
        var cells = doc.RootElement.GetProperty("cells").EnumerateArray()
            .Where(c => !Source(c).StartsWith(RecorderMarker, StringComparison.Ordinal)).ToList();
        for (int i = 0; i < cells.Count; i++)
        {
            if (!cells[i].TryGetProperty("outputs", out var outputs)) continue;
            var where = $"{notebook}, cell {i + 1} ({Source(cells[i]).Split('\n')[0]})";
            var html = new List<string>();
            foreach (var o in outputs.EnumerateArray())
            {
                var type = o.GetProperty("output_type").GetString();
                if (type == "error")
                    problems.Add($"{where}: {o.GetProperty("ename").GetString()}: {o.GetProperty("evalue").GetString()}");
                else if (type == "stream" && o.GetProperty("name").GetString() == "stderr")
                    problems.Add($"{where}: stderr: {Text(o.GetProperty("text"))}");
                else if (o.TryGetProperty("data", out var data) && data.TryGetProperty("text/html", out var h))
                    html.Add(Text(h));
            }
            if (cells[i].GetProperty("cell_type").GetString() != "code") continue;
            foreach (var (kind, call) in ViewKindsCalledBy(Source(cells[i])))
                if (!html.Any(kind.Shows))
                    problems.Add($"{where}: it calls {call}(...) but shows no {kind.Name} (no text/html output with {kind.Looks})");
        }
        if (stderrRecordPath is not null && File.Exists(stderrRecordPath))
            foreach (var line in File.ReadLines(stderrRecordPath).Where(l => l.Length > 0))
            {
                using var record = JsonDocument.Parse(line);
                var code = Normalise(record.RootElement.GetProperty("code").GetString() ?? "");
                var index = cells.FindIndex(c => Normalise(Source(c)) == code);
                var where = index < 0 ? $"{notebook}, a cell not found in the notebook ({code.Split('\n')[0]})" : $"{notebook}, cell {index + 1} ({Source(cells[index]).Split('\n')[0]})";
                problems.Add($"{where}: stderr: {record.RootElement.GetProperty("text").GetString()}");
            }
        return problems;
    }

    /// <summary>What a call of the kit's display API must show: a chart, an image, an exercise verdict, or any view of
    /// the kit's own. <paramref name="Shows"/> tells whether an HTML output is one (described by <paramref name="Looks"/>).
    /// Without the kit's formatters (kit.dib) a view still comes out as HTML, .NET Interactive's table of its
    /// properties, with the chart's script HTML-encoded in it: the checks look for the real tags.</summary>
    internal sealed record ViewKind(string Name, string Looks, Func<string, bool> Shows);

    static readonly ViewKind Chart = new("chart", "a <script> calling Plotly.newPlot", h => h.Contains("<script", StringComparison.Ordinal) && h.Contains("Plotly.newPlot(", StringComparison.Ordinal));
    static readonly ViewKind Image = new("image", "an <img> with PNG data", h => h.Contains("<img src=\"data:image/png;base64,", StringComparison.Ordinal));
    static readonly ViewKind Verdict = new("exercise verdict", "✅ or ❌ (ExerciseResult.ToString())", h => h.Contains("✅ ", StringComparison.Ordinal) || h.Contains("❌ ", StringComparison.Ordinal));
    static readonly ViewKind AnyView = new("view", "HTML that is not .NET Interactive's default object table", h => h.Contains('<') && !h.Contains("dni-treeview", StringComparison.Ordinal));

    /// <summary>
    /// The kinds of view <paramref name="code"/> asks for, each with one call that asks for it, found by the calls the
    /// code contains (comments removed): every public static method of the kit that returns an <see cref="IHtmlView"/>
    /// or an <see cref="ExerciseResult"/> (<c>Charts.Line(</c>, <c>ImageView.FromFile(</c>,
    /// <c>DataExercises.CaptionsPerImage(</c>, ...) and every <c>new</c> of a view type (<c>new ImageGrid(</c>), read
    /// from the library by reflection so that new ones count too.
    /// </summary>
    internal static IEnumerable<(ViewKind Kind, string Call)> ViewKindsCalledBy(string code)
    {
        var withoutComments = Regex.Replace(code, @"(^|\s)//.*$", "", RegexOptions.Multiline);
        return ViewCalls.Value.Where(c => c.Call.IsMatch(withoutComments))
            .GroupBy(c => c.Kind).Select(g => (g.Key, g.First().Name));
    }

    static readonly Lazy<List<(Regex Call, ViewKind Kind, string Name)>> ViewCalls = new(() =>
    {
        var calls = new List<(Regex, ViewKind, string)>();
        foreach (var type in typeof(Kit).Assembly.GetExportedTypes())
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
                if (KindOf(method.ReturnType) is { } kind)
                    calls.Add((new Regex($@"\b{type.Name}\s*\.\s*{method.Name}\s*[<(]"), kind, $"{type.Name}.{method.Name}"));
            if (!type.IsAbstract && type.GetConstructors().Length > 0 && KindOf(type) is { } viewKind)
                calls.Add((new Regex($@"\bnew\s+{type.Name}\s*\("), viewKind, $"new {type.Name}"));
        }
        return calls;
    });

    static ViewKind? KindOf(Type type) =>
        typeof(ChartView).IsAssignableFrom(type) ? Chart
        : typeof(ImageView).IsAssignableFrom(type) || typeof(ImageGrid).IsAssignableFrom(type) ? Image
        : typeof(ExerciseResult).IsAssignableFrom(type) ? Verdict
        : typeof(IHtmlView).IsAssignableFrom(type) ? AnyView
        : null;

    static string Source(JsonElement cell) => Text(cell.GetProperty("source"));

    /// <summary>A notebook text field: a string or an array of lines.</summary>
    static string Text(JsonElement e) => e.ValueKind == JsonValueKind.Array ? string.Concat(e.EnumerateArray().Select(s => s.GetString())) : e.GetString() ?? "";

    static string Normalise(string code) => code.Replace("\r\n", "\n").Trim();
}
