using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;

namespace CaptioningKit.Data;

/// <summary>
/// Unpacks zip, tar and tar.gz archives safely and only once.
/// <list type="number">
/// <item>If the target holds a current <see cref="ExtractionMarker"/> for this archive, nothing is done.</item>
/// <item>Entries are written into a temp folder beside the target (same drive, so the final move is a rename).
///   Every name goes through <see cref="SafeEntryPath"/>; links (symbolic and hard), devices and fifos are refused,
///   which is the simplest way to rule out a link that points outside. Entry count and uncompressed bytes are bounded
///   by <see cref="ExtractionOptions"/> (bytes are counted as written, not trusted from headers).</item>
/// <item>The temp folder's top-level items are moved into the target (an item of the same name is replaced), so
///   several archives can fill one dataset folder; then the marker is written.</item>
/// </list>
/// Any failure or cancellation deletes the temp folder and leaves the target as it was.
/// </summary>
public sealed class ArchiveExtractor
{
    /// <summary>The limits in force.</summary>
    public ExtractionOptions Options { get; }

    /// <summary>Creates an extractor with the given limits (defaults otherwise).</summary>
    public ArchiveExtractor(ExtractionOptions? options = null) => Options = options ?? ExtractionOptions.Default;

    /// <summary>Extracts <paramref name="archivePath"/> into <paramref name="targetDirectory"/> as described on the class.</summary>
    /// <exception cref="ArchiveException">Unsafe entry, limits exceeded, unknown format or damaged archive.</exception>
    public async Task<ExtractionResult> ExtractAsync(string archivePath, string targetDirectory,
        IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        archivePath = Path.GetFullPath(archivePath);
        targetDirectory = Path.GetFullPath(targetDirectory);
        if (ExtractionMarker.IsCurrent(targetDirectory, archivePath))
            return new ExtractionResult(targetDirectory, 0, 0, AlreadyExtracted: true);
        if (!File.Exists(archivePath))
            throw new ArchiveException(archivePath, null, $"Archive '{archivePath}' does not exist; download it first.");
        var format = ArchiveFormats.FromFileName(archivePath)
            ?? throw new ArchiveException(archivePath, null,
                $"Cannot tell the format of '{archivePath}': the kit unpacks .zip, .tar, .tar.gz and .tgz files. Rename it or unpack it by hand.");

        var parent = Path.GetDirectoryName(targetDirectory)!;
        Directory.CreateDirectory(parent);
        var temp = Path.Combine(parent, $".{Path.GetFileName(targetDirectory)}.extracting-{Guid.NewGuid().ToString("N")[..12]}");
        Directory.CreateDirectory(temp);
        try
        {
            var sink = new EntrySink(archivePath, temp, Options, progress, cancellationToken);
            await Task.Run(() =>
            {
                if (format == ArchiveFormat.Zip) ExtractZip(archivePath, sink);
                else ExtractTar(archivePath, format == ArchiveFormat.TarGz, sink);
            }, cancellationToken);
            RefuseCollisionsWithTheKitsOwnFiles(temp, targetDirectory, archivePath); // before anything in the target is touched
            MoveInto(temp, targetDirectory);
            ExtractionMarker.Write(targetDirectory, archivePath, sink.Entries, sink.Bytes);
            return new ExtractionResult(targetDirectory, sink.Entries, sink.Bytes, AlreadyExtracted: false);
        }
        catch (InvalidDataException e)
        {
            throw new ArchiveException(archivePath, null,
                $"Archive '{archivePath}' is damaged or not really a {format} file ({e.Message}). Delete it and download it again.", e);
        }
        finally
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        }
    }

    static void ExtractZip(string archivePath, EntrySink sink)
    {
        using var zip = ZipFile.OpenRead(archivePath);
        sink.CheckDeclared(zip.Entries.Count, zip.Entries.Sum(e => e.Length));
        foreach (var entry in zip.Entries)
        {
            var unixType = (entry.ExternalAttributes >> 16) & 0xF000;
            if (unixType == 0xA000) sink.RefuseLink(entry.FullName, "a symbolic link");
            if (entry.FullName.EndsWith('/') || entry.FullName.EndsWith('\\')) sink.Directory(entry.FullName);
            else
            {
                using var data = entry.Open();
                sink.File(entry.FullName, data, entry.Length);
            }
        }
    }

    static void ExtractTar(string archivePath, bool gzip, EntrySink sink)
    {
        using var file = new FileStream(archivePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using Stream stream = gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var tar = new TarReader(stream);
        while (tar.GetNextEntry(copyData: false) is { } entry)
        {
            switch (entry.EntryType)
            {
                case TarEntryType.GlobalExtendedAttributes:
                    continue; // metadata for later entries, not a file
                case TarEntryType.Directory:
                    sink.Directory(entry.Name);
                    break;
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                    sink.File(entry.Name, entry.DataStream ?? Stream.Null, entry.Length);
                    break;
                case TarEntryType.SymbolicLink or TarEntryType.HardLink:
                    sink.RefuseLink(entry.Name, $"a {(entry.EntryType == TarEntryType.HardLink ? "hard" : "symbolic")} link to '{entry.LinkName}'");
                    break;
                default:
                    sink.RefuseLink(entry.Name, $"a special entry ({entry.EntryType})");
                    break;
            }
        }
    }

    /// <summary>
    /// An archive's top-level item may replace what an earlier extraction left, but never the kit's own files: the
    /// folder holding the downloaded archives (e.g. <c>downloads/</c>, which would delete the archives before they are
    /// unpacked) or an extraction marker. Such an archive is refused and the target is left as it was.
    /// </summary>
    static void RefuseCollisionsWithTheKitsOwnFiles(string temp, string target, string archivePath)
    {
        foreach (var item in Directory.EnumerateFileSystemEntries(temp).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(item);
            var dest = Path.Combine(target, name);
            var holdsArchive = archivePath == dest || archivePath.StartsWith(dest + Path.DirectorySeparatorChar, StringComparison.Ordinal);
            var isMarker = name.StartsWith('.') && name.EndsWith(".extracted", StringComparison.Ordinal);
            if (holdsArchive || isMarker)
                throw new ArchiveException(archivePath, name,
                    $"Archive '{archivePath}' has a top-level '{name}' that would replace the kit's own {(holdsArchive ? $"folder of downloaded archives ({dest})" : "extraction marker")}; " +
                    $"nothing in '{target}' was changed. Fix: unpack this archive by hand into another folder.");
        }
    }

    /// <summary>Moves every top-level item of <paramref name="temp"/> into <paramref name="target"/>.</summary>
    static void MoveInto(string temp, string target)
    {
        if (!Directory.Exists(target))
        {
            Directory.Move(temp, target);
            return;
        }
        foreach (var dir in Directory.GetDirectories(temp))
        {
            var dest = Path.Combine(target, Path.GetFileName(dir));
            if (Directory.Exists(dest)) Directory.Delete(dest, recursive: true);
            else if (File.Exists(dest)) File.Delete(dest);
            Directory.Move(dir, dest);
        }
        foreach (var file in Directory.GetFiles(temp))
        {
            var dest = Path.Combine(target, Path.GetFileName(file));
            if (Directory.Exists(dest)) Directory.Delete(dest, recursive: true);
            File.Move(file, dest, overwrite: true);
        }
    }

    /// <summary>Writes entries into the temp folder, enforcing names and limits, and reports progress.</summary>
    sealed class EntrySink(string archivePath, string root, ExtractionOptions options, IProgress<DownloadProgress>? progress, CancellationToken ct)
    {
        readonly Stopwatch _clock = Stopwatch.StartNew();
        readonly byte[] _buffer = new byte[1 << 16];
        readonly string _item = Path.GetFileName(archivePath);
        TimeSpan _lastReport = TimeSpan.Zero;
        long? _declaredTotal;

        public int Entries { get; private set; }
        public long Bytes { get; private set; }

        public void CheckDeclared(int entries, long bytes)
        {
            if (entries > options.MaxEntries) TooManyEntries(entries.ToString());
            if (bytes > options.MaxTotalBytes) TooBig(null, bytes);
            _declaredTotal = bytes;
        }

        public void Directory(string name)
        {
            if (SafePath(name) is { } full) System.IO.Directory.CreateDirectory(full);
        }

        public void File(string name, Stream data, long declaredLength)
        {
            if (SafePath(name) is not { } full) return;
            if (Bytes + declaredLength > options.MaxTotalBytes) TooBig(name, Bytes + declaredLength);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            using var output = new FileStream(full, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            int n;
            while ((n = data.Read(_buffer)) > 0)
            {
                ct.ThrowIfCancellationRequested();
                if (Bytes + n > options.MaxTotalBytes) TooBig(name, Bytes + n);
                output.Write(_buffer, 0, n);
                Bytes += n;
                if (_clock.Elapsed - _lastReport >= options.ProgressInterval) Report();
            }
            Report();
        }

        public void RefuseLink(string name, string what) =>
            throw new ArchiveException(archivePath, name,
                $"Refused to extract '{archivePath}': entry '{name}' is {what}. Links and special files could point outside " +
                "the data folder, so the kit does not unpack them; unpack this archive by hand if you trust it.");

        /// <summary>The safe full path of an entry, or null for skipped macOS metadata; counts the entry.</summary>
        string? SafePath(string name)
        {
            ct.ThrowIfCancellationRequested();
            if (options.SkipMacMetadata && IsMacMetadata(name)) return null;
            if (++Entries > options.MaxEntries) TooManyEntries($"more than {options.MaxEntries:N0}");
            var full = SafeEntryPath.Resolve(root, name, out var reason);
            if (full is null)
                throw new ArchiveException(archivePath, name,
                    $"Refused to extract '{archivePath}': entry '{name}' is unsafe because {reason} (a \"zip slip\" that could " +
                    "overwrite files outside the data folder). The archive is corrupt or malicious; do not use it; download it again from the official source.");
            return full;
        }

        static bool IsMacMetadata(string name)
        {
            var parts = name.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
            return parts.Contains("__MACOSX") || (parts.Length > 0 && (parts[^1].StartsWith("._", StringComparison.Ordinal) || parts[^1] == ".DS_Store"));
        }

        void TooManyEntries(string count) =>
            throw new ArchiveException(archivePath, null,
                $"Refused to extract '{archivePath}': it has {count} entries, over the limit of {options.MaxEntries:N0} " +
                "(a guard against decompression bombs). If you trust this archive, raise ExtractionOptions.MaxEntries.");

        void TooBig(string? entry, long bytes) =>
            throw new ArchiveException(archivePath, entry,
                $"Refused to extract '{archivePath}': it expands to more than {options.MaxTotalBytes:N0} bytes " +
                $"(reached {bytes:N0}{(entry is null ? "" : $" at entry '{entry}'")}), over the limit that guards against decompression bombs. " +
                "If you trust this archive and have the space, raise ExtractionOptions.MaxTotalBytes.");

        void Report()
        {
            _lastReport = _clock.Elapsed;
            var seconds = _clock.Elapsed.TotalSeconds;
            progress?.Report(new DownloadProgress(_item, DownloadStage.Extracting, Bytes, _declaredTotal, seconds > 0 ? Bytes / seconds : 0));
        }
    }
}

/// <summary>What an extraction did.</summary>
/// <param name="TargetDirectory">Where the archive's contents now are.</param>
/// <param name="Entries">Files and folders written (0 when skipped).</param>
/// <param name="Bytes">Uncompressed bytes written (0 when skipped).</param>
/// <param name="AlreadyExtracted">True when a completion marker showed it was done before: nothing was written.</param>
public sealed record ExtractionResult(string TargetDirectory, int Entries, long Bytes, bool AlreadyExtracted);
