namespace CaptioningKit.Native;

/// <summary>Where TorchSharp's native library and the libtorch libraries it needs are, for the running host.</summary>
public sealed record TorchNativeFiles(string TorchSharpLibrary, string LibTorchDirectory)
{
    public const string TorchSharpVersion = "0.107.0";
    public const string LibTorchVersion = "2.10.0";
    public const string LibTorchSharpFileName = "libLibTorchSharp.so";

    /// <summary>libtorch's own libraries, in the order they must be loaded.</summary>
    public static readonly string[] LibTorchLibraries = ["libc10.so", "libtorch_cpu.so", "libtorch.so"];

    /// <summary>
    /// Finds the files for this host: the build output of the CLI or test host (runtimes/linux-x64/native next to the
    /// app), then the NuGet package folder (the notebook kernel loads TorchSharp from there).
    /// </summary>
    public static TorchNativeFiles Locate()
    {
        var candidates = CandidateDirectories().Distinct().ToList();
        string? sharp = candidates.Select(d => Path.Combine(d, LibTorchSharpFileName)).FirstOrDefault(File.Exists);
        string? torch = candidates.FirstOrDefault(d => LibTorchLibraries.All(l => File.Exists(Path.Combine(d, l))));
        if (sharp is null || torch is null)
            throw new NativeSetupException(
                $"Could not find {(sharp is null ? LibTorchSharpFileName : "the libtorch libraries (" + string.Join(", ", LibTorchLibraries) + ")")}. Looked in:\n  " +
                string.Join("\n  ", candidates) +
                $"\nFix: restore the packages (dotnet restore / dotnet build) so that TorchSharp-cpu {TorchSharpVersion} and libtorch-cpu-linux-x64 {LibTorchVersion} are in the NuGet folder, " +
                "or set NUGET_PACKAGES to the folder that holds them.");
        return new TorchNativeFiles(sharp, torch);
    }

    static IEnumerable<string> CandidateDirectories()
    {
        const string rid = "linux-x64";
        var baseDir = AppContext.BaseDirectory;
        yield return Path.Combine(baseDir, "runtimes", rid, "native");
        yield return baseDir;
        if (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") is string dirs)
            foreach (var d in dirs.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
                yield return Path.TrimEndingDirectorySeparator(d);
        var kitDir = Path.GetDirectoryName(typeof(TorchNativeFiles).Assembly.Location);
        if (!string.IsNullOrEmpty(kitDir)) yield return Path.Combine(kitDir, "runtimes", rid, "native");
        foreach (var root in KitPaths.NuGetPackageFolders())
        {
            yield return Path.Combine(root, "torchsharp", TorchSharpVersion, "runtimes", rid, "native");
            yield return Path.Combine(root, "libtorch-cpu-linux-x64", LibTorchVersion, "runtimes", rid, "native");
        }
    }
}
