namespace CaptioningKit.Data;

/// <summary>
/// Joins an image name from a captions file to its image folder, refusing names that leave that folder: by name
/// (absolute, '..') or through a symbolic link inside the folder that leads out of it. The image folder itself may be a
/// link (images/ -> /mnt/big-disk/flickr8k): what counts is where it really is.
/// </summary>
static class SafeRelativePath
{
    /// <summary>The full path, or null with <paramref name="reason"/> when the name or a link in it leads outside <paramref name="root"/>.</summary>
    public static string? Join(string root, string name, out string? reason)
    {
        if (SafeEntryPath.Resolve(root, name, out reason) is not { } full) return null;
        if (FileTree.RealPath(full) is { } real && FileTree.RealPath(root) is { } realRoot && !FileTree.IsInside(real, realRoot))
        {
            reason = "a symbolic link in its path leads outside the images folder"; // never where: its bytes are not the dataset's
            return null;
        }
        return full;
    }
}
