namespace CaptioningKit.Data;

/// <summary>What <see cref="FileDownloader.DownloadAsync(DownloadRequest, IProgress{DownloadProgress}?, CancellationToken)"/> did.</summary>
/// <param name="FilePath">The complete file.</param>
/// <param name="Bytes">Its size.</param>
/// <param name="Sha256">Its SHA-256 (lower-case hex) when computed: always after a download, and on a skip when a hash was expected.</param>
/// <param name="AlreadyComplete">True when the file was already there (and verified, if a hash was given): nothing was downloaded.</param>
/// <param name="Resumed">True when an earlier <c>.part</c> was continued with an HTTP Range request.</param>
/// <param name="Requests">How many HTTP requests it took (1 when all went well).</param>
public sealed record DownloadResult(string FilePath, long Bytes, string? Sha256, bool AlreadyComplete, bool Resumed, int Requests);
