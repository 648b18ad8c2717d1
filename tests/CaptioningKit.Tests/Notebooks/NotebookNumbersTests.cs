using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using CaptioningKit.Decoder;
using CaptioningKit.Encoder;
using CaptioningKit.Model;
using CaptioningKit.Teaching;
using CaptioningKit.Training;
using Xunit;

namespace CaptioningKit.Tests.Notebooks;

/// <summary>
/// Claims that stay true: every number quoted in a notebook's markdown is listed in notebooks/recorded-numbers.json
/// for that notebook, either as a number a full-settings run produced ("measured") or as a constant with its reason
/// ("constants"; where it names a library value, the test compares the two). Code spans, LaTeX, headings, exercise
/// numbers, notebook numbers and whole numbers up to 10 are not counted.
/// </summary>
public partial class NotebookNumbersTests
{
    [GeneratedRegex(@"`[^`]*`")] private static partial Regex CodeSpan();
    [GeneratedRegex(@"\$\$.*?\$\$", RegexOptions.Singleline)] private static partial Regex DisplayMath();
    [GeneratedRegex(@"\$[^$\n]*\$")] private static partial Regex InlineMath();
    [GeneratedRegex(@"^#+ .*$", RegexOptions.Multiline)] private static partial Regex Heading();
    [GeneratedRegex(@"\*\*Exercise \d\d\.\d[^*]*\*\*")] private static partial Regex ExerciseHeading();
    [GeneratedRegex(@"\b0\d-[a-z-]+\.ipynb")] private static partial Regex NotebookName();
    [GeneratedRegex(@"(?<![\w.,])(\d+(?:[.,]\d+)*)(?![\w])")] private static partial Regex Number();

    /// <summary>The numbers a learner reads in one markdown cell.</summary>
    public static IEnumerable<string> QuotedNumbers(string markdown)
    {
        var text = markdown;
        foreach (var strip in new[] { CodeSpan(), DisplayMath(), InlineMath(), Heading(), ExerciseHeading(), NotebookName() })
            text = strip.Replace(text, "");
        foreach (Match m in Number().Matches(text))
        {
            var token = m.Groups[1].Value;
            if (Regex.IsMatch(token, "^0[0-8]$")) continue;                                      // a notebook's number
            if (!token.Contains('.') && double.Parse(token.Replace(",", ""), CultureInfo.InvariantCulture) <= 10) continue; // a small count
            yield return token;
        }
    }

    /// <summary>The library values a constant may name; the test compares the quoted number with it.</summary>
    static readonly Dictionary<string, double> Checks = new()
    {
        ["ShapesImageSide"] = CaptionerConfig.ForShapes(1).ImageWidth,
        ["ShapesMaxCaptionLength"] = CaptionerConfig.ForShapes(1).MaxCaptionLength,
        ["ShapesAttentionDim"] = CaptionerConfig.ForShapes(1).Decoder.AttentionDim,
        ["ShapesHiddenDim"] = CaptionerConfig.ForShapes(1).Decoder.HiddenDim,
        ["FormulasImageWidth"] = new CaptioningKit.Data.Generated.Formulas.FormulasSet().DefaultWidth, // the generated scan
        ["FormulasModelWidth"] = CaptionerConfig.ForFormulas(1).ImageWidth,                            // what the encoder reads
        ["FormulasModelHeight"] = CaptionerConfig.ForFormulas(1).ImageHeight,
        ["TryTrainImages"] = CaptioningKit.Demo.ShapesVariants.TryTrainImages,
        ["FormulasGridColumns"] = CaptionerConfig.ForFormulas(1).GridColumns,
        ["PhotoImageSide"] = CaptionerConfig.ForPhotos(1).ImageWidth,
        ["PhotoChannels"] = CaptionerConfig.ForPhotos(1).Decoder.FeatureChannels,
        ["ResNet50Channels"] = ResNetSpec.ResNet50.OutputChannels,
        ["TinyResNetWidth"] = NotebookStory.TinyResNet.Width,
        ["DefaultEmbeddingDim"] = new DecoderOptions(1, 1).EmbeddingDim,
        ["StorySeed"] = NotebookStory.Seed,
        ["BatchSize"] = new TrainingOptions().BatchSize,
        ["DefaultEpochs"] = new TrainingOptions().Epochs,
        ["FullTrain"] = StorySizes.Full.Train,
    };

    static JsonElement Recorded()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Root, "notebooks", "recorded-numbers.json")));
        return doc.RootElement.Clone();
    }

    static HashSet<string> Listed(JsonElement recorded, string notebook)
    {
        var listed = new HashSet<string>();
        foreach (var section in new[] { "measured", "constants" })
            if (recorded.GetProperty(section).TryGetProperty(notebook, out var numbers))
                foreach (var n in numbers.EnumerateObject()) listed.Add(n.Name);
        return listed;
    }

    static List<string> Markdown(string notebook)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Root, "notebooks", notebook)));
        return json.RootElement.GetProperty("cells").EnumerateArray()
            .Where(c => c.GetProperty("cell_type").GetString() == "markdown")
            .Select(c => string.Concat(c.GetProperty("source").EnumerateArray().Select(s => s.GetString()))).ToList();
    }

    [Theory]
    [MemberData(nameof(ExerciseOrderTests.Notebooks), MemberType = typeof(ExerciseOrderTests))]
    public void Every_number_in_the_text_is_recorded_and_every_record_is_still_quoted(string notebook)
    {
        var recorded = Recorded();
        var listed = Listed(recorded, notebook);
        var quoted = Markdown(notebook).SelectMany(QuotedNumbers).ToHashSet();
        var unrecorded = quoted.Except(listed).Order().ToList();
        var stale = listed.Except(quoted).Order().ToList();
        Assert.True(unrecorded.Count == 0, $"{notebook} quotes {string.Join(", ", unrecorded)} in its text: add each to notebooks/recorded-numbers.json (a measured number with the run that produced it, or a constant and why), or take it out of the text.");
        Assert.True(stale.Count == 0, $"notebooks/recorded-numbers.json lists {string.Join(", ", stale)} for {notebook}, which its text no longer quotes: remove the entries.");
    }

    [Fact]
    public void Constants_that_name_a_library_value_equal_it()
    {
        var wrong = new List<string>();
        foreach (var notebook in Recorded().GetProperty("constants").EnumerateObject())
            foreach (var number in notebook.Value.EnumerateObject())
            {
                Assert.True(number.Value.TryGetProperty("why", out _), $"{notebook.Name} {number.Name}: every constant says why");
                if (!number.Value.TryGetProperty("check", out var check)) continue;
                var name = check.GetString()!;
                Assert.True(Checks.ContainsKey(name), $"{notebook.Name} {number.Name}: unknown check '{name}'");
                var quoted = double.Parse(number.Name.Replace(",", ""), CultureInfo.InvariantCulture);
                if (quoted != Checks[name]) wrong.Add($"{notebook.Name} quotes {number.Name} for {name}, which is now {Checks[name]}");
            }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong) + "\nFix the notebook's text (and its entry).");
    }

    [Fact]
    public void The_scan_skips_code_formulas_headings_exercise_numbers_and_small_counts()
    {
        var md = "## 3 · Train 2000\n**Exercise 07.3** — with `BatchSize = 32` and $\\eta = 0.003$, 12 epochs of 2,000 images at 0.5 each, in 07-training.ipynb; 5 captions.";
        Assert.Equal(["12", "2,000", "0.5"], QuotedNumbers(md).ToList());
    }
}
