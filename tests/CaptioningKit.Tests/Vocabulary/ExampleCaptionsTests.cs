using CaptioningKit.Vocabulary;
using Xunit;

namespace CaptioningKit.Tests.Vocabulary;

public class ExampleCaptionsTests
{
    [Fact]
    public void Same_seed_same_captions_with_flickr8k_quirks()
    {
        var a = ExampleCaptions.FlickrLike(500, seed: 3);
        Assert.Equal(500, a.Count);
        Assert.Equal(a, ExampleCaptions.FlickrLike(500, seed: 3));
        Assert.NotEqual(a, ExampleCaptions.FlickrLike(500, seed: 4));
        Assert.All(a, c => Assert.True(char.IsUpper(c[0]) || char.IsDigit(c[0]), c));
        Assert.Contains(a, c => c.EndsWith(" ."));
        Assert.Contains(a, c => c.Contains("T-shirt") || c.Contains("-haired"));
        Assert.Contains(a, c => c.Contains("'s "));
        Assert.Contains(a, c => c.Split(' ').Any(w => w.All(char.IsDigit)));
    }

    [Fact]
    public void The_corpus_has_a_long_tail_so_the_threshold_matters()
    {
        var train = ExampleCaptions.FlickrLike(3000, seed: 1);
        var val = ExampleCaptions.FlickrLike(500, seed: 2);
        var points = ThresholdSweep.Run(train, val, [1, 2, 5, 10, 20]);
        Assert.Equal([1, 2, 5, 10, 20], points.Select(p => p.Threshold));
        Assert.Equal(0, points[0].TrainUnknownShare);
        Assert.True(points[0].VocabularySize > 250, $"size at 1: {points[0].VocabularySize}");
        Assert.True(points[^1].VocabularySize < points[0].VocabularySize * 0.75, $"{points[^1].VocabularySize} vs {points[0].VocabularySize}");
        for (int i = 1; i < points.Count; i++)
        {
            Assert.True(points[i].VocabularySize <= points[i - 1].VocabularySize);
            Assert.True(points[i].TrainUnknownShare >= points[i - 1].TrainUnknownShare);
            Assert.True(points[i].ValUnknownShare >= points[i - 1].ValUnknownShare);
        }
        Assert.InRange(points[^1].ValUnknownShare, 0.005, 0.2);
    }

    [Fact]
    public void Sweep_on_a_tiny_corpus_counts_specials_and_unknowns()
    {
        var points = ThresholdSweep.Run(["a dog runs", "a dog sits"], ["the dog flies"], [1, 2]);
        Assert.Equal((1, 4 + 4, 0.0), (points[0].Threshold, points[0].VocabularySize, points[0].TrainUnknownShare)); // a, dog, runs, sits
        Assert.Equal(2.0 / 3, points[0].ValUnknownShare, 10); // "the" and "flies" of "the dog flies"
        Assert.Equal(4 + 2, points[1].VocabularySize); // "a" and "dog" are seen twice (the default cleaning keeps "a")
        Assert.Equal(2.0 / 6, points[1].TrainUnknownShare, 10); // "runs" and "sits" of 6 tokens
    }
}
