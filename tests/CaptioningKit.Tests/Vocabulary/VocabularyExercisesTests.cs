using CaptioningKit.Vocabulary;
using Xunit;

namespace CaptioningKit.Tests.Vocabulary;

public class VocabularyExercisesTests
{
    [Fact]
    public void Clean_caption_check()
    {
        Assert.True(VocabularyExercises.CleanCaption(["boy", "in", "red", "tshirt", "jumps", "over", "puddles"]).Correct);
        var kept = VocabularyExercises.CleanCaption(["boy", "in", "a", "red", "tshirt", "jumps", "over", "puddles"]);
        Assert.False(kept.Correct);
        Assert.Contains("'a'", kept.Hint);
        Assert.Contains("tshirt", VocabularyExercises.CleanCaption(["boy", "in", "red", "t", "shirt", "jumps", "over", "puddles"]).Hint);
        Assert.Contains("Lowercase", VocabularyExercises.CleanCaption(["A", "boy"]).Hint);
        Assert.Contains("Not answered", VocabularyExercises.CleanCaption(null).Message);
        Assert.Contains("Not answered", VocabularyExercises.CleanCaption([]).Message);
    }

    [Fact]
    public void Vocabulary_size_check()
    {
        // dog 6, the 7, on 5 reach 5 after Flickr8k cleaning: 3 words + 4 specials
        Assert.True(VocabularyExercises.VocabularySize(7).Correct);
        Assert.Contains("special", VocabularyExercises.VocabularySize(3).Hint);
        Assert.Contains(">=", VocabularyExercises.VocabularySize(6).Hint);
        Assert.Contains("Clean first", VocabularyExercises.VocabularySize(9).Hint);
        Assert.False(VocabularyExercises.VocabularySize(42).Correct);
        Assert.Contains("Not answered", VocabularyExercises.VocabularySize(null).Message);
    }

    [Fact]
    public void Encode_by_hand_check()
    {
        Assert.True(VocabularyExercises.EncodeByHand([1, 4, 8, 6, 5, 3, 2]).Correct);
        Assert.Contains("<start>", VocabularyExercises.EncodeByHand([4, 8, 6, 5, 3, 2]).Hint);
        Assert.Contains("<end>", VocabularyExercises.EncodeByHand([1, 4, 8, 6, 5, 3]).Hint);
        Assert.Contains("<unk>", VocabularyExercises.EncodeByHand([1, 4, 8, 6, 5, 2]).Hint);
        Assert.False(VocabularyExercises.EncodeByHand([1, 4, 8, 5, 6, 3, 2]).Correct);
        Assert.Contains("Not answered", VocabularyExercises.EncodeByHand([]).Message);
    }
}
