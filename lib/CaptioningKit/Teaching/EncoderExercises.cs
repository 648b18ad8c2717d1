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

    /// <summary>
    /// Exercise 04.3 (code): <paramref name="toPixels"/> turns a CNN's feature map (batch, channels, height, width) into the
    /// (batch, pixels, channels) the attention reads, pixel p being row p / width, column p % width — what every encoder
    /// of the kit does after pooling. It runs on random maps of two sizes; the verdict names the shape or the first value
    /// that differs, and says so when a plain reshape mixed the channels into the pixels.
    /// </summary>
    public static ExerciseResult WriteGridToPixels(Func<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>? toPixels)
    {
        const string name = "04.3 Write the grid-to-pixels step (code)";
        const string start = "Flatten height and width into one 'pixels' dimension, and move channels last.";
        if (toPixels is null) return ExerciseResult.NotWritten(name, start);
        using var scope = TorchSharp.torch.NewDisposeScope();
        var random = new Random(4);
        foreach (var (b, c, h, w) in new[] { (2L, 3L, 4L, 5L), (1L, 8L, 3L, 3L) })
        {
            var map = CodeCheck.Normal(random, b, c, h, w);                       // (B, C, H, W)
            var expected = map.flatten(2).permute(0, 2, 1);                       // (B, C, H*W) -> (B, H*W, C)
            var failed = CodeCheck.Invoke(name, () => toPixels(map.clone()), start, out var got);
            if (failed is not null) return failed;
            var difference = CodeCheck.FirstDifference("your output", expected, got);
            if (difference is null) continue;
            var what = $"for a map of shape {CodeCheck.Shape(map.shape)}, {difference}";
            if (got is not null && got.shape.SequenceEqual(new[] { b, c, h * w }))
                return ExerciseResult.Wrong(name, what + ".", "That is (batch, channels, pixels): the channels must come LAST, one feature vector per pixel.");
            if (got is not null && CodeCheck.Same(map.reshape(b, h * w, c), got))
                return ExerciseResult.Wrong(name, what + ".", "A plain reshape keeps the numbers in memory order, so each 'pixel' gets numbers of several channels. Move the channel dimension last (permute) before or after flattening.");
            return ExerciseResult.Wrong(name, what + ".", got is not null && got.shape.SequenceEqual(expected.shape)
                ? "Right shape, wrong order: pixel p must be row p / width, column p % width (row by row, like reading text)."
                : "The result is (batch, height × width, channels).");
        }
        return ExerciseResult.Right(name, "(batch, pixels, channels), row by row: the same layout as the kit's encoders (flatten(2), then permute(0, 2, 1)).");
    }
}
