namespace CaptioningKit.Data;

/// <summary>
/// Maps an archive entry name to a path inside the extraction folder, refusing every name that could land outside it
/// ("zip slip"): absolute paths (<c>/etc/x</c>, <c>C:\x</c>, <c>\\server\x</c>), any <c>..</c> segment, and NUL characters.
/// Backslashes count as separators, as Windows tools write them.
/// </summary>
public static class SafeEntryPath
{
    /// <summary>The full path for <paramref name="entryName"/> under <paramref name="root"/>, or null with a
    /// <paramref name="reason"/> when the name is unsafe. Returns <paramref name="root"/> itself for "./" style names.</summary>
    public static string? Resolve(string root, string entryName, out string? reason)
    {
        reason = null;
        var name = entryName.Replace('\\', '/');
        if (name.Contains('\0')) { reason = "its name contains a NUL character"; return null; }
        if (name.StartsWith('/') || (name.Length >= 2 && char.IsAsciiLetter(name[0]) && name[1] == ':'))
        {
            reason = "it has an absolute path";
            return null;
        }
        var segments = name.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToArray();
        if (segments.Any(s => s == ".."))
        {
            reason = "its path climbs out with '..'";
            return null;
        }
        var rootFull = Path.GetFullPath(root);
        var full = Path.GetFullPath(Path.Combine([rootFull, .. segments]));
        var prefix = rootFull.EndsWith(Path.DirectorySeparatorChar) ? rootFull : rootFull + Path.DirectorySeparatorChar;
        if (full != rootFull && !full.StartsWith(prefix, StringComparison.Ordinal))
        {
            reason = "its path leads outside the target folder";
            return null;
        }
        return full;
    }
}
