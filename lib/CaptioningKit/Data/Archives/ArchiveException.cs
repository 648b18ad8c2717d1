namespace CaptioningKit.Data;

/// <summary>
/// An archive could not be extracted safely: an entry escapes the target folder, is a link or device, the archive
/// is over the size/entry limits (a decompression bomb, or just bigger than allowed), or it is damaged.
/// Nothing is left half-extracted in the target when this is thrown.
/// </summary>
public sealed class ArchiveException : CaptioningDataException
{
    /// <summary>The archive concerned.</summary>
    public string ArchivePath { get; }
    /// <summary>The offending entry, when one is to blame.</summary>
    public string? EntryName { get; }

    /// <summary>Creates the exception; the message names the archive (and entry) and the fix.</summary>
    public ArchiveException(string archivePath, string? entryName, string message, Exception? inner = null) : base(message, inner)
    {
        ArchivePath = archivePath;
        EntryName = entryName;
    }
}
