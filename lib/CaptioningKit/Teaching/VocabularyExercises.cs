using CaptioningKit.Vocabulary;
using CaptioningKit.Vocabulary.Cleaning;

namespace CaptioningKit.Teaching;

/// <summary>
/// The checks of notebook 02 (vocabulary). Each takes the learner's answer and returns an <see cref="ExerciseResult"/>:
/// right, wrong with a hint that points at the rule they missed, or not answered yet. They never throw.
/// </summary>
public static class VocabularyExercises
{
    /// <summary>Exercise 1: clean this caption with the Flickr8k rules.</summary>
    public const string CleanQuestion = "A boy in a red T-shirt jumps over 2 puddles .";

    /// <summary>Exercise 2: the captions whose vocabulary size at threshold 5 (Flickr8k cleaning, specials included) is asked.</summary>
    public static readonly IReadOnlyList<string> SizeQuestionCaptions =
    [
        "A dog runs on the grass .",
        "A black dog runs in the park .",
        "The dog is running on grass .",
        "A dog plays with a ball in the park .",
        "Two dogs run on the grass .",
        "A brown dog runs on the beach .",
        "A dog is on the grass .",
    ];

    /// <summary>The threshold of exercise 2.</summary>
    public const int SizeQuestionThreshold = 5;

    /// <summary>Exercise 3: encode this caption by hand with <see cref="EncodeQuestionVocab"/>.</summary>
    public const string EncodeQuestion = "A dog runs on the sand .";

    /// <summary>The small vocabulary of exercise 3 (Flickr8k cleaning): print it in the notebook.</summary>
    public static Vocab EncodeQuestionVocab { get; } = new(VocabularyLevel.Word, CleaningPresets.Flickr8k,
        [.. SpecialTokens.All, "dog", "the", "on", "grass", "runs"], [0, 0, 0, 0, 6, 7, 5, 4, 3], 3, null);

    /// <summary>Checks the learner's tokens for <see cref="CleanQuestion"/> cleaned with the Flickr8k rules.</summary>
    public static ExerciseResult CleanCaption(IEnumerable<string>? answer)
    {
        const string name = "Clean a caption with the Flickr8k rules";
        var given = answer?.ToList();
        if (given is null || given.Count == 0)
            return ExerciseResult.NotAnswered(name, "Split the caption on spaces, then apply the four rules in order: lowercase, strip punctuation, drop non-alphabetic tokens, drop one-character tokens.");
        var expected = CleaningPresets.Flickr8k.Clean(CleanQuestion);
        if (given.SequenceEqual(expected, StringComparer.Ordinal))
            return ExerciseResult.Right(name, $"[{string.Join(", ", expected)}]: exactly what the Flickr8k tutorial produces.");
        string hint =
            given.Any(t => t.Any(char.IsUpper)) ? "Lowercase every token first: 'A' and 'a' must become the same word."
            : given.Any(t => t.Any(c => CleaningSteps.AsciiPunctuation.Contains(c))) ? "Strip punctuation: '.' disappears, and inside a word it is deleted ('T-shirt' → 'tshirt')."
            : given.Contains("t") || given.Contains("shirt") ? "Punctuation is deleted, not replaced by a space: 'T-shirt' stays one token, 'tshirt'."
            : given.Any(t => t.Any(char.IsDigit)) ? "Drop tokens that are not all letters: '2' goes."
            : given.Any(t => t.Length == 1) ? "Drop one-character tokens: 'a' goes."
            : "Compare your list with the caption word by word: every remaining token keeps its order, nothing is added.";
        return ExerciseResult.Wrong(name, $"[{string.Join(", ", given)}] is not the cleaned caption.", hint);
    }

    /// <summary>Checks the vocabulary size (specials included) of <see cref="SizeQuestionCaptions"/> at threshold 5.</summary>
    public static ExerciseResult VocabularySize(int? answer)
    {
        const string name = "Vocabulary size at threshold 5";
        if (answer is null or 0)
            return ExerciseResult.NotAnswered(name, "Clean each caption, count every word, keep the words seen at least 5 times, and add the specials.");
        int Size(CleaningPipeline cleaning, int minCount) =>
            VocabularyBuilder.Build(SizeQuestionCaptions, new VocabularyOptions { Cleaning = cleaning, MinCount = minCount }).Vocab.Size;
        int expected = Size(CleaningPresets.Flickr8k, SizeQuestionThreshold);
        int specials = SpecialTokens.All.Count;
        if (answer == expected) return ExerciseResult.Right(name, $"{expected}: {expected - specials} words seen 5 times or more, plus the {specials} specials.");
        string hint =
            answer == expected - specials ? $"Count the {specials} special tokens (<pad>, <start>, <end>, <unk>) too: they are part of the vocabulary."
            : answer == Size(CleaningPresets.Flickr8k, SizeQuestionThreshold + 1) || answer == Size(CleaningPresets.Flickr8k, SizeQuestionThreshold + 1) - specials
                ? "A word is kept when its count is >= 5, not > 5: a word seen exactly 5 times stays."
            : answer == Size(CleaningPresets.Plain, SizeQuestionThreshold) || answer == Size(CleaningPresets.Plain, SizeQuestionThreshold) - specials
                ? "Clean first with the Flickr8k rules: 'a' and '.' are dropped before counting."
            : "Clean every caption, then count: a word is kept when it appears 5 times or more across all captions. Add the specials.";
        return ExerciseResult.Wrong(name, $"{answer} is not the size.", hint);
    }

    /// <summary>Checks the learner's hand encoding of <see cref="EncodeQuestion"/> with <see cref="EncodeQuestionVocab"/> (no padding).</summary>
    public static ExerciseResult EncodeByHand(IEnumerable<int>? answer)
    {
        const string name = "Encode a caption by hand";
        var given = answer?.ToList();
        if (given is null || given.Count == 0)
            return ExerciseResult.NotAnswered(name, "Clean the caption, look up each word's id in the vocabulary, and wrap the ids in <start> and <end>.");
        var expected = EncodeQuestionVocab.Encode(EncodeQuestion);
        if (given.SequenceEqual(expected)) return ExerciseResult.Right(name, $"[{string.Join(", ", expected)}]: <start>, the words, <end>, with 'sand' as <unk>.");
        string hint =
            given[0] != SpecialTokens.StartId ? $"Begin with the id of <start> ({SpecialTokens.StartId})."
            : given[^1] != SpecialTokens.EndId ? $"Finish with the id of <end> ({SpecialTokens.EndId}); no padding is asked for."
            : !given.Contains(SpecialTokens.UnknownId) ? $"'sand' is not in the vocabulary: it becomes <unk> ({SpecialTokens.UnknownId})."
            : given.Count != expected.Length ? "Clean the caption first: 'A' (one character) and '.' (punctuation) are gone before encoding."
            : "Look each cleaned word up in the vocabulary's token list: its position is its id.";
        return ExerciseResult.Wrong(name, $"[{string.Join(", ", given)}] is not the encoding.", hint);
    }

    /// <summary>The words the cleaning exercise's random captions are made of: capitals, punctuation, numbers, "'s", hyphens.</summary>
    static readonly string[] MessyWords = ["A", "a", "dog", "Two", "girl's", "T-shirt", "blue-green", "3", "x2", ".", "!", "runs",
        "on", "the", "Beach", "I", "jumps", "over", "2nd", "'", "boy", "(red)", "snow,", "is", "playing", "\"wow\"", "s"];

    /// <summary>
    /// Exercise 02.2 (code): <paramref name="clean"/> must do what <see cref="CleaningPresets.Flickr8k"/> does (split on
    /// whitespace, lowercase, strip punctuation, drop non-alphabetic tokens, drop one-character tokens). It runs on
    /// 40 random messy captions; the verdict names the first caption and token where it differs from the kit.
    /// </summary>
    public static ExerciseResult WriteFlickr8kCleaning(Func<string, IEnumerable<string>>? clean)
    {
        const string name = "Exercise 02.2 (write the Flickr8k cleaning)";
        const string start = "Split the caption on whitespace, then apply the four rules to the list of tokens, in order.";
        if (clean is null) return ExerciseResult.NotWritten(name, start);
        var random = new Random(2);
        for (var k = 0; k < 40; k++)
        {
            var caption = string.Join(" ", Enumerable.Range(0, random.Next(4, 12)).Select(_ => MessyWords[random.Next(MessyWords.Length)]));
            var expected = CleaningPresets.Flickr8k.Clean(caption);
            var failed = CodeCheck.Invoke(name, () => clean(caption)?.ToList(), start, out var got);
            if (failed is not null) return failed;
            if (got is null) return ExerciseResult.Wrong(name, $"for \"{caption}\" your function returned null.", "Return the list of tokens that survive (possibly empty).");
            var i = 0;
            while (i < expected.Count && i < got.Count && expected[i] == got[i]) i++;
            if (i == expected.Count && i == got.Count) continue;
            var yours = i < got.Count ? $"\"{got[i]}\"" : "nothing (your list ends there)";
            var theirs = i < expected.Count ? $"\"{expected[i]}\"" : "nothing (the kit's list ends there)";
            return ExerciseResult.Wrong(name, $"for \"{caption}\" the first difference is token {i}: you have {yours}, the kit has {theirs}.",
                CleaningHint(i < got.Count ? got[i] : null, i < expected.Count ? expected[i] : null));
        }
        return ExerciseResult.Right(name, "your cleaning agrees with CleaningPresets.Flickr8k on 40 random messy captions.");
    }

    /// <summary>Which rule a wrong token points at.</summary>
    static string CleaningHint(string? yours, string? kits)
    {
        if (yours is not null && yours.Any(char.IsUpper)) return "Lowercase every token (ToLowerInvariant).";
        if (yours is not null && yours.Any(c => CleaningSteps.AsciiPunctuation.Contains(c)))
            return "Delete the punctuation characters INSIDE each token (\"t-shirt\" becomes \"tshirt\"); a token of only punctuation disappears.";
        if (yours is not null && !yours.All(char.IsLetter)) return "Drop tokens that are not all letters (numbers such as \"3\" or \"2nd\"), after stripping punctuation.";
        if (yours is not null && yours.Length == 1) return "Drop one-character tokens (\"a\", and the \"s\" left over from \"'s\").";
        if (yours is null || kits is not null && kits.Length > 1 && kits.All(char.IsLetter))
            return "You dropped a token the rules keep: strip punctuation inside a token rather than dropping the token, and check the order of the steps.";
        return "Apply the steps in order: lowercase, strip punctuation, drop non-alphabetic, drop one-character tokens.";
    }
}
