using System.Text;

namespace CaptioningKit.Data;

/// <summary>
/// The split an image gets when its dataset gives none: 80 % train, 10 % val, 10 % test, decided by a hash of the
/// image name alone, so it is the same on every machine, every run and in every language that reimplements it:
/// h = FNV-1a 32-bit of the name's UTF-8 bytes (offset 2166136261, prime 16777619); h mod 100 &lt; 80 → Train,
/// &lt; 90 → Val, else Test. Use the name as written in the captions file (e.g. <c>0001.png</c>, <c>sub/0001.png</c>).
/// </summary>
public static class DeterministicSplit
{
    /// <summary>The split for <paramref name="imageName"/>.</summary>
    public static Split Of(string imageName)
    {
        var h = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(imageName))
        {
            h ^= b;
            h *= 16777619u;
        }
        return (h % 100) switch { < 80 => Split.Train, < 90 => Split.Val, _ => Split.Test };
    }

    /// <summary>Reads a split name: train, val/valid/validation/dev, test, and Karpathy's restval (→ Train); case-insensitive.</summary>
    public static Split? Parse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "train" or "restval" => Split.Train,
        "val" or "valid" or "validation" or "dev" => Split.Val,
        "test" => Split.Test,
        _ => null,
    };
}
