using System.Text;

namespace CaptioningKit;

/// <summary>
/// Writes a file whole or not at all: the text or bytes go to a temporary file beside the target, which is then renamed over
/// it. The target must be a regular file or not exist yet: a folder, a FIFO, a device or a symbolic link is refused
/// before anything is written (a rename would replace the link or the special file itself), and the temporary file
/// never outlives a failure.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="text"/> (UTF-8 without BOM unless <paramref name="encoding"/> is given) to <paramref name="path"/>; returns its full path.</summary>
    /// <exception cref="IOException">The target is not a regular file (the message names it and the fix), or the write failed.</exception>
    public static string WriteAllText(string path, string text, Encoding? encoding = null, string? option = null)
    {
        var full = Path.GetFullPath(path);
        CheckTarget(full, option);
        return Write(full, temp => File.WriteAllText(temp, text, encoding ?? new UTF8Encoding(false)));
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> unless the file already holds exactly them (then it
    /// is left untouched, so several processes may make the same file at once); returns its full path.</summary>
    /// <exception cref="IOException">The target is not a regular file (the message names it and the fix), or the write failed.</exception>
    public static string WriteAllBytesUnlessSame(string path, byte[] bytes, string? option = null)
    {
        var full = Path.GetFullPath(path);
        CheckTarget(full, option);
        if (File.Exists(full) && File.ReadAllBytes(full).AsSpan().SequenceEqual(bytes)) return full;
        return Write(full, temp => File.WriteAllBytes(temp, bytes));
    }

    /// <summary>The temporary file beside <paramref name="full"/> (already checked), then the rename over it.</summary>
    static string Write(string full, Action<string> writeTemp)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            writeTemp(temp);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
        return full;
    }

    /// <summary>Throws an <see cref="IOException"/> unless <paramref name="full"/> is missing or a regular file (not a link).</summary>
    public static void CheckTarget(string full, string? option = null)
    {
        var fix = option is null ? "Fix: give the path of a new or regular file." : $"Fix: give {option} the path of a new or regular file.";
        if (Directory.Exists(full)) throw new IOException($"'{full}' is a folder; it cannot be replaced by a file. {fix}");
        var info = new FileInfo(full);
        if (info.LinkTarget is not null) throw new IOException($"'{full}' is a symbolic link (to '{info.LinkTarget}'); writing would replace the link. {fix}");
        if (!info.Exists) return;
        var kind = FileTree.KindOf(full);
        if (kind == FileKind.Special || kind == FileKind.Unknown && info.Length == 0)
            throw new IOException($"'{full}' is a special file (a device, FIFO or socket), not a regular file; it is never replaced. {fix}");
    }
}
