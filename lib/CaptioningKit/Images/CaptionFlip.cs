using System.Text.RegularExpressions;

namespace CaptioningKit.Images;

/// <summary>Swaps the direction words of a caption to match a horizontally flipped image.</summary>
public static partial class CaptionFlip
{
    /// <summary>The words a horizontal flip swaps, in pairs (a word and its mirror).</summary>
    public static IReadOnlyList<(string Word, string Mirror)> SwappedWords { get; } =
    [
        ("left", "right"), ("leftmost", "rightmost"), ("lefthand", "righthand"), ("leftwards", "rightwards"),
    ];

    /// <summary>
    /// "a circle left of a square" → "a circle right of a square". Whole words only ("bright" stays "bright"), case
    /// kept ("Left" → "Right", "LEFT" → "RIGHT").
    /// </summary>
    public static string SwapLeftRight(string caption) =>
        DirectionWord().Replace(caption, m => MatchCase(m.Value, Mirror(m.Value.ToLowerInvariant())));

    /// <summary>Every caption of a sample, swapped.</summary>
    public static IReadOnlyList<string> SwapLeftRight(IEnumerable<string> captions) => captions.Select(SwapLeftRight).ToList();

    static string Mirror(string word)
    {
        foreach (var (a, b) in SwappedWords)
        {
            if (word == a) return b;
            if (word == b) return a;
        }
        return word;
    }

    static string MatchCase(string original, string replacement) =>
        original.All(c => !char.IsLetter(c) || char.IsUpper(c)) ? replacement.ToUpperInvariant()
        : char.IsUpper(original[0]) ? char.ToUpperInvariant(replacement[0]) + replacement[1..]
        : replacement;

    [GeneratedRegex(@"\b(left|right)(most|hand|wards)?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DirectionWord();
}
