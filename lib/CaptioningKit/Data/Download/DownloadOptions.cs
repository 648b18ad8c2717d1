namespace CaptioningKit.Data;

/// <summary>
/// How patient <see cref="FileDownloader"/> is. The defaults suit multi-gigabyte files over an ordinary connection;
/// tests shrink the delays to milliseconds.
/// </summary>
public sealed record DownloadOptions
{
    /// <summary>How many times a transient failure (5xx, 408, 429, timeout, connection reset) is retried after the
    /// first attempt. An attempt that moved the file forward does not use up a retry.</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>Delay before the first retry; each further retry doubles it (exponential backoff), up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two attempts (also caps a server's Retry-After).</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long to wait for the response headers of one request.</summary>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a body read may stall (no byte received) before the attempt counts as timed out.</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Least time between two <see cref="DownloadProgress"/> reports (the first and last are always sent).</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The defaults.</summary>
    public static DownloadOptions Default { get; } = new();

    /// <summary>The wait before retry number <paramref name="retry"/> (1-based): InitialBackoff·2^(retry−1), capped;
    /// a server's Retry-After wins when it is longer, still capped.</summary>
    public TimeSpan BackoffFor(int retry, TimeSpan? retryAfter = null)
    {
        var exp = InitialBackoff.TotalMilliseconds * Math.Pow(2, Math.Max(0, retry - 1));
        var ms = Math.Min(exp, MaxBackoff.TotalMilliseconds);
        if (retryAfter is { } ra && ra.TotalMilliseconds > ms) ms = Math.Min(ra.TotalMilliseconds, MaxBackoff.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(Math.Max(0, ms));
    }
}
