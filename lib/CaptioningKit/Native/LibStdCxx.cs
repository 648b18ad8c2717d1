using System.Text.RegularExpressions;

namespace CaptioningKit.Native;

/// <summary>The system's libstdc++ and the newest GLIBCXX symbol version it provides.</summary>
public sealed record LibStdCxx(string Path, string? NewestVersion)
{
    static readonly string[] KnownPaths =
    [
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6",
    ];

    /// <summary>The libstdc++ this process uses (from /proc/self/maps), else the usual install path; null if none is found.</summary>
    public static LibStdCxx? Find()
    {
        if (!OperatingSystem.IsLinux()) return null;
        string? path = null;
        try
        {
            path = File.ReadLines("/proc/self/maps").Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Where(p => p.Length >= 6 && p[5].Contains("libstdc++.so")).Select(p => p[5]).FirstOrDefault();
        }
        catch (IOException) { }
        path ??= KnownPaths.FirstOrDefault(File.Exists);
        return path is null ? null : new LibStdCxx(path, NewestGlibcxx(File.ReadAllBytes(path)));
    }

    /// <summary>The highest GLIBCXX_3.4.N named in a libstdc++ image, e.g. "GLIBCXX_3.4.30".</summary>
    public static string? NewestGlibcxx(byte[] image)
    {
        var text = System.Text.Encoding.Latin1.GetString(image);
        return Regex.Matches(text, @"GLIBCXX_3\.4(?:\.(\d+))?\0")
            .Select(m => (m.Groups[1].Success ? int.Parse(m.Groups[1].Value) : 0))
            .DefaultIfEmpty(-1).Max() is var n and >= 0 ? (n == 0 ? "GLIBCXX_3.4" : $"GLIBCXX_3.4.{n}") : null;
    }
}
