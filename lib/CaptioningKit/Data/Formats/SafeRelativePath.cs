namespace CaptioningKit.Data;

/// <summary>Joins an image name from a captions file to its image folder, refusing names that leave that folder.</summary>
static class SafeRelativePath
{
    /// <summary>The full path, or null with <paramref name="reason"/> when the name is absolute or climbs out with '..'.</summary>
    public static string? Join(string root, string name, out string? reason) => SafeEntryPath.Resolve(root, name, out reason);
}
