using CaptioningKit.Vocabulary.Cleaning;

namespace CaptioningKit.Vocabulary;

/// <summary>How to build a vocabulary.</summary>
public sealed record VocabularyOptions
{
    /// <summary>Word tokens (natural captions) or characters (formulas).</summary>
    public VocabularyLevel Level { get; init; } = VocabularyLevel.Word;

    /// <summary>Word-level cleaning; ignored for characters. Default: <see cref="CleaningPresets.Default"/> (lowercase, no punctuation).</summary>
    public CleaningPipeline Cleaning { get; init; } = CleaningPresets.Default;

    /// <summary>
    /// The frequency threshold: a token is kept when it occurs at least this many times (count &gt;= MinCount); rarer
    /// ones become &lt;unk&gt;. 1 keeps everything; the classic tutorials use 5.
    /// </summary>
    public int MinCount { get; init; } = DefaultMinCount;

    /// <summary>The kit's one default threshold (keep every token), used by <c>vocab build</c>, <c>train</c> and the notebooks.</summary>
    public const int DefaultMinCount = 1;

    /// <summary>Keep at most this many tokens (besides the specials), the most frequent; null for no cap.</summary>
    public int? TopK { get; init; }

    /// <summary>
    /// The one way a host turns its choices into options, so <c>vocab build</c> and <c>train</c> (without <c>--vocab</c>)
    /// build the same vocabulary from the same captions: <paramref name="level"/>, the threshold (default
    /// <see cref="DefaultMinCount"/>: keep everything), the word cleaning preset (default <see cref="CleaningPresets.DefaultName"/>,
    /// "standard": lowercase, no punctuation; characters are never cleaned) and no top-k cap.
    /// </summary>
    public static VocabularyOptions For(VocabularyLevel level, int minCount = DefaultMinCount, string preset = CleaningPresets.DefaultName, int? topK = null) => new()
    {
        Level = level, MinCount = minCount, TopK = topK,
        Cleaning = level == VocabularyLevel.Word ? CleaningPresets.Get(preset) : CleaningPresets.None,
    };

    /// <summary>Options for characters: every character a token, no cleaning.</summary>
    public static VocabularyOptions Characters(int minCount = 1) => new() { Level = VocabularyLevel.Char, Cleaning = CleaningPresets.None, MinCount = minCount };

    public void Validate()
    {
        if (MinCount < 1) throw new ArgumentOutOfRangeException(nameof(MinCount), MinCount, "The threshold is a count: 1 or more (1 keeps every token).");
        if (TopK is < 1) throw new ArgumentOutOfRangeException(nameof(TopK), TopK, "Top-k must keep at least one token; leave it null for no cap.");
    }
}

/// <summary>What one token is: a cleaned word (natural captions) or one character (formulas, InChI strings).</summary>
public enum VocabularyLevel { Word, Char }
