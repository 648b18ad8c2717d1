namespace CaptioningKit.Data;

/// <summary>
/// One call per command-line verb of the Data layer, so the CLI stays a thin face:
/// <c>captioningkit download &lt;dataset&gt; [--data-dir DIR]</c> → <see cref="DownloadAsync"/>.
/// Errors are <see cref="CaptioningDataException"/>s whose message can be printed as it is.
/// </summary>
public static class DataCommands
{
    /// <summary>Downloads and unpacks <paramref name="dataset"/> into <c>(dataDir ?? KitPaths.DataDirectory)/&lt;name&gt;/</c>
    /// and returns that folder; see <see cref="DatasetDownloads.DownloadAsync"/>.</summary>
    public static Task<string> DownloadAsync(string dataset, string? dataDir = null, IProgress<DownloadProgress>? progress = null,
        CancellationToken cancellationToken = default) =>
        new DatasetDownloads().DownloadAsync(dataset, dataDir ?? KitPaths.DataDirectory, progress, cancellationToken);

    /// <summary>The datasets <see cref="DownloadAsync"/> knows (name, title, size, licence…), for a listing or for help text.</summary>
    public static IReadOnlyList<DatasetCatalogEntry> KnownDatasets => DatasetCatalog.Default.Entries;
}
