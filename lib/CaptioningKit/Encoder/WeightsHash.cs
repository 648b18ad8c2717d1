using System.Security.Cryptography;

namespace CaptioningKit.Encoder;

/// <summary>Identifies the weights an encoder ran with, for feature-cache metadata.</summary>
public static class WeightsHash
{
    /// <summary>The first 16 hex digits of the file's SHA-256.</summary>
    public static string OfFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream))[..16];
    }

    /// <summary>For an encoder with random (seeded) weights: useful in tests and benchmarks only.</summary>
    public static string Random(int seed) => $"random-seed-{seed}";
}
