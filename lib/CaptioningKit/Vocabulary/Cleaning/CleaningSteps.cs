using System.Text;

namespace CaptioningKit.Vocabulary.Cleaning;

/// <summary>
/// The cleaning rules, each a small named step. They reproduce the Python of the classic Flickr8k tutorial:
/// <code>
/// desc = desc.split()                          # whitespace split (always done first, by the pipeline)
/// desc = [w.lower() for w in desc]             # lowercase
/// desc = [w.translate(table) for w in desc]    # strip-punctuation (string.punctuation)
/// desc = [w for w in desc if w.isalpha()]      # drop-non-alphabetic
/// desc = [w for w in desc if len(w) > 1]       # drop-single-character
/// </code>
/// </summary>
public static class CleaningSteps
{
    /// <summary>Python's <c>string.punctuation</c>: the ASCII punctuation characters.</summary>
    public const string AsciiPunctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    public static readonly ICleaningStep Lowercase = new MapStep("lowercase", "Lowercases every token, so 'A' and 'a' are one word.", t => t.ToLowerInvariant());

    /// <summary>Deletes punctuation characters inside tokens ("t-shirt" → "tshirt", "dog's" → "dogs"); a token of only punctuation (".") vanishes.</summary>
    public static readonly ICleaningStep StripPunctuation = new MapStep("strip-punctuation",
        "Deletes ASCII punctuation characters inside each token ('t-shirt' becomes 'tshirt'); a token of only punctuation disappears.",
        t => t.AsSpan().IndexOfAny(AsciiPunctuation) < 0 ? t : string.Concat(t.Where(c => !AsciiPunctuation.Contains(c))));

    /// <summary>Keeps a token only if every character is a letter (Python's <c>isalpha</c>): drops "2", "3rd", "x2".</summary>
    public static readonly ICleaningStep DropNonAlphabetic = FilterStep("drop-non-alphabetic",
        "Drops tokens that are not all letters, such as numbers ('2', '3rd').",
        t => t.Length > 0 && t.EnumerateRunes().All(Rune.IsLetter));

    /// <summary>Keeps a token only if it is longer than one character: drops "a" and the "s" left from "'s".</summary>
    public static readonly ICleaningStep DropSingleCharacter = FilterStep("drop-single-character",
        "Drops one-character tokens such as 'a' (and the 's' left over from \"'s\").",
        t => t.EnumerateRunes().Count() > 1);

    /// <summary>Every step, by name.</summary>
    public static readonly IReadOnlyList<ICleaningStep> All = [Lowercase, StripPunctuation, DropNonAlphabetic, DropSingleCharacter];

    /// <summary>The step called <paramref name="name"/>, or null.</summary>
    public static ICleaningStep? Find(string name) => All.FirstOrDefault(s => s.Name == name);

    /// <summary>Rewrites each token; a token rewritten to "" is dropped (and reported).</summary>
    sealed class MapStep(string name, string description, Func<string, string> map) : ICleaningStep
    {
        public string Name => name;
        public string Description => description;

        public void Apply(List<string> tokens, Action<string>? dropped)
        {
            int kept = 0;
            for (int i = 0; i < tokens.Count; i++)
            {
                var token = tokens[i];
                var mapped = map(token);
                if (mapped.Length == 0) { dropped?.Invoke(token); continue; }
                tokens[kept++] = mapped;
            }
            tokens.RemoveRange(kept, tokens.Count - kept);
        }

        public override string ToString() => name;
    }

    /// <summary>Keeps the tokens that pass a test: a map that turns the others into "" (dropped and reported).</summary>
    static MapStep FilterStep(string name, string description, Func<string, bool> keep) =>
        new(name, description, t => keep(t) ? t : "");
}

/// <summary>
/// One named rule of a <see cref="CleaningPipeline"/>. It rewrites the token list in place and reports every token
/// it removes, so the build report can say how much each rule threw away.
/// </summary>
public interface ICleaningStep
{
    /// <summary>The rule's name, as stored in vocabulary files and shown in reports: "lowercase", "strip-punctuation".</summary>
    string Name { get; }

    /// <summary>What the rule does, in one sentence for a learner.</summary>
    string Description { get; }

    /// <summary>Applies the rule to <paramref name="tokens"/>, calling <paramref name="dropped"/> with each token removed.</summary>
    void Apply(List<string> tokens, Action<string>? dropped);
}
