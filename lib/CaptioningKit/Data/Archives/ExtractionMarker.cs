using System.Globalization;

namespace CaptioningKit.Data;

/// <summary>
/// The small text file that says "this archive was fully extracted here": <c>&lt;target&gt;/.&lt;archive name&gt;.extracted</c>,
/// holding the archive's name, size, the time, the entry count and bytes. It is written last, so its presence means
/// the extraction finished; a second run with an archive of the same name and size skips the work. Delete it to
/// force a fresh extraction.
/// </summary>
public static class ExtractionMarker
{
    /// <summary>Where the marker for <paramref name="archivePath"/> lives in <paramref name="targetDirectory"/>.</summary>
    public static string PathFor(string targetDirectory, string archivePath) =>
        Path.Combine(targetDirectory, "." + Path.GetFileName(archivePath) + ".extracted");

    /// <summary>True when the marker exists and records this archive's current size.</summary>
    public static bool IsCurrent(string targetDirectory, string archivePath)
    {
        var marker = PathFor(targetDirectory, archivePath);
        if (!File.Exists(marker) || !File.Exists(archivePath)) return false;
        var size = new FileInfo(archivePath).Length.ToString(CultureInfo.InvariantCulture);
        return File.ReadLines(marker).Any(line => line == "size: " + size);
    }

    /// <summary>Writes the marker (via a temp file and a rename, so a half-written marker never exists).</summary>
    public static void Write(string targetDirectory, string archivePath, int entries, long bytes)
    {
        var marker = PathFor(targetDirectory, archivePath);
        var text = string.Join('\n',
            "archive: " + Path.GetFileName(archivePath),
            "size: " + new FileInfo(archivePath).Length.ToString(CultureInfo.InvariantCulture),
            "extracted: " + DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            "entries: " + entries.ToString(CultureInfo.InvariantCulture),
            "bytes: " + bytes.ToString(CultureInfo.InvariantCulture)) + "\n";
        File.WriteAllText(marker + ".tmp", text);
        File.Move(marker + ".tmp", marker, overwrite: true);
    }
}
