using System.Globalization;

namespace CaptioningKit.Cli;

/// <summary>
/// Writes what the tool knows about an unexpected exception (the command line, the exception with its stack trace and
/// inner exceptions) to a new file, so the console shows one line and a bug report can carry the details.
/// </summary>
static class CrashLog
{
    /// <summary>$CAPTIONINGKIT_CACHE/crashes (see <see cref="KitPaths.CacheDirectory"/>), else the system temp folder.</summary>
    public static IEnumerable<string> Folders()
    {
        yield return Path.Combine(KitPaths.CacheDirectory, "crashes");
        yield return Path.Combine(Path.GetTempPath(), "captioningkit-crashes");
    }

    /// <summary>The path of the new log, or null when no folder could be written.</summary>
    public static string? Write(Exception e, IReadOnlyList<string> args)
    {
        var name = $"crash-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}.log";
        var text = $"CaptioningKit {typeof(CrashLog).Assembly.GetName().Version} on {System.Runtime.InteropServices.RuntimeInformation.OSDescription}\n" +
                   $"command line: {string.Join(' ', args)}\n\n{e}\n";
        foreach (var folder in Folders())
        {
            try
            {
                Directory.CreateDirectory(folder);
                var path = Path.Combine(folder, name);
                using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write)) // a new name: never replaces an older log
                using (var writer = new StreamWriter(stream))
                    writer.Write(text);
                return path;
            }
            catch (Exception failure) when (failure is IOException or UnauthorizedAccessException) { }
        }
        return null;
    }
}
