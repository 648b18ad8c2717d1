using CaptioningKit.Images;
using Xunit;

namespace CaptioningKit.Tests.Images;

public class ImagesExercisesTests
{
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
