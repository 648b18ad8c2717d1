namespace CaptioningKit.Data;

/// <summary>
/// The one call behind <c>captioningkit download &lt;dataset&gt; [--data-dir DIR]</c>: fetches every file of a catalog
/// entry into <c>DIR/&lt;name&gt;/downloads/</c> (resumable, verified where a hash is known) and unpacks the archives into
/// <c>DIR/&lt;name&gt;/</c> (once: a marker records each finished extraction). Running it again after an interruption
/// continues where it stopped; running it after success does nothing but check.
/// Archives are kept so a damaged extraction can be redone without downloading again; delete <c>downloads/</c> to
/// reclaim the space.
/// </summary>
public sealed class DatasetDownloads
{
    readonly Func<KaggleCredentials?> _kaggleCredentials;

    /// <summary>The datasets known.</summary>
    public DatasetCatalog Catalog { get; }
    /// <summary>Fetches the files.</summary>
    public FileDownloader Downloader { get; }
    /// <summary>Unpacks the archives.</summary>
    public ArchiveExtractor Extractor { get; }

    /// <summary>Creates the facade; every part has a sensible default (<see cref="DatasetCatalog.Default"/>, a shared
    /// HTTP client, default limits, <see cref="KaggleCredentials.TryLoad"/>).</summary>
    public DatasetDownloads(DatasetCatalog? catalog = null, FileDownloader? downloader = null, ArchiveExtractor? extractor = null,
        Func<KaggleCredentials?>? kaggleCredentials = null)
    {
        Catalog = catalog ?? DatasetCatalog.Default;
        Downloader = downloader ?? new FileDownloader();
        Extractor = extractor ?? new ArchiveExtractor();
        _kaggleCredentials = kaggleCredentials ?? KaggleCredentials.TryLoad;
    }

    /// <summary>The folder a dataset lands in: <c>dataDir/&lt;catalog name&gt;</c>.</summary>
    public string FolderFor(string datasetName, string dataDir) => Path.Combine(Path.GetFullPath(dataDir), Catalog.Find(datasetName).Name);

    /// <summary>Downloads and unpacks every file of <paramref name="datasetName"/> into <c>dataDir/&lt;name&gt;/</c>.</summary>
    /// <param name="datasetName">A catalog name or alias (case-insensitive), e.g. <c>flickr8k</c>.</param>
    /// <param name="dataDir">The data folder, e.g. <see cref="KitPaths.DataDirectory"/>.</param>
    /// <param name="progress">Receives per-file progress (download, verify, extract); nothing goes to the console.</param>
    /// <param name="cancellationToken">Stops the work; partial downloads are kept for a later resume.</param>
    /// <returns>The dataset folder.</returns>
    /// <exception cref="DownloadException">Unknown name (lists the known ones), missing Kaggle credentials (says how to
    /// get them), or a failed download.</exception>
    /// <exception cref="ArchiveException">An archive that is unsafe, too big or damaged.</exception>
    public async Task<string> DownloadAsync(string datasetName, string dataDir, IProgress<DownloadProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var entry = Catalog.Find(datasetName);
        var folder = Path.Combine(Path.GetFullPath(dataDir), entry.Name);
        var downloads = Path.Combine(folder, "downloads");
        foreach (var file in entry.Files)
        {
            var path = Path.Combine(downloads, file.FileName);
            if (!(file.NeedsKaggleCredentials && File.Exists(path))) // a Kaggle zip fetched by hand is taken as it is
                await Downloader.DownloadAsync(RequestFor(entry, file, path), progress, cancellationToken);
            if (file.Extract)
                await Extractor.ExtractAsync(path, folder, progress, cancellationToken);
        }
        return folder;
    }

    DownloadRequest RequestFor(DatasetCatalogEntry entry, DatasetFile file, string path)
    {
        var request = new DownloadRequest(file.Url, path, file.Sha256) { DisplayName = file.FileName };
        if (!file.NeedsKaggleCredentials) return request;
        var steps = (entry.ManualSteps ?? "").Replace("<data dir>/" + entry.Name + "/downloads", Path.GetDirectoryName(path));
        var credentials = _kaggleCredentials()
            ?? throw new DownloadException(DownloadErrorKind.ManualStepRequired,
                $"No Kaggle credentials found for '{entry.Name}'. {steps}", file.Url, path);
        return request with
        {
            Headers = new Dictionary<string, string> { ["Authorization"] = credentials.AuthorizationHeader },
            AccessHint = $"Kaggle refused user '{credentials.Username}'. {steps}",
        };
    }
}
