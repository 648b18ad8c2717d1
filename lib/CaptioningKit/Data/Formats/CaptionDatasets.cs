namespace CaptioningKit.Data;

/// <summary>
/// The one entry point for reading captions into <see cref="CaptionedImage"/>s, whatever the source:
/// <code>
/// var (images, report) = CaptionDatasets.Load("data/flickr8k");                // format detected (see Resolve)
/// var coco = CaptionDatasets.Load(CaptionDatasets.Coco, "data/coco2014/annotations/captions_val2014.json");
/// var mine = CaptionDatasets.Load("my-set/captions.csv", new LoadOptions { Strict = true });
/// </code>
/// Formats (names are case-insensitive):
/// <list type="table">
/// <item><term><see cref="Flickr8k"/></term><description><c>Flickr8k.token.txt</c> + split lists + <c>Flicker8k_Dataset/</c>.</description></item>
/// <item><term><see cref="CaptionsCsv"/></term><description>Kaggle's <c>captions.txt</c> (<c>image,caption</c>) + <c>Images/</c>.</description></item>
/// <item><term><see cref="Folder"/></term><description>The kit's own layout: <c>captions.csv|tsv</c> (<c>image,caption[,split]</c>) + <c>images/</c>;
///   see <see cref="CsvCaptionsReader"/>. Built-in generated datasets write exactly this.</description></item>
/// <item><term><see cref="Coco"/></term><description><c>captions_*.json</c>.</description></item>
/// <item><term><see cref="Karpathy"/></term><description><c>dataset_*.json</c>.</description></item>
/// <item><term><see cref="Bms"/></term><description><c>train_labels.csv</c> + <c>train/a/b/c/id.png</c>.</description></item>
/// </list>
/// Every host (each CLI command's <c>--dataset</c>, <see cref="ItemsOf"/>, the notebooks) goes from a path to a format
/// and a file through <see cref="Resolve"/>, so they all accept the same things.
/// </summary>
public static class CaptionDatasets
{
    /// <summary>Format names.</summary>
    public const string Flickr8k = "flickr8k", CaptionsCsv = "captions-csv", Folder = "folder", Coco = "coco", Karpathy = "karpathy", Bms = "bms";

    /// <summary>All format names.</summary>
    public static IReadOnlyList<string> Formats { get; } = [Flickr8k, CaptionsCsv, Folder, Coco, Karpathy, Bms];

    /// <summary>Reads <paramref name="path"/> (a captions file, or a dataset folder holding one) in the format
    /// <see cref="Resolve"/> finds.</summary>
    /// <exception cref="CaptionFormatException">Nothing readable there, several candidate files, or a file that cannot be read.</exception>
    public static CaptionLoadResult Load(string path, LoadOptions? options = null)
    {
        var source = Resolve(path);
        return Read(source.Format, source.File, options ?? LoadOptions.Default);
    }

    /// <summary>Reads <paramref name="path"/> (a file, or a folder holding the format's file) as <paramref name="format"/>.</summary>
    /// <exception cref="CaptionFormatException">The file is missing or unusable; in strict mode also the first bad record.</exception>
    /// <exception cref="ArgumentException">An unknown format name (the message lists the known ones).</exception>
    public static CaptionLoadResult Load(string format, string path, LoadOptions? options = null)
    {
        var source = Resolve(path, format);
        return Read(source.Format, source.File, options ?? LoadOptions.Default);
    }

    static CaptionLoadResult Read(string format, string file, LoadOptions options) => format switch
    {
        Flickr8k => Flickr8kReader.Load(file, options),
        CaptionsCsv or Folder => CsvCaptionsReader.Load(file, format, options),
        Coco => CocoCaptionsReader.Load(file, options),
        Karpathy => KarpathySplitReader.Load(file, options),
        Bms => BmsLabelsReader.Load(file, options),
        _ => throw new ArgumentException($"Unknown caption format '{format}'. Known formats: {string.Join(", ", Formats)}.", nameof(format)),
    };

    /// <summary>A format name as the kit spells it ("Kaggle", "csv" → captions-csv); unknown names are an error.</summary>
    /// <exception cref="ArgumentException">An unknown format name (the message lists the known ones).</exception>
    public static string FormatName(string format) => format.Trim().ToLowerInvariant() switch
    {
        "kaggle" or "csv" => CaptionsCsv,
        var f when Formats.Contains(f) => f,
        _ => throw new ArgumentException($"Unknown caption format '{format}'. Known formats: {string.Join(", ", Formats)}.", nameof(format)),
    };

    /// <summary>
    /// The one place a <c>--dataset</c> path becomes a format and a file, for every command and notebook:
    /// <list type="bullet">
    /// <item>a file: its format from its name (<c>Flickr8k.token.txt</c> → flickr8k; <c>captions.csv</c>/<c>.tsv</c> → folder;
    ///   <c>captions.txt</c> → captions-csv; <c>train_labels.csv</c> → bms; <c>captions_*.json</c> → coco; <c>dataset_*.json</c>
    ///   → karpathy), or for another <c>.json</c> (<c>small_captions_val2014.json</c>) from its first records (COCO's
    ///   <c>file_name</c>, Karpathy's <c>filename</c> + <c>sentences</c>);</item>
    /// <item>a folder: the one captions file it holds, looking in the folder and in its <c>annotations/</c> (COCO's layout;
    ///   a COCO-like JSON there counts only when its name contains "caption", so instances_*.json is never taken).
    ///   Several candidates (a COCO folder with train and val, the Karpathy folder with three splits) are an error that
    ///   lists them: pass the file you mean.</item>
    /// </list>
    /// With <paramref name="format"/> given, only files of that format count (the CSV formats share one reader, so
    /// "folder" and "captions-csv" take any of captions.csv/.tsv/.txt, in that order of preference).
    /// </summary>
    /// <exception cref="CaptionFormatException">The path does not exist, holds no captions file, or holds several.</exception>
    /// <exception cref="ArgumentException">An unknown format name.</exception>
    public static DatasetSource Resolve(string path, string? format = null)
    {
        var wanted = format is null ? null : FormatName(format);
        if (File.Exists(path))
        {
            var detected = wanted ?? DetectFile(path)
                ?? throw new CaptionFormatException(path, 0, $"cannot tell the caption format from this file's name or content; expected {Expected} (rename the file to such a name)");
            return new DatasetSource(detected, path);
        }
        if (!Directory.Exists(path))
            throw new CaptionFormatException(path, 0, $"does not exist; give a dataset folder or its captions file ({Expected})");

        var candidates = Candidates(path);
        if (wanted is Folder or CaptionsCsv)
        {
            var order = wanted == Folder ? new[] { "captions.csv", "captions.tsv", "captions.txt" } : ["captions.txt", "captions.csv", "captions.tsv"];
            var csv = order.Select(n => candidates.FirstOrDefault(c => Path.GetFileName(c.File).Equals(n, StringComparison.OrdinalIgnoreCase))).FirstOrDefault(c => c is not null);
            return csv is null
                ? throw new CaptionFormatException(Path.Combine(path, order[0]), 0, $"no captions file here for the format '{wanted}'; expected {string.Join(", ", order)} with the header 'image,caption[,split]'")
                : new DatasetSource(wanted, csv.File);
        }
        if (wanted is not null) candidates = candidates.Where(c => c.Format == wanted).ToList();
        return candidates.Count switch
        {
            1 => candidates[0],
            0 => throw new CaptionFormatException(path, 0, wanted is null
                ? $"no captions file in this folder; expected {Expected}. Fix: rename your captions file to one of these names, or pass the file itself"
                : $"no {wanted} captions file in this folder; expected {ExpectedFor(wanted)}"),
            _ => throw new CaptionFormatException(path, 0,
                $"holds {candidates.Count} captions files, so which one to read is not clear: " +
                string.Join(", ", candidates.Select(c => $"{Path.GetRelativePath(path, c.File)} ({c.Format})")) +
                $". Fix: pass the file itself, e.g. --dataset {Path.Combine(path, Path.GetRelativePath(path, candidates[0].File))}"),
        };
    }

    /// <summary>The format of <paramref name="path"/> (a file or a folder), as <see cref="Resolve"/> finds it.</summary>
    /// <exception cref="CaptionFormatException">Nothing recognisable (the message lists what was expected), or several candidates.</exception>
    public static string DetectFormat(string path) => Resolve(path).Format;

    const string Expected = "Flickr8k.token.txt, captions.csv/.tsv (image,caption[,split]), captions.txt (Kaggle), " +
        "captions_*.json (COCO), dataset_*.json (Karpathy) or train_labels.csv (BMS)";

    static string ExpectedFor(string format) => format switch
    {
        Flickr8k => Flickr8kReader.TokenFile,
        Coco => "captions_*.json here or in annotations/",
        Karpathy => "dataset_*.json",
        Bms => BmsLabelsReader.LabelsFile,
        _ => Expected,
    };

    /// <summary>Every file in the folder (or its annotations/ subfolder) that a reader would take, in name order. A JSON
    /// that looks like COCO counts only when its name says captions: COCO's instances_*.json and person_keypoints_*.json
    /// sit beside captions_*.json and open with the same "images" records.</summary>
    static List<DatasetSource> Candidates(string folder)
    {
        var found = new List<DatasetSource>();
        foreach (var dir in new[] { folder, Path.Combine(folder, "annotations") }.Where(Directory.Exists))
            foreach (var file in Directory.EnumerateFiles(dir).Order(StringComparer.Ordinal))
                if (DetectFile(file) is { } f && (dir == folder || f == Coco)
                    && (f != Coco || Path.GetFileName(file).Contains("caption", StringComparison.OrdinalIgnoreCase)))
                    found.Add(new DatasetSource(f, file));
        return found;
    }

    /// <summary>The format of one file from its name, or for another .json from the start of its content; null if none.</summary>
    static string? DetectFile(string path)
    {
        var name = Path.GetFileName(path).ToLowerInvariant();
        return name switch
        {
            "flickr8k.token.txt" => Flickr8k,
            "captions.csv" or "captions.tsv" => Folder,
            "captions.txt" => CaptionsCsv,
            "train_labels.csv" => Bms,
            _ when name.StartsWith("dataset_") && name.EndsWith(".json") => Karpathy,
            _ when name.StartsWith("captions_") && name.EndsWith(".json") => Coco,
            _ when name.EndsWith(".json") => SniffJson(path),
            _ => null,
        };
    }

    /// <summary>COCO or Karpathy from the first 64 KB of a JSON file: both open with an "images" array, whose records
    /// hold "file_name" (COCO) or "filename" and "sentences" (Karpathy). Anything else (a vocabulary, a manifest) is null.</summary>
    static string? SniffJson(string path)
    {
        string head;
        try
        {
            using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
            var buffer = new char[1 << 16];
            head = new string(buffer, 0, reader.ReadBlock(buffer, 0, buffer.Length));
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
        if (!head.Contains("\"images\"", StringComparison.Ordinal)) return null;
        if (head.Contains("\"sentences\"", StringComparison.Ordinal) && head.Contains("\"filename\"", StringComparison.Ordinal)) return Karpathy;
        if (head.Contains("\"file_name\"", StringComparison.Ordinal) || head.Contains("\"annotations\"", StringComparison.Ordinal)) return Coco;
        return null;
    }

    /// <summary>File extensions treated as images.</summary>
    public static IReadOnlySet<string> ImageExtensions { get; } =
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".jpg", ".jpeg", ".png", ".bmp", ".gif", ".tga", ".tif", ".tiff", ".webp" };

    /// <summary>How <see cref="ItemsOf"/> names a folder without a captions file.</summary>
    public const string PlainImageFolder = "image folder";

    /// <summary>
    /// The images of a dataset (a folder or a captions file), with the ids the rest of the kit uses: read with
    /// <see cref="Load(string, LoadOptions?)"/> in the format <see cref="Resolve"/> finds (the kit's generated sets are
    /// "folder": images/ + captions.csv, ids the names in the image column). Only a folder with no captions file at all
    /// is read as a plain image folder (<see cref="ImagesIn"/>). A captions file that cannot be read, or a folder with
    /// several, is an error, never a silent fallback.
    /// </summary>
    public static (IReadOnlyList<CaptionedImage> Items, string Source) ItemsOf(string dataset, LoadOptions? options = null)
    {
        if (Directory.Exists(dataset) && Candidates(dataset).Count == 0) return (ImagesIn(dataset), PlainImageFolder);
        var source = Resolve(dataset);
        return (Read(source.Format, source.File, options ?? LoadOptions.Default).Images, source.Format);
    }

    /// <summary>Every image file under the folder as an item with no captions; id = relative path with '/'.</summary>
    public static IReadOnlyList<CaptionedImage> ImagesIn(string folder) =>
        FileTree.Files(folder, f => ImageExtensions.Contains(Path.GetExtension(f))) // link loops walked once, each file once
            .Select(f => new CaptionedImage(Path.GetRelativePath(folder, f).Replace('\\', '/'), f, [], Split.Train))
            .ToList();
}

/// <summary>The images read (in the order the file first lists them) and the report of what was left out.</summary>
public sealed record CaptionLoadResult(IReadOnlyList<CaptionedImage> Images, ParseReport Report);
