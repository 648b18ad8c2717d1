using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit;

namespace CaptioningKit.Tests.Notebooks;

/// <summary>The notebooks pin package versions in notebooks/kit.dib; they must be the versions the library is built with.</summary>
public class NotebookPinsTests
{
    [Fact]
    public void Kit_dib_pins_the_versions_of_Directory_Packages_props()
    {
        var root = Repository.Root;
        var pinned = XDocument.Load(Path.Combine(root, "Directory.Packages.props")).Descendants("PackageVersion")
            .ToDictionary(e => (string)e.Attribute("Include")!, e => (string)e.Attribute("Version")!);
        var refs = Regex.Matches(File.ReadAllText(Path.Combine(root, "notebooks", "kit.dib")), @"#r ""nuget:\s*([^,""]+),\s*([^""]+)""");
        Assert.NotEmpty(refs);
        foreach (Match m in refs)
            Assert.True(pinned.TryGetValue(m.Groups[1].Value.Trim(), out var v) && v == m.Groups[2].Value.Trim(),
                $"kit.dib pins {m.Groups[1].Value} {m.Groups[2].Value}, Directory.Packages.props has {(v ?? "nothing")}");
    }

    [Fact]
    public void Kit_dib_loads_every_package_the_library_references()
    {
        // The notebooks load CaptioningKit.dll by path, so NuGet never sees its dependencies: each one must be in kit.dib
        // or the first call into it fails (e.g. EditDistance needs Quickenshtein). Plotting has its own load context.
        var root = Repository.Root;
        var kitDib = File.ReadAllText(Path.Combine(root, "notebooks", "kit.dib"));
        var referenced = XDocument.Load(Path.Combine(root, "lib", "CaptioningKit", "CaptioningKit.csproj")).Descendants("PackageReference")
            .Select(e => (string)e.Attribute("Include")!).ToList();
        Assert.NotEmpty(referenced);
        foreach (var package in referenced)
            Assert.True(Regex.IsMatch(kitDib, $@"#r ""nuget:\s*{Regex.Escape(package)},"), $"kit.dib does not load {package}, which CaptioningKit references.");
    }

    [Fact]
    public void Notebooks_pin_nothing_themselves_and_use_no_absolute_paths()
    {
        foreach (var nb in Directory.GetFiles(Path.Combine(Repository.Root, "notebooks"), "*.ipynb"))
        {
            var text = File.ReadAllText(nb);
            Assert.DoesNotMatch(@"#r \\""nuget:", text);
            Assert.DoesNotMatch(@"""(/home/|/root/|/work/|[A-Z]:\\\\)", text);
            Assert.Contains("#!import kit.dib", text);
        }
    }
}
