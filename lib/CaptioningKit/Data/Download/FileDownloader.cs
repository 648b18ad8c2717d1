using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net;

namespace CaptioningKit.Data;

/// <summary>
/// Downloads one file over HTTP(S) so that nothing already fetched is lost:
/// <list type="bullet">
/// <item>bytes go to <c>file.part</c>; only a complete (and, when a hash is known, verified) file is renamed to its name;</item>
/// <item>an interrupted download (dropped connection, Ctrl+C, crash) resumes with <c>Range: bytes=N-</c> and
///   <c>If-Range</c>; the answer must be 206 with a <c>Content-Range</c> starting at N, and a server that ignores the range
///   (answers 200) is followed from zero with the <c>.part</c> truncated;</item>
/// <item>transient failures (5xx, 408, 429, timeouts, connection resets) are retried with exponential backoff;</item>
/// <item>the SHA-256 is checked when known; a mismatch removes the <c>.part</c> and says expected vs actual;</item>
/// <item>a file already complete is not downloaded again.</item>
/// </list>
/// Progress goes to an <see cref="IProgress{T}"/>; nothing is written to the console. Cancelling leaves the <c>.part</c>
/// (and its <c>.part.json</c>) for a later resume. Every other failure is a <see cref="DownloadException"/>.
/// </summary>
public sealed class FileDownloader
{
    static readonly Lazy<HttpClient> SharedClient = new(CreateDefaultClient);
    readonly HttpClient _client;

    /// <summary>The retry, timeout and progress settings in use.</summary>
    public DownloadOptions Options { get; }

    /// <summary>Creates a downloader. Without <paramref name="client"/> a shared client is used (no automatic
    /// decompression, so byte ranges mean file bytes; redirects followed).</summary>
    public FileDownloader(HttpClient? client = null, DownloadOptions? options = null)
    {
        _client = client ?? SharedClient.Value;
        Options = options ?? DownloadOptions.Default;
    }

    /// <summary>Builds the kind of client the downloader wants: no automatic decompression, no overall timeout (the
    /// downloader applies its own header and read timeouts), a User-Agent.</summary>
    public static HttpClient CreateDefaultClient()
    {
        var handler = new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.None,
            AllowAutoRedirect = true,
            ConnectTimeout = TimeSpan.FromSeconds(30),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("CaptioningKit/1.0 (+dataset downloader)");
        return client;
    }

    /// <summary>Downloads <paramref name="url"/> to <paramref name="destinationPath"/>, verifying <paramref name="sha256"/> when given.</summary>
    public Task<DownloadResult> DownloadAsync(Uri url, string destinationPath, string? sha256 = null,
        IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default) =>
        DownloadAsync(new DownloadRequest(url, destinationPath, sha256), progress, cancellationToken);

    /// <summary>Downloads one file as described on <see cref="FileDownloader"/>.</summary>
    /// <exception cref="DownloadException">Anything but cancellation: its message names the URL or file and the fix.</exception>
    /// <exception cref="OperationCanceledException">When <paramref name="cancellationToken"/> fires; the <c>.part</c> is kept.</exception>
    public async Task<DownloadResult> DownloadAsync(DownloadRequest request, IProgress<DownloadProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var destination = Path.GetFullPath(request.DestinationPath);
        var item = request.DisplayName ?? Path.GetFileName(destination);
        var job = new Job(request, destination, destination + ".part", item, progress);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            if (await TryExistingAsync(job, cancellationToken) is { } done) return done;
            return await DownloadWithRetriesAsync(job, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && e is not DownloadException)
        {
            throw LocalIoErrors.Classify(e, job.PartPath, request.Url)!;
        }
    }

    sealed record Job(DownloadRequest Request, string Destination, string PartPath, string Item, IProgress<DownloadProgress>? Progress)
    {
        public Uri Url => Request.Url;
        public int Requests;
        public bool Resumed;
    }

    async Task<DownloadResult?> TryExistingAsync(Job job, CancellationToken ct)
    {
        if (!File.Exists(job.Destination)) return null;
        var length = new FileInfo(job.Destination).Length;
        if (job.Request.Sha256 is null)
        {
            job.Progress?.Report(new DownloadProgress(job.Item, DownloadStage.Done, length, length, 0));
            return new DownloadResult(job.Destination, length, null, AlreadyComplete: true, Resumed: false, Requests: 0);
        }
        var actual = await Sha256File.ComputeAsync(job.Destination, job.Progress, job.Item, ct);
        if (!Sha256File.SameHash(actual, job.Request.Sha256)) return null; // fetch again; the old file is replaced only by a verified one
        job.Progress?.Report(new DownloadProgress(job.Item, DownloadStage.Done, length, length, 0));
        return new DownloadResult(job.Destination, length, actual, AlreadyComplete: true, Resumed: false, Requests: 0);
    }

    async Task<DownloadResult> DownloadWithRetriesAsync(Job job, CancellationToken ct)
    {
        var failures = 0;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var before = PartLength(job.PartPath);
            try
            {
                if (await AttemptAsync(job, ct) == Outcome.Complete) break;
                continue; // the server's file changed or our .part was unusable: start over at once
            }
            catch (TransientFailure) when (ct.IsCancellationRequested)
            {
                ct.ThrowIfCancellationRequested(); // cancelled while failing: cancellation wins, the .part stays
                throw;
            }
            catch (TransientFailure f)
            {
                if (PartLength(job.PartPath) > before) failures = 0; // progress was made: this attempt does not use up a retry
                failures++;
                if (failures > Options.MaxRetries) throw f.ToException(job, failures);
                var delay = Options.BackoffFor(failures, f.RetryAfter);
                job.Progress?.Report(new DownloadProgress(job.Item, DownloadStage.Retrying, PartLength(job.PartPath), null, 0));
                await Task.Delay(delay, ct);
            }
        }
        return await FinishAsync(job, ct);
    }

    async Task<DownloadResult> FinishAsync(Job job, CancellationToken ct)
    {
        var actual = await Sha256File.ComputeAsync(job.PartPath, job.Progress, job.Item, ct);
        if (job.Request.Sha256 is { } expected && !Sha256File.SameHash(expected, actual))
        {
            File.Delete(job.PartPath);
            PartialDownloadInfo.Delete(job.PartPath);
            throw new DownloadException(DownloadErrorKind.ChecksumMismatch,
                $"Checksum mismatch for '{job.Destination}' downloaded from {job.Url}: expected SHA-256 {expected.Trim().ToLowerInvariant()}, " +
                $"got {actual}. The damaged partial file was removed; run again to download it afresh. If it fails again the " +
                "server now serves a different file: check the URL and update the hash in the dataset catalog.",
                job.Url, job.Destination);
        }
        File.Move(job.PartPath, job.Destination, overwrite: true);
        PartialDownloadInfo.Delete(job.PartPath);
        var length = new FileInfo(job.Destination).Length;
        job.Progress?.Report(new DownloadProgress(job.Item, DownloadStage.Done, length, length, 0));
        return new DownloadResult(job.Destination, length, actual, AlreadyComplete: false, job.Resumed, job.Requests);
    }

    enum Outcome { Complete, Restart }

    async Task<Outcome> AttemptAsync(Job job, CancellationToken ct)
    {
        var existing = PartLength(job.PartPath);
        var info = existing > 0 ? PartialDownloadInfo.TryLoad(job.PartPath) : null;
        if (existing > 0 && (info is null || info.Url != job.Url.AbsoluteUri)) existing = 0; // an untrusted .part: start over

        using var request = new HttpRequestMessage(HttpMethod.Get, job.Url);
        if (job.Request.Headers is { } headers)
            foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        if (existing > 0)
        {
            request.Headers.Range = new RangeHeaderValue(existing, null);
            if (info!.ETag is { } etag && !etag.StartsWith("W/", StringComparison.Ordinal))
                request.Headers.IfRange = new RangeConditionHeaderValue(etag);
            else if (info.LastModified is { } lm)
                request.Headers.IfRange = new RangeConditionHeaderValue(lm);
        }

        job.Requests++;
        using var response = await SendAsync(job, request, ct);
        var status = (int)response.StatusCode;
        long offset;
        long? total;
        switch (status)
        {
            case 206:
                var range = response.Content.Headers.ContentRange;
                if (range is null || !range.HasRange || range.Unit != "bytes" || range.From != existing
                    || (info?.TotalBytes is { } known && range.Length is { } len && len != known))
                {
                    DeletePart(job.PartPath); // a range we did not ask for, or the file changed size: start over cleanly
                    return Outcome.Restart;
                }
                offset = existing;
                total = range.Length;
                job.Resumed |= existing > 0;
                break;
            case 200:
                offset = 0; // no range asked, or the server ignored it (or If-Range said the file changed): from zero
                total = response.Content.Headers.ContentLength;
                break;
            case 416:
                var whole = response.Content.Headers.ContentRange?.Length ?? info?.TotalBytes;
                if (existing > 0 && whole == existing) return Outcome.Complete; // the .part already holds everything
                DeletePart(job.PartPath);
                return Outcome.Restart;
            case 404 or 410:
                throw new DownloadException(DownloadErrorKind.NotFound,
                    $"{job.Url} answered {status} {response.ReasonPhrase}: the file is not there. The dataset may have moved; " +
                    $"check the URL in the dataset catalog, or download it by hand and place it at '{job.Destination}'.",
                    job.Url, job.Destination, status);
            case 401 or 403:
                throw new DownloadException(DownloadErrorKind.Unauthorized,
                    $"{job.Url} answered {status} {response.ReasonPhrase}: access refused. " +
                    (job.Request.AccessHint ?? "The server wants credentials or does not allow this download."),
                    job.Url, job.Destination, status);
            case 408 or 429 or >= 500:
                throw new TransientFailure(DownloadErrorKind.ServerError, $"{status} {response.ReasonPhrase}", status, RetryAfter(response));
            default:
                throw new DownloadException(DownloadErrorKind.HttpError,
                    $"{job.Url} answered {status} {response.ReasonPhrase}, which retrying will not fix. Check the URL in the dataset catalog.",
                    job.Url, job.Destination, status);
        }

        new PartialDownloadInfo(job.Url.AbsoluteUri, response.Headers.ETag?.ToString(),
            response.Content.Headers.LastModified, total).Save(job.PartPath);
        await CopyBodyAsync(job, response, offset, total, ct);
        return Outcome.Complete;
    }

    async Task<HttpResponseMessage> SendAsync(Job job, HttpRequestMessage request, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Options.ResponseTimeout);
        try
        {
            return await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TransientFailure(DownloadErrorKind.Timeout, $"no response within {Options.ResponseTimeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException e)
        {
            throw new TransientFailure(DownloadErrorKind.Network, e.Message, (int?)e.StatusCode, inner: e);
        }
    }

    async Task CopyBodyAsync(Job job, HttpResponseMessage response, long offset, long? total, CancellationToken ct)
    {
        await using var file = new FileStream(job.PartPath, FileMode.OpenOrCreate, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        if (file.CanSeek)
        {
            if (file.Length != offset) file.SetLength(offset); // 200 after a partial run: truncate to zero; 206: keep the bytes before the range
            file.Seek(offset, SeekOrigin.Begin);
        }

        using var readTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var buffer = new byte[1 << 16];
        var done = offset;
        var clock = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        Report();
        try
        {
            await using var body = await ReadBodyAsync(() => response.Content.ReadAsStreamAsync(ct), ct);
            while (true)
            {
                readTimeout.CancelAfter(Options.ReadTimeout);
                var n = await ReadBodyAsync(() => body.ReadAsync(buffer, readTimeout.Token).AsTask(), ct);
                if (n == 0) break;
                await file.WriteAsync(buffer.AsMemory(0, n), ct); // local errors (disk full) are not transient: they surface as they are
                done += n;
                if (clock.Elapsed - lastReport >= Options.ProgressInterval) Report();
            }
        }
        finally
        {
            Report();
        }
        if (total is { } t && done != t)
            throw new TransientFailure(DownloadErrorKind.Network, $"the connection ended after {done} of {t} bytes");

        void Report()
        {
            lastReport = clock.Elapsed;
            var seconds = clock.Elapsed.TotalSeconds;
            job.Progress?.Report(new DownloadProgress(job.Item, DownloadStage.Downloading, done, total,
                seconds > 0 ? (done - offset) / seconds : 0));
        }
    }

    /// <summary>Runs one network read, turning a stall or a dropped connection into a <see cref="TransientFailure"/>.</summary>
    async Task<T> ReadBodyAsync<T>(Func<Task<T>> read, CancellationToken ct)
    {
        try
        {
            return await read();
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TransientFailure(DownloadErrorKind.Timeout, $"no data for {Options.ReadTimeout.TotalSeconds:0.###} s");
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            throw new TransientFailure(DownloadErrorKind.Network, e.Message, inner: e);
        }
    }

    static TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter is { } ra
            ? ra.Delta ?? (ra.Date is { } d ? d - DateTimeOffset.UtcNow : null)
            : null;

    static long PartLength(string partPath) => File.Exists(partPath) ? new FileInfo(partPath).Length : 0;

    static void DeletePart(string partPath)
    {
        File.Delete(partPath);
        PartialDownloadInfo.Delete(partPath);
    }

    /// <summary>A failure that another attempt may cure; becomes a <see cref="DownloadException"/> when retries run out.</summary>
    sealed class TransientFailure(DownloadErrorKind kind, string detail, int? status = null, TimeSpan? retryAfter = null, Exception? inner = null)
        : Exception(detail, inner)
    {
        public TimeSpan? RetryAfter => retryAfter;

        public DownloadException ToException(Job job, int attempts)
        {
            var tries = $"after {attempts} attempt{(attempts == 1 ? "" : "s")}";
            var keep = File.Exists(job.PartPath)
                ? $" The partial file '{job.PartPath}' is kept: running again resumes from it."
                : "";
            var message = kind switch
            {
                DownloadErrorKind.ServerError =>
                    $"{job.Url} kept failing with a server error ({Message}) {tries}. The server may be down or busy; try again later.{keep}",
                DownloadErrorKind.Timeout =>
                    $"Timed out downloading {job.Url} ({Message}) {tries}. Check your network connection or proxy, then run again.{keep}",
                _ =>
                    $"Network error downloading {job.Url} ({Message}) {tries}. Check your network connection or proxy, then run again.{keep}",
            };
            return new DownloadException(kind, message, job.Url, job.Destination, status, this);
        }
    }
}

/// <summary>One file to fetch.</summary>
/// <param name="Url">Where from (http or https).</param>
/// <param name="DestinationPath">Where the finished file goes. While downloading, bytes go to <c>DestinationPath + ".part"</c>
/// (with a small <c>.part.json</c> beside it remembering the server's ETag/Last-Modified for a resume).</param>
/// <param name="Sha256">The expected SHA-256 in hex, or null when unknown (then the file is not verified).</param>
public sealed record DownloadRequest(Uri Url, string DestinationPath, string? Sha256 = null)
{
    /// <summary>Extra request headers, e.g. <c>Authorization</c>. Their values are secrets: never logged, never put in a message.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>A sentence appended to the message of a 401/403 error, saying how to get access (e.g. Kaggle rules and credentials).</summary>
    public string? AccessHint { get; init; }

    /// <summary>Overrides <see cref="System.IO.Path.GetFileName(string?)"/> of the destination as the progress item name.</summary>
    public string? DisplayName { get; init; }
}

/// <summary>What <see cref="FileDownloader.DownloadAsync(DownloadRequest, IProgress{DownloadProgress}?, CancellationToken)"/> did.</summary>
/// <param name="FilePath">The complete file.</param>
/// <param name="Bytes">Its size.</param>
/// <param name="Sha256">Its SHA-256 (lower-case hex) when computed: always after a download, and on a skip when a hash was expected.</param>
/// <param name="AlreadyComplete">True when the file was already there (and verified, if a hash was given): nothing was downloaded.</param>
/// <param name="Resumed">True when an earlier <c>.part</c> was continued with an HTTP Range request.</param>
/// <param name="Requests">How many HTTP requests it took (1 when all went well).</param>
public sealed record DownloadResult(string FilePath, long Bytes, string? Sha256, bool AlreadyComplete, bool Resumed, int Requests);
