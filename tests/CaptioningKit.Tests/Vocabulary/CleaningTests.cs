using CaptioningKit.Vocabulary.Cleaning;
using Xunit;

namespace CaptioningKit.Tests.Vocabulary;

public class CleaningTests
{
    [Theory]
    [InlineData("A child in a pink dress is climbing up a set of stairs in an entry way .", "child in pink dress is climbing up set of stairs in an entry way")]
    [InlineData("A girl going into a wooden building .", "girl going into wooden building")]
    [InlineData("A black dog and a spotted dog are fighting", "black dog and spotted dog are fighting")]
    [InlineData("A man in a T-shirt , on the dog's 2nd walk , holds 3 leashes !", "man in tshirt on the dogs walk holds leashes")]
    [InlineData("  Two   dogs\tplay  ", "two dogs play")]
    public void Flickr8k_preset_matches_the_tutorial(string caption, string cleaned) =>
        Assert.Equal(cleaned, string.Join(' ', CleaningPresets.Flickr8k.Clean(caption)));

    [Fact]
    public void Plain_preset_only_lowercases_and_splits()
    {
        Assert.Equal(["a", "dog's", "t-shirt", "2", "."], CleaningPresets.Plain.Clean("A Dog's T-shirt 2 ."));
        Assert.Equal(["split-whitespace", "lowercase"], CleaningPresets.Plain.ToString().Split('[', ']')[1].Split(" → "));
    }

    [Fact]
    public void Each_rule_reports_what_it_dropped()
    {
        var drops = new List<(string Rule, string Token)>();
        CleaningPresets.Flickr8k.Clean("A dog , 2 balls and a 3rd !", (rule, token) => drops.Add((rule, token)));
        Assert.Equal(
            [("drop-non-alphabetic", "2"), ("drop-non-alphabetic", "3rd"), ("drop-single-character", "a"), ("drop-single-character", "a"), ("strip-punctuation", "!"), ("strip-punctuation", ",")],
            drops.OrderBy(d => d.Rule, StringComparer.Ordinal).ThenBy(d => d.Token, StringComparer.Ordinal).ToList());
    }

    [Fact]
    public void Pipelines_are_made_of_named_steps()
    {
        var custom = CleaningPipeline.FromStepNames("custom", ["lowercase", "drop-non-alphabetic"]);
        Assert.Equal(["a", "dog", "runs"], custom.Clean("A Dog runs 2 ."));
        Assert.Equal(["dog", "runs"], new CleaningPipeline("c", [CleaningSteps.Lowercase, CleaningSteps.StripPunctuation, CleaningSteps.DropSingleCharacter]).Clean("A Dog runs ."));
        Assert.Contains("lowercase", Assert.Throws<ArgumentException>(() => CleaningPipeline.FromStepNames("x", ["stem"])).Message);
        Assert.Same(CleaningPresets.Flickr8k, CleaningPresets.Get("FLICKR8K"));
        Assert.Contains("plain", Assert.Throws<ArgumentException>(() => CleaningPresets.Get("coco")).Message);
    }

    [Fact]
    public void Non_ascii_letters_count_as_letters()
    {
        Assert.Equal(["café", "naïve"], CleaningPresets.Flickr8k.Clean("Café naïve é"));
    }
}

public class CleaningTraceTests
{
    [Fact]
    public void The_trace_shows_every_stage_and_what_it_dropped()
    {
        var lines = CaptioningKit.Vocabulary.Cleaning.CleaningPresets.Flickr8k.Trace("A dog , 2 cats .");
        Assert.Equal(1 + CaptioningKit.Vocabulary.Cleaning.CleaningPresets.Flickr8k.Steps.Count, lines.Count);
        Assert.StartsWith("split-whitespace", lines[0]);
        Assert.EndsWith("dog cats", lines[^1].Split("    dropped:")[0].TrimEnd());
        Assert.Contains(lines, l => l.Contains("dropped: 2"));
    }
}
