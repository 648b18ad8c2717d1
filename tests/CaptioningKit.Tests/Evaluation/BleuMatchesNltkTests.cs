using System.Text.Json;
using CaptioningKit.Evaluation;
using Xunit;
using Xunit.Abstractions;

namespace CaptioningKit.Tests.Evaluation;

/// <summary>
/// CorpusBleu against numbers computed by NLTK 3.8's corpus_bleu (tests/fixtures/bleu/make_bleu_fixture.py wrote
/// bleu_fixture.json; no Python is needed here).
/// </summary>
public class BleuMatchesNltkTests(ITestOutputHelper output)
{
    sealed record FixtureCase(string Name, string Smoothing, string[][][] References, string[][] Hypotheses, double[]? Weights, double[] Bleu);

    static IReadOnlyList<FixtureCase> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "fixtures", "bleu", "bleu_fixture.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("cases").EnumerateArray().Select(c => new FixtureCase(
            c.GetProperty("name").GetString()!,
            c.GetProperty("smoothing").GetString()!,
            c.GetProperty("references").Deserialize<string[][][]>()!,
            c.GetProperty("hypotheses").Deserialize<string[][]>()!,
            c.TryGetProperty("weights", out var w) ? w.Deserialize<double[]>() : null,
            c.GetProperty("bleu").Deserialize<double[]>()!)).ToList();
    }

    static BleuSmoothing Parse(string name) => name switch
    {
        "none" => BleuSmoothing.None,
        "method1" => BleuSmoothing.Method1,
        "method2" => BleuSmoothing.Method2,
        "method3" => BleuSmoothing.Method3,
        "method4" => BleuSmoothing.Method4,
        _ => throw new ArgumentException(name),
    };

    [Fact]
    public void Every_fixture_case_matches_nltk_to_1e_12()
    {
        var cases = Load();
        Assert.True(cases.Count >= 15);
        var largest = 0.0;
        var failures = new List<string>();
        foreach (var c in cases)
        {
            var smoothing = Parse(c.Smoothing);
            double[] ours = c.Weights is null
                ? (CorpusBleu.Bleu1To4(c.References, c.Hypotheses, smoothing) is var s ? [s.Bleu1, s.Bleu2, s.Bleu3, s.Bleu4] : [])
                : [CorpusBleu.Compute(c.References, c.Hypotheses, c.Weights, smoothing)];
            for (var i = 0; i < c.Bleu.Length; i++)
            {
                var difference = Math.Abs(ours[i] - c.Bleu[i]);
                largest = Math.Max(largest, difference);
                // Absolute 1e-12, and relative 1e-12 too so that NLTK's ~1e-78 "zero" scores are matched as well.
                if (difference > 1e-12 || difference > 1e-12 * Math.Abs(c.Bleu[i]))
                    failures.Add($"{c.Name}/{c.Smoothing} BLEU[{i}]: ours {ours[i]:R}, NLTK {c.Bleu[i]:R}");
            }
        }
        output.WriteLine($"{cases.Count} cases, largest absolute difference from NLTK: {largest:R}");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }
}
