using System.Text.Json;

namespace CaptioningKit.Data;

/// <summary>
/// What we remember beside a <c>.part</c> file (in <c>.part.json</c>) so that a later run can resume safely: the URL,
/// the server's validators (ETag / Last-Modified, sent back in If-Range so the server answers 200 with the whole file
/// when it changed) and the total length. Without it a <c>.part</c> is not trusted and the download starts over.
/// </summary>
sealed record PartialDownloadInfo(string Url, string? ETag, DateTimeOffset? LastModified, long? TotalBytes)
{
    public static string PathFor(string partPath) => partPath + ".json";

    public static PartialDownloadInfo? TryLoad(string partPath)
    {
        try
        {
            var path = PathFor(partPath);
            return File.Exists(path) ? JsonSerializer.Deserialize<PartialDownloadInfo>(File.ReadAllText(path)) : null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException) { return null; }
    }

    public void Save(string partPath) => File.WriteAllText(PathFor(partPath), JsonSerializer.Serialize(this));

    public static void Delete(string partPath)
    {
        File.Delete(PathFor(partPath));
    }
}
