namespace CaptioningKit;

/// <summary>The folders the kit reads and writes; each can be moved with an environment variable.</summary>
public static class KitPaths
{
    /// <summary>The kit's own cache (patched native library, feature caches): $CAPTIONINGKIT_CACHE, else $XDG_CACHE_HOME/captioningkit, else ~/.cache/captioningkit.</summary>
    public static string CacheDirectory =>
        Environment.GetEnvironmentVariable("CAPTIONINGKIT_CACHE") is { Length: > 0 } c ? c
        : Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } x ? x
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "captioningkit");

    /// <summary>The repository root: the nearest folder upwards (from the current directory, then from the library) holding CaptioningKit.sln.</summary>
    public static string? RepositoryRoot =>
        FindUp(Directory.GetCurrentDirectory()) ?? FindUp(Path.GetDirectoryName(typeof(KitPaths).Assembly.Location) ?? "");

    /// <summary>Where datasets land: $CAPTIONINGKIT_DATA, else data/ in the repository, else ./data.</summary>
    public static string DataDirectory =>
        Environment.GetEnvironmentVariable("CAPTIONINGKIT_DATA") is { Length: > 0 } d ? d
        : Path.Combine(RepositoryRoot ?? Directory.GetCurrentDirectory(), "data");

    /// <summary>
    /// Where notebooks put generated data and runs: <see cref="DataDirectory"/>, or its <c>quick/</c> subfolder in quick
    /// mode (<see cref="Kit.Quick"/>), so a fast headless run never replaces a learner's full-size dataset or model.
    /// </summary>
    public static string NotebookDataDirectory => Kit.Quick ? Path.Combine(DataDirectory, "quick") : DataDirectory;

    /// <summary>The NuGet package folders to search: $NUGET_PACKAGES, the one TorchSharp.dll was loaded from, ~/.nuget/packages.</summary>
    public static IEnumerable<string> NuGetPackageFolders()
    {
        if (Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } env) yield return env;
        // .../torchsharp/0.107.0/lib/net8.0/TorchSharp.dll -> the package root is four levels up.
        var torchDll = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == "TorchSharp")?.Location;
        if (!string.IsNullOrEmpty(torchDll))
        {
            var dir = new DirectoryInfo(Path.GetDirectoryName(torchDll)!);
            var root = dir.Parent?.Parent?.Parent?.Parent;
            if (root is not null && dir.Parent?.Parent?.Parent?.Name.Equals("torchsharp", StringComparison.OrdinalIgnoreCase) == true)
                yield return root.FullName;
        }
        yield return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
    }

    static string? FindUp(string start)
    {
        for (var dir = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CaptioningKit.sln"))) return dir.FullName;
        return null;
    }
}
