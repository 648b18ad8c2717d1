namespace CaptioningKit.Data;

/// <summary>
/// The one entry point for reading captions into <see cref="CaptionedImage"/>s, whatever the source:
/// <code>
/// var (images, report) = CaptionDatasets.Load("data/flickr8k");                // format detected
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
/// </summary>
public static class CaptionDatasets
{
    /// <summary>Format names.</summary>
    public const string Flickr8k = "flickr8k", CaptionsCsv = "captions-csv", Folder = "folder", Coco = "coco", Karpathy = "karpathy", Bms = "bms";

    /// <summary>All format names.</summary>
    public static IReadOnlyList<string> Formats { get; } = [Flickr8k, CaptionsCsv, Folder, Coco, Karpathy, Bms];

    /// <summary>Reads <paramref name="path"/> (a file, or a dataset folder) in the format its name shows.</summary>
    public static CaptionLoadResult Load(string path, LoadOptions? options = null) => Load(DetectFormat(path), path, options);

    /// <summary>Reads <paramref name="path"/> (a file, or a folder holding the format's usual file) as <paramref name="format"/>.</summary>
    /// <exception cref="CaptionFormatException">The file is missing or unusable; in strict mode also the first bad record.</exception>
    /// <exception cref="ArgumentException">An unknown format name (the message lists the known ones).</exception>
    public static CaptionLoadResult Load(string format, string path, LoadOptions? options = null)
    {
        options ??= LoadOptions.Default;
        return format.Trim().ToLowerInvariant() switch
        {
            Flickr8k => Flickr8kReader.Load(path, options),
            CaptionsCsv or "kaggle" or "csv" => CsvCaptionsReader.Load(InFolder(path, "captions.txt", "captions.csv", "captions.tsv"), CaptionsCsv, options),
            Folder => CsvCaptionsReader.Load(InFolder(path, "captions.csv", "captions.tsv", "captions.txt"), Folder, options),
            Coco => CocoCaptionsReader.Load(path, options),
            Karpathy => KarpathySplitReader.Load(path, options),
            Bms => BmsLabelsReader.Load(path, options),
            _ => throw new ArgumentException($"Unknown caption format '{format}'. Known formats: {string.Join(", ", Formats)}.", nameof(format)),
        };
    }

    /// <summary>
    /// The format of <paramref name="path"/> from file names: <c>Flickr8k.token.txt</c> → flickr8k; <c>captions.csv</c> /
    /// <c>captions.tsv</c> → folder; <c>captions.txt</c> → captions-csv; <c>captions_*.json</c> → coco; <c>dataset_*.json</c>
    /// → karpathy; <c>train_labels.csv</c> → bms. A folder is recognised by the first of those files it holds.
    /// </summary>
    /// <exception cref="CaptionFormatException">Nothing recognisable; the message lists what was expected.</exception>
    public static string DetectFormat(string path)
    {
        if (Directory.Exists(path))
        {
            foreach (var name in new[] { Flickr8kReader.TokenFile, "captions.csv", "captions.tsv", "captions.txt", BmsLabelsReader.LabelsFile })
                if (File.Exists(Path.Combine(path, name))) return DetectFormat(Path.Combine(path, name));
            foreach (var json in Directory.EnumerateFiles(path, "*.json").Order())
                if (TryDetectFile(json) is { } f) return f;
        }
        else if (TryDetectFile(path) is { } format) return format;
        throw new CaptionFormatException(path, 0,
            "cannot tell the caption format; expected Flickr8k.token.txt, captions.csv/.tsv (image,caption[,split]), captions.txt, " +
            "captions_*.json (COCO), dataset_*.json (Karpathy) or train_labels.csv (BMS). Fix: check the path, or rename your captions file to one of these names");
    }

    static string? TryDetectFile(string path)
    {
        var name = Path.GetFileName(path).ToLowerInvariant();
        return name switch
        {
            "flickr8k.token.txt" => Flickr8k,
            "captions.csv" or "captions.tsv" => Folder,
            "captions.txt" => CaptionsCsv,
            "train_labels.csv" => Bms,
            _ when name.StartsWith("captions_") && name.EndsWith(".json") => Coco,
            _ when name.StartsWith("dataset_") && name.EndsWith(".json") => Karpathy,
            _ => null,
        };
    }

    static string InFolder(string path, params string[] names) =>
        Directory.Exists(path) ? names.Select(n => Path.Combine(path, n)).FirstOrDefault(File.Exists) ?? Path.Combine(path, names[0]) : path;

    /// <summary>File extensions treated as images.</summary>
    public static IReadOnlySet<string> ImageExtensions { get; } =
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".jpg", ".jpeg", ".png", ".bmp", ".gif", ".tga", ".tif", ".tiff", ".webp" };

    /// <summary>How <see cref="ItemsOf"/> names a folder without a captions file.</summary>
    public const string PlainImageFolder = "image folder";

    /// <summary>
    /// The images of a dataset folder, with the ids the rest of the kit uses: read with <see cref="CaptionDatasets"/> in
    /// the format detected from its captions file (the kit's generated sets are "folder": images/ + captions.csv, ids
    /// the names in the image column). Only a folder with no captions file at all is read as a plain image folder
    /// (<see cref="ImagesIn"/>). A captions file that cannot be read is an error, never a silent fallback.
    /// </summary>
    public static (IReadOnlyList<CaptionedImage> Items, string Source) ItemsOf(string datasetFolder, LoadOptions? options = null)
    {
        string format;
        try { format = CaptionDatasets.DetectFormat(datasetFolder); }
        catch (CaptionFormatException) { return (ImagesIn(datasetFolder), PlainImageFolder); }
        // COCO and Karpathy are single JSON files: their readers take the file, not the folder.
        var path = format is CaptionDatasets.Coco or CaptionDatasets.Karpathy
            ? Directory.EnumerateFiles(datasetFolder, "*.json").Order().First(f => SafeDetect(f) == format)
            : datasetFolder;
        return (CaptionDatasets.Load(format, path, options).Images, format);
    }

    static string? SafeDetect(string file)
    {
        try { return CaptionDatasets.DetectFormat(file); }
        catch (CaptionFormatException) { return null; }
    }

    /// <summary>Every image file under the folder as an item with no captions; id = relative path with '/'.</summary>
    public static IReadOnlyList<CaptionedImage> ImagesIn(string folder) =>
        FileTree.Files(folder, f => ImageExtensions.Contains(Path.GetExtension(f))) // link loops walked once, each file once
            .Select(f => new CaptionedImage(Path.GetRelativePath(folder, f).Replace('\\', '/'), f, [], Split.Train))
            .ToList();
}

/// <summary>The images read (in the order the file first lists them) and the report of what was left out.</summary>
public sealed record CaptionLoadResult(IReadOnlyList<CaptionedImage> Images, ParseReport Report);
