using System.Runtime.InteropServices;

namespace CaptioningKit;

/// <summary>
/// Walks folders of user files safely: every symbolic link is resolved to its real path, a folder reached twice (a
/// link loop, a link to a parent, a second link to the same folder) is walked once, and a file reached twice is listed
/// once. Unreadable folders are skipped. Used wherever the kit lists image files.
/// </summary>
public static partial class FileTree
{
    /// <summary>
    /// The files under <paramref name="root"/> (recursively) that <paramref name="include"/> accepts, each once, sorted
    /// by path (ordinal); each is given by the path it was first reached under (below <paramref name="root"/>).
    /// </summary>
    public static IReadOnlyList<string> Files(string root, Func<string, bool> include)
    {
        var folders = new HashSet<string>(StringComparer.Ordinal);
        var files = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<string>();
        var pending = new Stack<string>();
        pending.Push(Path.GetFullPath(root));
        var options = new EnumerationOptions { RecurseSubdirectories = false, IgnoreInaccessible = true, AttributesToSkip = 0 };
        while (pending.Count > 0)
        {
            var folder = pending.Pop();
            if (RealPath(folder) is not { } realFolder || !folders.Add(realFolder)) continue; // a loop, or a folder seen through another link
            List<string> entries;
            try { entries = Directory.EnumerateFileSystemEntries(folder, "*", options).Order(StringComparer.Ordinal).ToList(); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; }
            foreach (var entry in entries)
            {
                if (Directory.Exists(entry)) { pending.Push(entry); continue; } // follows a link to a folder; the set above stops loops
                if (!include(entry)) continue;
                var real = RealPath(entry);
                if (real is null || files.Add(real)) result.Add(entry); // a broken link or a loop has no real path: the loader reports it
            }
        }
        result.Sort(StringComparer.Ordinal);
        return result;
    }

    /// <summary>The absolute path with every symbolic link resolved, or null when it does not exist (or a link loops).</summary>
    public static string? RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        if (!OperatingSystem.IsWindows())
        {
            var resolved = realpath(full, IntPtr.Zero);
            if (resolved == IntPtr.Zero) return null;
            try { return Marshal.PtrToStringUTF8(resolved); }
            finally { free(resolved); }
        }
        try
        {
            FileSystemInfo info = Directory.Exists(full) ? new DirectoryInfo(full) : new FileInfo(full);
            if (!info.Exists) return null;
            return Path.GetFullPath(info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full);
        }
        catch (IOException) { return null; }
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="folder"/> or lies below it (both real paths, compared ordinally).</summary>
    public static bool IsInside(string path, string folder)
    {
        var prefix = folder.EndsWith(Path.DirectorySeparatorChar) ? folder : folder + Path.DirectorySeparatorChar;
        return path == folder || path.StartsWith(prefix, StringComparison.Ordinal);
    }

    /// <summary>What a path names, after following symbolic links (a loop or a broken link is <see cref="FileKind.Missing"/>).</summary>
    public static FileKind KindOf(string path)
    {
        if (Directory.Exists(path)) return FileKind.Directory;
        if (!File.Exists(path)) return FileKind.Missing;
        if (OperatingSystem.IsWindows()) return FileKind.Regular;
        var mode = StatMode(path);
        if (mode is null) return new FileInfo(path).Length > 0 ? FileKind.Regular : FileKind.Unknown;
        return (mode.Value & 0xF000) switch { 0x8000 => FileKind.Regular, 0x4000 => FileKind.Directory, _ => FileKind.Special };
    }

    /// <summary>st_mode from stat(2) (links followed), or null where this build does not know the struct's layout.</summary>
    static unsafe uint? StatMode(string path)
    {
        int offset;
        if (OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64) offset = 24;
        else if (OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.Arm64) offset = 16;
        else if (OperatingSystem.IsMacOS()) offset = 4;
        else return null;
        var buffer = stackalloc byte[512];
        try
        {
            if (stat(path, buffer) != 0) return null;
        }
        catch (EntryPointNotFoundException) { return null; } // glibc before 2.33 exports only __xstat
        return OperatingSystem.IsMacOS() ? *(ushort*)(buffer + offset) : *(uint*)(buffer + offset);
    }

    [LibraryImport("libc", EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int stat(string path, byte* buffer);

    [LibraryImport("libc", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr realpath(string path, IntPtr resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void free(IntPtr pointer);
}

/// <summary>What a path names (see <see cref="FileTree.KindOf"/>).</summary>
public enum FileKind
{
    Missing,
    Regular,
    Directory,
    /// <summary>A FIFO, socket or device: never read as data, never replaced.</summary>
    Special,
    /// <summary>This platform cannot tell (an empty file, or a special one).</summary>
    Unknown,
}
