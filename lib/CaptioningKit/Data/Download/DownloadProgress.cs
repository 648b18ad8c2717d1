namespace CaptioningKit.Data;

/// <summary>What a download or extraction is doing right now.</summary>
public enum DownloadStage
{
    /// <summary>Bytes are coming over the network.</summary>
    Downloading,
    /// <summary>Waiting before another try after a transient error (5xx, timeout, dropped connection).</summary>
    Retrying,
    /// <summary>Computing the SHA-256 of the finished file.</summary>
    Verifying,
    /// <summary>Unpacking an archive; bytes count uncompressed bytes written.</summary>
    Extracting,
    /// <summary>The item is finished (downloaded and verified, or found already complete).</summary>
    Done,
}

/// <summary>
/// One progress report. The library never writes to the console: it hands these to an <see cref="IProgress{T}"/>
/// and the host draws them (a Spectre.Console bar in the CLI, a live cell in a notebook).
/// </summary>
/// <param name="Item">The file being worked on (its file name, e.g. <c>Flickr8k_text.zip</c>).</param>
/// <param name="Stage">What is happening.</param>
/// <param name="BytesDone">Bytes so far, including those already on disk from an earlier, interrupted run.</param>
/// <param name="TotalBytes">The expected total when the server (or archive) tells it; null when unknown.</param>
/// <param name="BytesPerSecond">Average speed of the current attempt; 0 when not meaningful.</param>
public readonly record struct DownloadProgress(
    string Item, DownloadStage Stage, long BytesDone, long? TotalBytes, double BytesPerSecond)
{
    /// <summary>Fraction done in [0, 1], or null when the total is unknown.</summary>
    public double? Fraction => TotalBytes is > 0 and var t ? Math.Clamp((double)BytesDone / t, 0, 1) : null;
}
