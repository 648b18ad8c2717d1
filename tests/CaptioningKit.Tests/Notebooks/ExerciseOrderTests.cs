using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;

namespace CaptioningKit.Tests.Notebooks;

/// <summary>The exercises a learner meets: numbered in the order they appear, and one that asks for code in 02 to 08.</summary>
public partial class ExerciseOrderTests
{
    [GeneratedRegex(@"\*\*Exercise (\d\d)\.(\d+)( \(code\))?\*\*")]
    private static partial Regex ExerciseHeading();

    static List<(string Notebook, int Number, bool Code)> Exercises(string notebook)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Root, "notebooks", notebook)));
        var markdown = json.RootElement.GetProperty("cells").EnumerateArray()
            .Where(c => c.GetProperty("cell_type").GetString() == "markdown")
            .Select(c => string.Concat(c.GetProperty("source").EnumerateArray().Select(s => s.GetString())));
        return markdown.SelectMany(m => ExerciseHeading().Matches(m))
            .Select(m => (m.Groups[1].Value, int.Parse(m.Groups[2].Value), m.Groups[3].Success)).ToList();
    }

    public static TheoryData<string> Notebooks()
    {
        var data = new TheoryData<string>();
        foreach (var nb in Directory.GetFiles(Path.Combine(Repository.Root, "notebooks"), "*.ipynb").Order())
            data.Add(Path.GetFileName(nb));
        return data;
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Exercises_are_numbered_in_the_order_they_appear(string notebook)
    {
        var exercises = Exercises(notebook);
        Assert.All(exercises, e => Assert.Equal(notebook[..2], e.Notebook));
        Assert.Equal(Enumerable.Range(1, exercises.Count), exercises.Select(e => e.Number));
        if (int.Parse(notebook[..2]) >= 2)
            Assert.True(exercises.Any(e => e.Code), $"{notebook} has no exercise where the learner writes code (\"**Exercise NN.k (code)**\").");
    }
}
