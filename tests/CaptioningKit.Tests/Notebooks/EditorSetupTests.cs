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
}
