namespace CaptioningKit.Data;

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
