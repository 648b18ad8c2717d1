using System.Text.Json;
using Xunit;

namespace CaptioningKit.Tests.Notebooks;

/// <summary>The notebook runner's judge: it must see errors, stderr and missing views, and name the notebook and cell.</summary>
public class NotebookProblemsTests
{
    static string Write(string json, string name = "out.ipynb")
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("ck-nb-").FullName, name);
        File.WriteAllText(path, json);
        return path;
    }

    /// <summary>A code cell with the given source lines and outputs (JSON).</summary>
    static string Code(string[] source, params string[] outputs) =>
        $$"""{"cell_type":"code","source":{{JsonSerializer.Serialize(source)}},"outputs":[{{string.Join(",", outputs)}}]}""";

    static string Html(string html) => $$$"""{"output_type":"display_data","data":{"text/html":[{{{JsonSerializer.Serialize(html)}}}]}}""";
    static string Plain(string text) => $$$"""{"output_type":"display_data","data":{"text/plain":[{{{JsonSerializer.Serialize(text)}}}]}}""";
    static string Stdout(string text) => $$"""{"output_type":"stream","name":"stdout","text":[{{JsonSerializer.Serialize(text)}}]}""";
    static string Notebook(params string[] cells) => $$"""{"cells":[{{string.Join(",\n", cells)}}]}""";
    const string Markdown = """{"cell_type":"markdown","source":["# title"]}""";

    [Fact]
    public void Error_outputs_and_stderr_streams_are_reported_with_notebook_and_cell()
    {
        var path = Write("""
        {"cells":[
          {"cell_type":"markdown","source":["# title"]},
          {"cell_type":"code","source":["var x = 1;\n","x"],"outputs":[{"output_type":"display_data","data":{"text/plain":["1"]}}]},
          {"cell_type":"code","source":["Boom()"],"outputs":[{"output_type":"error","ename":"Error","evalue":"CS0103: The name 'Boom' does not exist","traceback":[]}]},
          {"cell_type":"code","source":["Warn()"],"outputs":[{"output_type":"stream","name":"stderr","text":["something broke\n"]}]}
        ]}
        """);
        var problems = NotebookJudge.Problems("07-training.ipynb", path, stderrRecordPath: null);
        Assert.Equal(2, problems.Count);
        Assert.Equal("07-training.ipynb, cell 3 (Boom()): Error: CS0103: The name 'Boom' does not exist", problems[0]);
        Assert.StartsWith("07-training.ipynb, cell 4 (Warn()): stderr: something broke", problems[1]);
    }

    [Fact]
    public void A_clean_notebook_has_no_problems()
    {
        var path = Write("""{"cells":[{"cell_type":"code","source":["1"],"outputs":[{"output_type":"stream","name":"stdout","text":["ok"]}]}]}""");
        Assert.Empty(NotebookJudge.Problems("00.ipynb", path, stderrRecordPath: null));
    }

    [Fact]
    public void Recorded_stderr_is_reported_with_the_cell_that_wrote_it_and_the_recorder_cell_is_not_counted()
    {
        // As dotnet-repl writes it: the recorder cell first, and stderr merged into a stream named "stdout".
        var path = Write(Notebook(
            Code([NotebookJudge.RecorderMarker + " (...)\n", "Subscribe();"]),
            Markdown,
            Code(["Console.WriteLine(\"a\");"], Stdout("a\n")),
            Code(["Console.WriteLine(\"b\");\n", "Console.Error.WriteLine(\"bad\");"], Stdout("b\n\n\nbad\n"))));
        var records = Write(
            JsonSerializer.Serialize(new { code = "Console.WriteLine(\"b\");\r\nConsole.Error.WriteLine(\"bad\");", text = "bad\n" }) + "\n" +
            JsonSerializer.Serialize(new { code = "Gone();", text = "from a cell not in the notebook" }) + "\n", "stderr.jsonl");

        var problems = NotebookJudge.Problems("02.ipynb", path, records);

        Assert.Equal(["02.ipynb, cell 3 (Console.WriteLine(\"b\");): stderr: bad\n",
                      "02.ipynb, a cell not found in the notebook (Gone();): stderr: from a cell not in the notebook"], problems);
    }

    [Fact]
    public void Chart_image_and_exercise_cells_must_show_their_html()
    {
        var path = Write(Notebook(
            Code(["Charts.Line(\"loss\", losses)"], Html("<div id=\"c\"></div><script>Plotly.newPlot('c', data);</script>")),   // 1 ok
            Code(["Charts.Bar(\"words\", names, counts)"], Plain("Chart (1234 characters of HTML)")),                        // 2 no HTML
            Code(["new ImageGrid(items.Select(i => ImageView.FromFile(i.ImagePath)), columns: 2)"],
                Html("<div style=\"display:grid\"><figure><img src=\"data:image/png;base64,iVBOR\"/></figure></div>")),   // 3 ok
            Code(["new ImageGrid(items.Select(i => ImageView.FromFile(i.ImagePath)))"], Html("<div>Plotly.newPlot('x')</div>")), // 4 HTML, but no image
            Code(["int? mySize = null;\n", "VocabularyExercises.VocabularySize(mySize)"],
                Html("<div style=\"border-left:4px solid #c33\">❌ Exercise 02.2: Not answered yet</div>")),                // 5 ok
            Code(["DataExercises.CaptionsPerImage(images, \"a.png\", 5);"]),                                                 // 6 nothing shown
            Code(["// Charts.Line(\"not run\", xs)\n", "foreach (var c in VocabularyExercises.SizeQuestionCaptions) Console.WriteLine(c);"],
                Stdout("a caption\n")),                                                                                     // 7 no call: ok
            Code(["display(TensorImage.ToView(picture));\n", "Charts.Histogram(\"pixels\", values)"],
                Html("<figure><img src=\"data:image/png;base64,AAAA\"/></figure>")),                                     // 8 the chart is missing
            Code(["Charts.Heatmap(\"grid\", g)"], Html("<details class=\"dni-treeview\"><table><tr><td>Fragment</td><td><pre>&lt;div&gt;" +
                "&lt;script type=&quot;text/javascript&quot;&gt; Plotly.newPlot('c', data);</pre></td></tr></table></details>"))));     // 9 a table, not a chart

        var problems = NotebookJudge.Problems("nb.ipynb", path, stderrRecordPath: null);

        Assert.Equal(5, problems.Count);
        Assert.StartsWith("nb.ipynb, cell 2 (Charts.Bar(\"words\", names, counts)): it calls Charts.Bar(...) but shows no chart", problems[0]);
        Assert.StartsWith("nb.ipynb, cell 4 (new ImageGrid(", problems[1]);
        Assert.Contains("shows no image", problems[1]);
        Assert.StartsWith("nb.ipynb, cell 6 (DataExercises.CaptionsPerImage(images, \"a.png\", 5);): it calls DataExercises.CaptionsPerImage(...) but shows no exercise verdict", problems[2]);
        Assert.StartsWith("nb.ipynb, cell 8 (display(TensorImage.ToView(picture));): it calls Charts.Histogram(...) but shows no chart", problems[3]);
        Assert.StartsWith("nb.ipynb, cell 9 (Charts.Heatmap(\"grid\", g)): it calls Charts.Heatmap(...) but shows no chart", problems[4]);
    }

    [Theory]
    [InlineData("Charts.Heatmap(\"grid\", g)", "chart")]
    [InlineData("ImageView.FromImage(picture, \"original\")", "image")]
    [InlineData("TensorImage.ToView(batch.Images[i])", "image")]
    [InlineData("BoxOverlay.View(first.ImagePath, firstBoxes, displayWidth: 256)", "image")]
    [InlineData("new ImageGrid(views, columns: 3)", "image")]
    [InlineData("CaptioningKit.Teaching.StartHereExercises.MatmulShape(myShape)", "exercise verdict")]
    [InlineData("ImagesExercises.CheckOtsuThreshold(myThreshold)", "exercise verdict")]
    [InlineData("ImagesExercises.TinyHistogram.Select(n => (double)n)", "")]
    [InlineData("TensorImage.ToImage(picture)", "")]
    [InlineData("var a = torch.arange(6); // Charts.Line(...)", "")]
    public void Display_calls_are_found_from_the_library_itself(string code, string kind) =>
        Assert.Equal(kind, string.Join(",", NotebookJudge.ViewKindsCalledBy(code).Select(k => k.Kind.Name)));

    [Fact]
    public void Instrumenting_adds_the_recorder_as_first_cell_and_keeps_the_notebook()
    {
        var source = Path.Combine(Repository.Root, "notebooks", "00-start-here.ipynb");
        var copy = Path.Combine(Directory.CreateTempSubdirectory("ck-nb-").FullName, "run.ipynb");
        NotebookJudge.Instrument(source, copy, "/tmp/records \"quoted\".jsonl");

        using var original = JsonDocument.Parse(File.ReadAllText(source));
        using var run = JsonDocument.Parse(File.ReadAllText(copy));
        var cells = run.RootElement.GetProperty("cells").EnumerateArray().ToList();
        var recorder = string.Concat(cells[0].GetProperty("source").EnumerateArray().Select(s => s.GetString()));
        Assert.StartsWith(NotebookJudge.RecorderMarker, recorder);
        Assert.Contains("@\"/tmp/records \"\"quoted\"\".jsonl\"", recorder); // a C# verbatim string of the path
        var originalCells = original.RootElement.GetProperty("cells").EnumerateArray().ToList();
        Assert.Equal(originalCells.Count, cells.Count - 1);
        Assert.All(originalCells.Zip(cells.Skip(1)), pair => Assert.True(JsonElement.DeepEquals(pair.First, pair.Second)));
        Assert.True(JsonElement.DeepEquals(original.RootElement.GetProperty("metadata"), run.RootElement.GetProperty("metadata")));
    }
}
