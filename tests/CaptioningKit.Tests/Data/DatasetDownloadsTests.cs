using System.IO.Compression;
using System.Security.Cryptography;
using CaptioningKit.Data;
using Xunit;

namespace CaptioningKit.Tests.Data;

public sealed class DatasetDownloadsTests : IDisposable
{
    readonly TempFolder _dir = new();
    readonly HttpClient _client = FileDownloader.CreateDefaultClient();

    static byte[] TinyZip()
    {
        var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        using (var w = new StreamWriter(zip.CreateEntry("captions.csv").Open()))
            w.Write("image,caption\na.jpg,a cat\n");
        return ms.ToArray();
    }

    DatasetDownloads Facade(DatasetCatalogEntry entry, Func<KaggleCredentials?>? kaggle = null) =>
        new(new DatasetCatalog([entry]),
            new FileDownloader(_client, new DownloadOptions { MaxRetries = 0, InitialBackoff = TimeSpan.Zero }),
            kaggleCredentials: kaggle ?? (() => null));

    static DatasetCatalogEntry Entry(Uri url, string? sha = null, bool kaggle = false) =>
        new("tiny", "Tiny", "A test set.", "CC0", new Uri("http://example.invalid/"),
            [new DatasetFile("tiny.zip", url, 100, sha) { NeedsKaggleCredentials = kaggle }], CaptionDatasets.Folder, "captions.csv")
        { ManualSteps = "Get a token. Or run `kaggle competitions download -c tiny -p <data dir>/tiny/downloads`." };

    [Fact]
    public async Task Downloads_and_unpacks_into_the_dataset_folder_once()
    {
        var zip = TinyZip();
        await using var server = new LoopbackHttpServer((r, _) => LoopbackHttpServer.RangeAware(r, zip));
        var facade = Facade(Entry(server.Url("tiny.zip"), Convert.ToHexStringLower(SHA256.HashData(zip))));

        var folder = await facade.DownloadAsync("TINY", _dir.Path);
        var again = await facade.DownloadAsync("tiny", _dir.Path);

        Assert.Equal(Path.Combine(_dir.Path, "tiny"), folder);
        Assert.Equal(folder, again);
        Assert.True(File.Exists(Path.Combine(folder, "captions.csv")));
        Assert.True(File.Exists(Path.Combine(folder, "downloads", "tiny.zip")));
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task An_unknown_dataset_lists_the_known_ones()
    {
        var e = await Assert.ThrowsAsync<DownloadException>(() => new DatasetDownloads().DownloadAsync("flikr", _dir.Path));

        Assert.Equal(DownloadErrorKind.UnknownDataset, e.Kind);
        Assert.Contains("'flikr'", e.Message);
        foreach (var name in new[] { "flickr8k", "coco2014", "coco2017", "bms-molecular-translation" }) Assert.Contains(name, e.Message);
    }

    [Fact]
    public async Task Kaggle_without_credentials_explains_the_steps()
    {
        var facade = Facade(Entry(new Uri("http://127.0.0.1:9/never"), kaggle: true));

        var e = await Assert.ThrowsAsync<DownloadException>(() => facade.DownloadAsync("tiny", _dir.Path));

        Assert.Equal(DownloadErrorKind.ManualStepRequired, e.Kind);
        Assert.Contains("kaggle competitions download", e.Message);
        Assert.Contains(Path.Combine(_dir.Path, "tiny", "downloads"), e.Message);
    }

    [Fact]
    public async Task Kaggle_credentials_are_sent_but_never_shown()
    {
        await using var server = new LoopbackHttpServer((_, _) => new PlannedResponse(403, []));
        var facade = Facade(Entry(server.Url("api/tiny"), kaggle: true), () => new KaggleCredentials("alice", "s3cr3t-key"));

        var e = await Assert.ThrowsAsync<DownloadException>(() => facade.DownloadAsync("tiny", _dir.Path));

        Assert.Equal(DownloadErrorKind.Unauthorized, e.Kind);
        Assert.StartsWith("Basic ", server.Requests.Single().Header("authorization"));
        Assert.Contains("alice", e.Message);
        Assert.DoesNotContain("s3cr3t-key", e.ToString());
        Assert.DoesNotContain("s3cr3t-key", new KaggleCredentials("alice", "s3cr3t-key").ToString());
    }

    [Fact]
    public async Task A_kaggle_zip_placed_by_hand_is_unpacked_without_downloading()
    {
        var facade = Facade(Entry(new Uri("http://127.0.0.1:9/never"), kaggle: true));
        Directory.CreateDirectory(_dir["tiny/downloads"]);
        File.WriteAllBytes(_dir["tiny/downloads/tiny.zip"], TinyZip());

        var folder = await facade.DownloadAsync("tiny", _dir.Path);

        Assert.True(File.Exists(Path.Combine(folder, "captions.csv")));
    }

    [Fact]
    public void The_default_catalog_is_complete_and_honest()
    {
        var catalog = DatasetCatalog.Default;
        Assert.Equal("flickr8k", catalog.Find("Flickr8k").Name);
        Assert.Equal("bms-molecular-translation", catalog.Find("bms").Name);
        foreach (var entry in catalog.Entries)
        {
            Assert.NotEmpty(entry.Files);
            Assert.False(string.IsNullOrWhiteSpace(entry.Licence));
            Assert.All(entry.Files, f => Assert.True(f.Sha256 is null || f.Sha256.Length == 64));
        }
        Assert.Contains(catalog.Find("coco2014").Files, f => f.Url.ToString() == "http://images.cocodataset.org/zips/train2014.zip");
    }

    public void Dispose()
    {
        _client.Dispose();
        _dir.Dispose();
    }
}
