using CaptioningKit.Images;
using Xunit;

namespace CaptioningKit.Tests.Images;

public class ImagesExercisesTests
{
    [Fact]
    public void Flip_words_exercise()
    {
        Assert.True(ImagesExercises.CheckFlipSwapWords(["Left", "right"]).Correct);
        Assert.True(ImagesExercises.CheckFlipSwapWords(["left", "right", "leftmost", "rightmost"]).Correct);
        Assert.False(ImagesExercises.CheckFlipSwapWords(["left"]).Correct);
        var above = ImagesExercises.CheckFlipSwapWords(["left", "right", "above"]);
        Assert.False(above.Correct);
        Assert.Contains("above", above.Message);
        Assert.StartsWith("Not answered", ImagesExercises.CheckFlipSwapWords(null).Message);
        Assert.StartsWith("Not answered", ImagesExercises.CheckFlipSwapWords(["", " "]).Message);
    }

    [Fact]
    public void Otsu_exercise()
    {
        Assert.Equal(3, ScanCleaning.OtsuThreshold(ImagesExercises.TinyHistogram));
        Assert.True(ImagesExercises.CheckOtsuThreshold(3).Correct);
        Assert.Contains("smaller", ImagesExercises.CheckOtsuThreshold(5).Hint);
        Assert.Contains("larger", ImagesExercises.CheckOtsuThreshold(1).Hint);
        Assert.StartsWith("Not answered", ImagesExercises.CheckOtsuThreshold(null).Message);
    }
}
