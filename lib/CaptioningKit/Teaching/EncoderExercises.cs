using CaptioningKit.Encoder;

namespace CaptioningKit.Teaching;

/// <summary>The checks of notebook 04 (encoder). Wrong or unfinished answers never throw.</summary>
public static class EncoderExercises
{
    /// <summary>04.1 — The encoder output shape for a batch of 8 through ResNet-50 with a 14x14 grid: (batch, pixels, channels).</summary>
    public static ExerciseResult CheckResNet50OutputShape(IReadOnlyList<long>? shape)
    {
        const string name = "04.1 ResNet-50 output shape";
        if (shape is null || shape.Count == 0) return ExerciseResult.NotAnswered(name, "Write the shape as three numbers: (batch, pixels, channels).");
        long[] expected = [8, GridSize.Square(14).Pixels, ResNetSpec.ResNet50.OutputChannels];
        if (shape.SequenceEqual(expected)) return ExerciseResult.Right(name, "(8, 196, 2048): 14x14 = 196 annotation vectors of 2048 channels per image.");
        if (shape.Count == 4) return ExerciseResult.Wrong(name, $"({string.Join(", ", shape)}) is still a feature map.", "The encoder flattens the grid into one 'pixels' axis and moves channels last.");
        if (shape.Count == 3 && shape[1] == 2048) return ExerciseResult.Wrong(name, $"({string.Join(", ", shape)}) has channels in the middle.", "The attention expects (batch, pixels, channels): channels come last.");
        return ExerciseResult.Wrong(name, $"({string.Join(", ", shape)}) is not it.", "How many cells has a 14x14 grid, and how many channels leave ResNet-50's layer4 (Bottleneck blocks expand 512 by 4)?");
    }

    /// <summary>04.2 — Bytes that one image takes in a float32 feature cache for ResNet-50 with a 14x14 grid.</summary>
    public static ExerciseResult CheckCachedBytesPerImage(long? bytes)
    {
        const string name = "04.2 Feature cache size per image";
        if (bytes is null or 0) return ExerciseResult.NotAnswered(name, "Multiply pixels x channels x bytes per float.");
        var expected = (long)GridSize.Square(14).Pixels * ResNetSpec.ResNet50.OutputChannels * sizeof(float);
        if (bytes == expected) return ExerciseResult.Right(name, $"{expected:N0} bytes (about 1.5 MiB): 8,000 images need about 12 GiB; an 8x8 grid needs a third of that.");
        if (bytes == expected / sizeof(float)) return ExerciseResult.Wrong(name, $"{bytes} counts values, not bytes.", "A float32 takes 4 bytes.");
        return ExerciseResult.Wrong(name, $"{bytes} is not it.", "196 pixels x 2048 channels x 4 bytes.");
    }
}
