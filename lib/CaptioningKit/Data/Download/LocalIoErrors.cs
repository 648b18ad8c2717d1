namespace CaptioningKit.Data;

/// <summary>
/// Turns local file-system failures into <see cref="DownloadException"/>s with a fix in the message.
/// On Linux/macOS .NET puts the errno in <see cref="Exception.HResult"/> (ENOSPC = 28, EDQUOT = 122/69, EROFS = 30);
/// on Windows it is 0x80070070 (ERROR_DISK_FULL) or 0x80070027 (ERROR_HANDLE_DISK_FULL). Permission errors arrive as
/// <see cref="UnauthorizedAccessException"/>.
/// </summary>
public static class LocalIoErrors
{
    const int Enospc = 28, EdquotLinux = 122, EdquotMac = 69, Erofs = 30;
    const int WinDiskFull = unchecked((int)0x80070070), WinHandleDiskFull = unchecked((int)0x80070027);

    /// <summary>True when <paramref name="e"/> means "no space left on device" (or quota exceeded).</summary>
    public static bool IsDiskFull(Exception e) => e is IOException && e.HResult is Enospc or EdquotLinux or WinDiskFull or WinHandleDiskFull
        || (e is IOException && OperatingSystem.IsMacOS() && e.HResult == EdquotMac);

    /// <summary>True when <paramref name="e"/> means we may not write there (permission, read-only file system).</summary>
    public static bool IsAccessDenied(Exception e) => e is UnauthorizedAccessException || (e is IOException && e.HResult == Erofs);

    /// <summary>Wraps a local error met while writing <paramref name="path"/>; returns null when <paramref name="e"/> is not a local I/O error.</summary>
    public static DownloadException? Classify(Exception e, string path, Uri? url = null)
    {
        var folder = Path.GetDirectoryName(path) ?? path;
        if (IsDiskFull(e))
            return new DownloadException(DownloadErrorKind.DiskFull,
                $"Disk full while writing '{path}'. Free some space on that drive or choose another data folder (--data-dir); " +
                "the partial file is kept, so running again resumes where it stopped.", url, path, null, e);
        if (IsAccessDenied(e))
            return new DownloadException(DownloadErrorKind.AccessDenied,
                $"No permission to write '{path}'. Choose a data folder you can write (--data-dir or $CAPTIONINGKIT_DATA), " +
                $"or give yourself write access to '{folder}'.", url, path, null, e);
        if (e is IOException)
            return new DownloadException(DownloadErrorKind.LocalIo,
                $"Could not write '{path}': {e.Message}. Check the drive and the folder '{folder}', then run again.", url, path, null, e);
        return null;
    }
}
