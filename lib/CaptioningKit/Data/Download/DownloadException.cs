namespace CaptioningKit.Data;

/// <summary>Why a download failed; lets a host react (e.g. exit codes) without parsing the message.</summary>
public enum DownloadErrorKind
{
    /// <summary>HTTP 404/410: the URL is wrong or the file moved.</summary>
    NotFound,
    /// <summary>HTTP 401/403: the server wants credentials or refuses them.</summary>
    Unauthorized,
    /// <summary>5xx (or 408/429) still failing after every retry.</summary>
    ServerError,
    /// <summary>Another HTTP status that retrying cannot fix.</summary>
    HttpError,
    /// <summary>No answer (headers) or no bytes (body) within the configured time, after every retry.</summary>
    Timeout,
    /// <summary>Could not connect, or the connection kept dropping, after every retry.</summary>
    Network,
    /// <summary>The finished file's SHA-256 is not the one the catalog expects.</summary>
    ChecksumMismatch,
    /// <summary>No space left on the device (ENOSPC).</summary>
    DiskFull,
    /// <summary>No permission to create or write the file or its folder.</summary>
    AccessDenied,
    /// <summary>Another local I/O error.</summary>
    LocalIo,
    /// <summary>The dataset name is not in the catalog.</summary>
    UnknownDataset,
    /// <summary>The dataset needs a step from the user first (e.g. Kaggle credentials).</summary>
    ManualStepRequired,
}

/// <summary>
/// The one error a download raises. The message names the URL or file and says how to fix it; <see cref="Kind"/>
/// tells the cause. Secrets (tokens, Authorization headers) never appear in it.
/// </summary>
public sealed class DownloadException : CaptioningDataException
{
    /// <summary>What went wrong.</summary>
    public DownloadErrorKind Kind { get; }
    /// <summary>The URL concerned, when there is one.</summary>
    public Uri? Url { get; }
    /// <summary>The local file concerned, when there is one.</summary>
    public string? FilePath { get; }
    /// <summary>The last HTTP status seen, when there was one.</summary>
    public int? StatusCode { get; }

    /// <summary>Creates the exception; <paramref name="message"/> must name the URL/file and the fix.</summary>
    public DownloadException(DownloadErrorKind kind, string message, Uri? url = null, string? filePath = null,
        int? statusCode = null, Exception? inner = null) : base(message, inner)
    {
        Kind = kind; Url = url; FilePath = filePath; StatusCode = statusCode;
    }
}
