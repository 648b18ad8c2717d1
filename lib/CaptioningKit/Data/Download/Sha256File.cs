using System.Security.Cryptography;

namespace CaptioningKit.Data;

/// <summary>SHA-256 of a file, streamed (never loads the file), reporting <see cref="DownloadStage.Verifying"/> progress.</summary>
public static class Sha256File
{
    /// <summary>Lower-case hex SHA-256 of <paramref name="path"/>.</summary>
    public static async Task<string> ComputeAsync(string path, IProgress<DownloadProgress>? progress = null,
        string? item = null, CancellationToken ct = default)
    {
        item ??= Path.GetFileName(path);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        var total = stream.Length;
        var buffer = new byte[1 << 16];
        long done = 0;
        var lastReport = Environment.TickCount64;
        int n;
        while ((n = await stream.ReadAsync(buffer, ct)) > 0)
        {
            hash.AppendData(buffer, 0, n);
            done += n;
            if (progress is not null && Environment.TickCount64 - lastReport > 200)
            {
                lastReport = Environment.TickCount64;
                progress.Report(new DownloadProgress(item, DownloadStage.Verifying, done, total, 0));
            }
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>True when two hex hashes are equal, ignoring case and surrounding spaces.</summary>
    public static bool SameHash(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);
}
