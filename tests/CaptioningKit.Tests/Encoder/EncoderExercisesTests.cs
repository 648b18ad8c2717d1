using CaptioningKit.Encoder;
using Xunit;

namespace CaptioningKit.Tests.Encoder;

public class EncoderExercisesTests
{
    [Fact]
    public void Output_shape_exercise()
    {
        Assert.True(EncoderExercises.CheckResNet50OutputShape([8, 196, 2048]).Correct);
        var wrong = EncoderExercises.CheckResNet50OutputShape([8, 2048, 196]);
        Assert.False(wrong.Correct);
        Assert.Contains("channels come last", wrong.Hint);
        Assert.False(EncoderExercises.CheckResNet50OutputShape([8, 2048, 14, 14]).Correct);
        var empty = EncoderExercises.CheckResNet50OutputShape(null);
        Assert.False(empty.Correct);
        Assert.StartsWith("Not answered", empty.Message);
        Assert.StartsWith("Not answered", EncoderExercises.CheckResNet50OutputShape([]).Message);
    }

    [Fact]
    public void Cache_size_exercise()
    {
        Assert.True(EncoderExercises.CheckCachedBytesPerImage(1_605_632).Correct);
        Assert.Contains("4 bytes", EncoderExercises.CheckCachedBytesPerImage(401_408).Hint);
        Assert.False(EncoderExercises.CheckCachedBytesPerImage(12).Correct);
        Assert.StartsWith("Not answered", EncoderExercises.CheckCachedBytesPerImage(null).Message);
    }
}
