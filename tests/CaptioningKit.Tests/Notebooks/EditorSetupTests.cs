using System.Text.Json;
using Xunit;

namespace CaptioningKit.Tests.Notebooks;

/// <summary>Opening the folder in VS Code offers the extension the notebooks need.</summary>
public class EditorSetupTests
{
    [Fact]
    public void VS_Code_recommends_the_Polyglot_Notebooks_extension()
    {
        var path = Path.Combine(Repository.Root, ".vscode", "extensions.json");
        Assert.True(File.Exists(path), $"{path} is missing: VS Code would not offer the Polyglot Notebooks extension.");
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var recommended = json.RootElement.GetProperty("recommendations").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("ms-dotnettools.dotnet-interactive-vscode", recommended);
        Assert.Contains("!.vscode/extensions.json", File.ReadAllLines(Path.Combine(Repository.Root, ".gitignore")));
    }

    /// <summary>nbformat 4.5 gives every cell an id: editors, diff tools and links find a cell by it.</summary>
    [Fact]
    public void Every_cell_has_an_id_unique_in_its_notebook()
    {
        var problems = new List<string>();
        foreach (var path in Directory.GetFiles(Path.Combine(Repository.Root, "notebooks"), "*.ipynb").Order())
        {
            using var json = JsonDocument.Parse(File.ReadAllText(path));
            var root = json.RootElement;
            var name = Path.GetFileName(path);
            if (root.GetProperty("nbformat").GetInt32() != 4 || root.GetProperty("nbformat_minor").GetInt32() < 5)
                problems.Add($"{name}: nbformat {root.GetProperty("nbformat")}.{root.GetProperty("nbformat_minor")}, cell ids need 4.5");
            var seen = new HashSet<string>();
            var index = 0;
            foreach (var cell in root.GetProperty("cells").EnumerateArray())
            {
                index++;
                var id = cell.TryGetProperty("id", out var v) ? v.GetString() : null;
                if (string.IsNullOrEmpty(id) || id.Length > 64 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                    problems.Add($"{name}, cell {index}: no valid id (1-64 letters, digits, - or _); saving the notebook in VS Code adds one");
                else if (!seen.Add(id))
                    problems.Add($"{name}, cell {index}: id {id} is used twice");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
