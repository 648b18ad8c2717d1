namespace CaptioningKit.Data;

/// <summary>A known public dataset: where its files are, what it is, and how to read its captions once downloaded.</summary>
/// <param name="Name">The short name used on the command line and as the folder name (e.g. <c>flickr8k</c>).</param>
/// <param name="Title">A human title.</param>
/// <param name="Description">A sentence or two: what the images and captions are, how many.</param>
/// <param name="Licence">The terms of use, in short; read the homepage before publishing anything trained on it.</param>
/// <param name="Homepage">Where the dataset is described.</param>
/// <param name="Files">What to download (and unpack) into <c>&lt;data dir&gt;/&lt;Name&gt;/</c>.</param>
/// <param name="CaptionFormat">The <see cref="CaptionDatasets"/> format name for its captions.</param>
/// <param name="CaptionsPath">The captions file, relative to the dataset folder, to pass to <see cref="CaptionDatasets.Load(string, string, LoadOptions?)"/>.</param>
public sealed record DatasetCatalogEntry(
    string Name, string Title, string Description, string Licence, Uri Homepage,
    IReadOnlyList<DatasetFile> Files, string CaptionFormat, string CaptionsPath)
{
    /// <summary>Other names that find this entry (e.g. <c>bms</c>).</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>What the user must do first, when the download needs an account (null when nothing).</summary>
    public string? ManualSteps { get; init; }

    /// <summary>Sum of the files' published sizes, when all are known.</summary>
    public long? ApproximateBytes => Files.All(f => f.ApproximateBytes is not null) ? Files.Sum(f => f.ApproximateBytes!.Value) : null;
}

/// <summary>One file of a catalog dataset.</summary>
/// <param name="FileName">The name it is saved under (in <c>&lt;data dir&gt;/&lt;dataset&gt;/downloads/</c>).</param>
/// <param name="Url">Where it is served.</param>
/// <param name="ApproximateBytes">Its size as published, rounded: for planning disk space, not for verification.</param>
/// <param name="Sha256">Its SHA-256 when we know it for certain; null otherwise (then it is not verified).</param>
public sealed record DatasetFile(string FileName, Uri Url, long? ApproximateBytes, string? Sha256 = null)
{
    /// <summary>Unpack it into the dataset folder after downloading (true for zip/tar archives).</summary>
    public bool Extract { get; init; } = ArchiveFormats.FromFileName(FileName) is not null;

    /// <summary>The URL is Kaggle's API: the request carries the user's Kaggle credentials (see <see cref="KaggleCredentials"/>).</summary>
    public bool NeedsKaggleCredentials { get; init; }
}
