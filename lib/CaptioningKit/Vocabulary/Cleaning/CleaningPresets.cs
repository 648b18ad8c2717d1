namespace CaptioningKit.Vocabulary.Cleaning;

/// <summary>The ready-made cleaning pipelines.</summary>
public static class CleaningPresets
{
    /// <summary>
    /// The classic Flickr8k tutorial's rules, exactly: lowercase, strip punctuation, drop tokens that are not all
    /// letters, drop one-character tokens. "A child in a pink dress is climbing up a set of stairs in an entry way ."
    /// becomes "child in pink dress is climbing up set of stairs in an entry way".
    /// </summary>
    public static CleaningPipeline Flickr8k { get; } = new("flickr8k",
        [CleaningSteps.Lowercase, CleaningSteps.StripPunctuation, CleaningSteps.DropNonAlphabetic, CleaningSteps.DropSingleCharacter]);

    /// <summary>
    /// Lowercase and strip punctuation, keep every word (short ones and numbers too): the TensorFlow tutorial's
    /// standardisation. The kit's one default, for <c>vocab build</c>, <c>train</c> and the notebooks alike.
    /// </summary>
    public static CleaningPipeline Standard { get; } = new(DefaultName, [CleaningSteps.Lowercase, CleaningSteps.StripPunctuation]);

    /// <summary>The name of the default preset, <see cref="Standard"/>.</summary>
    public const string DefaultName = "standard";

    /// <summary>The preset used when none is named: <see cref="Standard"/>.</summary>
    public static CleaningPipeline Default => Standard;

    /// <summary>Just lowercase and split on whitespace: punctuation stays attached ("stairs." is its own word).</summary>
    public static CleaningPipeline Plain { get; } = new("plain", [CleaningSteps.Lowercase]);

    /// <summary>No step at all: for character-level vocabularies, where every character counts.</summary>
    public static CleaningPipeline None { get; } = new("none", []);

    public static IReadOnlyList<CleaningPipeline> All => [Standard, Flickr8k, Plain, None];

    /// <summary>The preset called <paramref name="name"/> (case-insensitive), or an error listing the presets.</summary>
    public static CleaningPipeline Get(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"There is no cleaning preset '{name}'; choose one of: {string.Join(", ", All.Select(p => p.Name))}.", nameof(name));
}
