namespace CaptioningKit.Data;

/// <summary>The archive kinds the kit unpacks.</summary>
public enum ArchiveFormat
{
    /// <summary><c>.zip</c>, read with System.IO.Compression.</summary>
    Zip,
    /// <summary><c>.tar</c>, read with System.Formats.Tar.</summary>
    Tar,
    /// <summary><c>.tar.gz</c> / <c>.tgz</c>: a tar inside gzip.</summary>
    TarGz,
}

/// <summary>Tells an archive's format from its name.</summary>
public static class ArchiveFormats
{
    /// <summary>The format of <paramref name="path"/> by extension, or null when it is not an archive we unpack.</summary>
    public static ArchiveFormat? FromFileName(string path)
    {
        var name = Path.GetFileName(path).ToLowerInvariant();
        if (name.EndsWith(".zip", StringComparison.Ordinal)) return ArchiveFormat.Zip;
        if (name.EndsWith(".tar.gz", StringComparison.Ordinal) || name.EndsWith(".tgz", StringComparison.Ordinal)) return ArchiveFormat.TarGz;
        if (name.EndsWith(".tar", StringComparison.Ordinal)) return ArchiveFormat.Tar;
        return null;
    }
}
