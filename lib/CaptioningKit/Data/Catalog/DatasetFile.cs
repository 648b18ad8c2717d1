namespace CaptioningKit.Data;

/// <summary>One file of a catalog dataset.</summary>
/// <param name="FileName">The name it is saved under (in <c>&lt;data dir&gt;/&lt;dataset&gt;/downloads/</c>).</param>
/// <param name="Url">Where it is served.</param>
/// <param name="ApproximateBytes">Its size as published, rounded: for planning disk space, not for verification.</param>
/// <param name="Sha256">Its SHA-256 when we know it for certain; null otherwise (then it is not verified).</param>
public sealed record DatasetFile(string FileName, Uri Url, long? ApproximateBytes, string? Sha256 = null)
{
    /// <summary>Unpack it into the dataset folder after downloading (true for zip/tar archives).</summary>
    public bool Extract { get; init; } = ArchiveFormats.FromFileName(FileName) is not null;

    /// <summary>The URL is Kaggle's API: the request carries the user's Kaggle credentials (see <see cref="KaggleCredentials"/>).</summary>
    public bool NeedsKaggleCredentials { get; init; }
}
