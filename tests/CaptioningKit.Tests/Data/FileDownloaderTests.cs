using System.Security.Cryptography;
using CaptioningKit.Data;
using Xunit;

namespace CaptioningKit.Tests.Data;

[Trait("Category", "Faults")] // downloads against a loopback server: drops, Range ignored, checksum, 404, 500, timeout, disk full (docs/reliability.md)
public sealed class FileDownloaderTests : IDisposable
{
    readonly TempFolder _dir = new();
    readonly HttpClient _client = FileDownloader.CreateDefaultClient();
    static readonly byte[] Payload = MakePayload(100_000);
    static readonly string PayloadSha = Convert.ToHexStringLower(SHA256.HashData(Payload));

    static byte[] MakePayload(int n)
    {
        var b = new byte[n];
        new Random(42).NextBytes(b);
        return b;
    }

    static DownloadOptions Fast(int retries = 3) => new()
    {
        MaxRetries = retries, InitialBackoff = TimeSpan.FromMilliseconds(1), MaxBackoff = TimeSpan.FromMilliseconds(5),
        ResponseTimeout = TimeSpan.FromSeconds(5), ReadTimeout = TimeSpan.FromSeconds(5), ProgressInterval = TimeSpan.Zero,
    };

    FileDownloader Downloader(DownloadOptions? o = null) => new(_client, o ?? Fast());

    /// <summary>Reports synchronously on the downloading thread (Progress&lt;T&gt; would post elsewhere).</summary>
    sealed class SyncProgress(Action<DownloadProgress> onReport) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) => onReport(value);
    }

    [Fact]
    public async Task Full_download_checks_the_hash_reports_progress_and_leaves_no_part()
    {
        await using var server = new LoopbackHttpServer((r, _) => LoopbackHttpServer.RangeAware(r, Payload));
        var dest = _dir["a/file.bin"];
        var reports = new List<DownloadProgress>();

        var result = await Downloader().DownloadAsync(server.Url("file.bin"), dest, PayloadSha.ToUpperInvariant(),
            new SyncProgress(reports.Add));

        Assert.Equal(Payload, File.ReadAllBytes(dest));
        Assert.Equal(PayloadSha, result.Sha256);
        Assert.False(result.AlreadyComplete);
        Assert.False(File.Exists(dest + ".part"));
        Assert.False(File.Exists(dest + ".part.json"));
        Assert.Contains(reports, p => p.Stage == DownloadStage.Downloading && p.TotalBytes == Payload.Length);
        Assert.Equal(DownloadStage.Done, reports[^1].Stage);
        Assert.Equal(Payload.Length, reports[^1].BytesDone);
    }

    [Fact]
    public async Task A_dropped_connection_is_resumed_with_a_range_request_and_the_file_is_byte_identical()
    {
        await using var server = new LoopbackHttpServer((r, i) =>
            LoopbackHttpServer.RangeAware(r, Payload, dropAfter: i == 0 ? 30_000 : null));
        var dest = _dir["resume.bin"];

        var result = await Downloader().DownloadAsync(server.Url("resume.bin"), dest, PayloadSha);

        var requests = server.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.Null(requests[0].Header("range"));
        Assert.Matches(@"^bytes=\d+-$", requests[1].Header("range"));
        Assert.NotEqual("bytes=0-", requests[1].Header("range"));
        Assert.Equal("\"v1\"", requests[1].Header("if-range"));
        Assert.True(result.Resumed);
        Assert.Equal(Payload, File.ReadAllBytes(dest));
    }

    [Fact]
    public async Task A_server_that_ignores_range_is_followed_from_zero_and_the_result_is_correct()
    {
        await using var server = new LoopbackHttpServer((_, i) =>
            new PlannedResponse(200, Payload, new Dictionary<string, string> { ["ETag"] = "\"v1\"" }, DropAfter: i == 0 ? 30_000 : null));
        var dest = _dir["ignore.bin"];

        var result = await Downloader().DownloadAsync(server.Url("ignore.bin"), dest, PayloadSha);

        var requests = server.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.NotNull(requests[1].Header("range"));
        Assert.False(result.Resumed);
        Assert.Equal(Payload, File.ReadAllBytes(dest));
    }

    [Fact]
    public async Task Cancelling_keeps_the_part_and_a_later_run_resumes_it()
    {
        using var cts = new CancellationTokenSource();
        await using var server = new LoopbackHttpServer((r, i) => i == 0
            ? new PlannedResponse(200, Payload, new Dictionary<string, string> { ["ETag"] = "\"v1\"" }, DropAfter: 40_000, StallAfterBody: true)
            : LoopbackHttpServer.RangeAware(r, Payload));
        var dest = _dir["cancel.bin"];
        var progress = new SyncProgress(p => { if (p.BytesDone >= 40_000) cts.Cancel(); });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Downloader().DownloadAsync(server.Url("cancel.bin"), dest, PayloadSha, progress, cts.Token));
        Assert.Equal(40_000, new FileInfo(dest + ".part").Length);
        Assert.False(File.Exists(dest));

        var result = await Downloader().DownloadAsync(server.Url("cancel.bin"), dest, PayloadSha);
        Assert.Equal("bytes=40000-", server.Requests.ToArray()[1].Header("range"));
        Assert.True(result.Resumed);
        Assert.Equal(Payload, File.ReadAllBytes(dest));
    }

    [Fact]
    public async Task A_wrong_checksum_is_a_clear_error_and_leaves_no_file()
    {
        await using var server = new LoopbackHttpServer((r, _) => LoopbackHttpServer.RangeAware(r, Payload));
        var dest = _dir["bad.bin"];
        var wrong = new string('0', 64);

        var e = await Assert.ThrowsAsync<DownloadException>(() => Downloader().DownloadAsync(server.Url("bad.bin"), dest, wrong));

        Assert.Equal(DownloadErrorKind.ChecksumMismatch, e.Kind);
        Assert.Contains(wrong, e.Message);
        Assert.Contains(PayloadSha, e.Message);
        Assert.Contains(dest, e.Message);
        Assert.False(File.Exists(dest));
        Assert.False(File.Exists(dest + ".part"));
        Assert.False(File.Exists(dest + ".part.json"));
    }

    [Fact]
    public async Task Not_found_is_not_retried_and_names_the_url()
    {
        await using var server = new LoopbackHttpServer((_, _) => new PlannedResponse(404, "nope"u8.ToArray()));
        var url = server.Url("missing.zip");

        var e = await Assert.ThrowsAsync<DownloadException>(() => Downloader().DownloadAsync(url, _dir["missing.zip"]));

        Assert.Equal(DownloadErrorKind.NotFound, e.Kind);
        Assert.Contains(url.ToString(), e.Message);
        Assert.Single(server.Requests);
        Assert.False(File.Exists(_dir["missing.zip"]));
    }

    [Fact]
    public async Task A_server_error_is_retried_the_configured_number_of_times_then_named()
    {
        await using var server = new LoopbackHttpServer((_, _) => new PlannedResponse(500, "boom"u8.ToArray()));
        var url = server.Url("flaky.zip");

        var e = await Assert.ThrowsAsync<DownloadException>(() => Downloader(Fast(retries: 2)).DownloadAsync(url, _dir["flaky.zip"]));

        Assert.Equal(DownloadErrorKind.ServerError, e.Kind);
        Assert.Equal(500, e.StatusCode);
        Assert.Contains(url.ToString(), e.Message);
        Assert.Contains("3 attempts", e.Message);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task A_server_error_that_clears_up_succeeds()
    {
        await using var server = new LoopbackHttpServer((r, i) =>
            i < 2 ? new PlannedResponse(503, []) : LoopbackHttpServer.RangeAware(r, Payload));

        var result = await Downloader().DownloadAsync(server.Url("x.bin"), _dir["x.bin"], PayloadSha);

        Assert.Equal(3, result.Requests);
        Assert.Equal(Payload, File.ReadAllBytes(_dir["x.bin"]));
    }

    [Fact]
    public async Task A_silent_server_times_out_with_a_clear_error()
    {
        await using var server = new LoopbackHttpServer((_, _) => new PlannedResponse(200, [], Hang: true));
        var options = Fast(retries: 1) with { ResponseTimeout = TimeSpan.FromMilliseconds(150) };

        var e = await Assert.ThrowsAsync<DownloadException>(() =>
            Downloader(options).DownloadAsync(server.Url("slow.bin"), _dir["slow.bin"]));

        Assert.Equal(DownloadErrorKind.Timeout, e.Kind);
        Assert.Contains("slow.bin", e.Message);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task A_complete_file_is_not_downloaded_again()
    {
        await using var server = new LoopbackHttpServer((r, _) => LoopbackHttpServer.RangeAware(r, Payload));
        var dest = _dir["once.bin"];
        await Downloader().DownloadAsync(server.Url("once.bin"), dest, PayloadSha);

        var again = await Downloader().DownloadAsync(server.Url("once.bin"), dest, PayloadSha);

        Assert.True(again.AlreadyComplete);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_complete_file_with_the_wrong_hash_is_replaced_by_a_verified_one()
    {
        await using var server = new LoopbackHttpServer((r, _) => LoopbackHttpServer.RangeAware(r, Payload));
        var dest = _dir["stale.bin"];
        File.WriteAllText(dest, "old and wrong");

        var result = await Downloader().DownloadAsync(server.Url("stale.bin"), dest, PayloadSha);

        Assert.False(result.AlreadyComplete);
        Assert.Equal(Payload, File.ReadAllBytes(dest));
    }

    [SkippableFact]
    public async Task Disk_full_is_named_and_keeps_the_part()
    {
        Skip.IfNot(OperatingSystem.IsLinux() && File.Exists("/dev/full"), "needs /dev/full (Linux)");
        await using var server = new LoopbackHttpServer((r, _) => LoopbackHttpServer.RangeAware(r, Payload));
        var dest = _dir["full.bin"];
        File.CreateSymbolicLink(dest + ".part", "/dev/full"); // every write there fails with ENOSPC

        var e = await Assert.ThrowsAsync<DownloadException>(() => Downloader().DownloadAsync(server.Url("full.bin"), dest));

        Assert.Equal(DownloadErrorKind.DiskFull, e.Kind);
        Assert.Contains("Disk full", e.Message);
        Assert.Contains(dest + ".part", e.Message);
    }

    [Fact]
    public void Local_errors_are_classified_with_the_path_and_a_fix()
    {
        var full = LocalIoErrors.Classify(new IOException("No space left on device", 28), "/data/x.zip.part")!;
        Assert.Equal(DownloadErrorKind.DiskFull, full.Kind);
        Assert.Contains("/data/x.zip.part", full.Message);

        var denied = LocalIoErrors.Classify(new UnauthorizedAccessException("denied"), "/data/x.zip.part")!;
        Assert.Equal(DownloadErrorKind.AccessDenied, denied.Kind);
        Assert.Contains("--data-dir", denied.Message);

        Assert.Null(LocalIoErrors.Classify(new InvalidOperationException(), "/x"));
    }

    [Fact]
    public void Backoff_doubles_and_is_capped()
    {
        var o = new DownloadOptions { InitialBackoff = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromSeconds(5) };
        Assert.Equal(TimeSpan.FromSeconds(1), o.BackoffFor(1));
        Assert.Equal(TimeSpan.FromSeconds(2), o.BackoffFor(2));
        Assert.Equal(TimeSpan.FromSeconds(4), o.BackoffFor(3));
        Assert.Equal(TimeSpan.FromSeconds(5), o.BackoffFor(10));
        Assert.Equal(TimeSpan.FromSeconds(3), o.BackoffFor(1, retryAfter: TimeSpan.FromSeconds(3)));
    }

    public void Dispose()
    {
        _client.Dispose();
        _dir.Dispose();
    }
}
