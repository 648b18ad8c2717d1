using System.Reflection;
using System.Runtime.Loader;

namespace CaptioningKit.Display;

/// <summary>
/// An isolated load context for CaptioningKit.Plotting and Plotly.NET with its own FSharp.Core 10.1. The notebook
/// kernel carries FSharp.Core 10.0 in its default context, and Plotly.NET 6 fails there; here it loads beside it.
/// Each assembly is looked for next to CaptioningKit.Plotting.dll first (a published app), then in the NuGet
/// package folder at the pinned version (a notebook kernel, a test host). This is the only place that uses reflection
/// for charts, and only strings cross the boundary.
/// </summary>
sealed class PlottingLoadContext : AssemblyLoadContext
{
    /// <summary>Package id, version and lib folder of every assembly CaptioningKit.Plotting needs (from its project.assets.json).</summary>
    internal static readonly (string Name, string Version, string LibFolder)[] Packages =
    [
        ("FSharp.Core", "10.1.403", "lib/netstandard2.1"),
        ("Plotly.NET", "6.0.0", "lib/netstandard2.0"),
        ("Plotly.NET.CSharp", "0.14.0", "lib/net10.0"),
        ("DynamicObj", "8.0.0", "lib/netstandard2.0"),
        ("Fable.Core", "4.3.0", "lib/netstandard2.0"),
        ("Giraffe.ViewEngine", "1.4.0", "lib/net5.0"),
        ("Newtonsoft.Json", "13.0.4", "lib/net6.0"),
    ];

    readonly string _directory;

    PlottingLoadContext(string directory) : base("CaptioningKit.Plotting", isCollectible: false) => _directory = directory;

    static readonly Lazy<MethodInfo[]> Entry = new(LoadEntryPoints);

    /// <summary>Calls CaptioningKit.Plotting.ChartRenderer.<paramref name="method"/> with string arguments.</summary>
    internal static string Call(string method, params string[] args)
    {
        var m = Entry.Value.FirstOrDefault(x => x.Name == method && x.GetParameters().Length == args.Length)
            ?? throw new MissingMethodException("CaptioningKit.Plotting.ChartRenderer", method);
        try { return (string)m.Invoke(null, args)!; }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }

    static MethodInfo[] LoadEntryPoints()
    {
        var kitDir = Path.GetDirectoryName(typeof(PlottingLoadContext).Assembly.Location)!;
        var dll = Path.Combine(kitDir, "CaptioningKit.Plotting.dll");
        if (!File.Exists(dll))
            throw new FileNotFoundException($"Charts need {dll}, which is built with the kit. Fix: run `dotnet build` in the repository root.", dll);
        var context = new PlottingLoadContext(kitDir);
        var renderer = context.LoadFromAssemblyPath(dll).GetType("CaptioningKit.Plotting.ChartRenderer", throwOnError: true)!;
        return renderer.GetMethods(BindingFlags.Public | BindingFlags.Static);
    }

    protected override Assembly? Load(AssemblyName name)
    {
        var pinned = Packages.FirstOrDefault(p => p.Name == name.Name);
        if (pinned.Name is null) return null; // everything else (the BCL) comes from the default context
        var local = Path.Combine(_directory, pinned.Name + ".dll");
        if (File.Exists(local)) return LoadFromAssemblyPath(local);
        foreach (var root in KitPaths.NuGetPackageFolders())
        {
            var path = Path.Combine(root, pinned.Name.ToLowerInvariant(), pinned.Version, pinned.LibFolder, pinned.Name + ".dll");
            if (File.Exists(path)) return LoadFromAssemblyPath(path);
        }
        throw new FileNotFoundException(
            $"Charts need {pinned.Name} {pinned.Version}, which is not in the NuGet package folder. Fix: run `dotnet restore` in the repository root (or set NUGET_PACKAGES).");
    }
}
