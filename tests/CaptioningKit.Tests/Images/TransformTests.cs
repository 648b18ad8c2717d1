using CaptioningKit.Images;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using TorchSharp;
using Xunit;

namespace CaptioningKit.Tests.Images;

public class TransformTests
{
    [Theory]
    [InlineData("a red square left of a blue circle", "a red square right of a blue circle")]
    [InlineData("Left: a circle; RIGHT: a square", "Right: a circle; LEFT: a square")]
    [InlineData("the leftmost shape is bright", "the rightmost shape is bright")]
    [InlineData("a copyright sign", "a copyright sign")]
    public void Flip_swaps_left_and_right_words_only(string caption, string expected) =>
        Assert.Equal(expected, CaptionFlip.SwapLeftRight(caption));

    [Fact]
    public void Flip_policy_keeps_image_and_captions_true_to_each_other()
    {
        using var image = TestImages.LeftRedRightBlue(8, 8).CloneAs<Rgb24>();
        var transform = ImageTransform.Fixed(8, 8, HorizontalFlip.FlipAndSwapLeftRight) with { Normalize = false };
        var floats = new float[transform.FloatsPerImage];
        var seen = new HashSet<bool>();
        for (var seed = 0; seed < 20; seed++)
        {
            var (captions, flipped) = transform.Apply(image, ["red is left of blue"], new Random(seed), floats);
            seen.Add(flipped);
            var redOnLeft = floats[0 * 64 + 4 * 8 + 0] > 0.9f; // channel R, row 4, column 0
            Assert.Equal(!flipped, redOnLeft);
            Assert.Equal(flipped ? "red is right of blue" : "red is left of blue", captions[0]);
        }
        Assert.Equal(2, seen.Count); // both outcomes happen

        var never = ImageTransform.Fixed(8, 8, HorizontalFlip.Never);
        Assert.All(Enumerable.Range(0, 10), s => Assert.False(never.Apply(image, ["x"], new Random(s), floats).Flipped));
    }

    [Fact]
    public void Eval_pipeline_resizes_shorter_side_centre_crops_and_normalises()
    {
        using var image = new Image<Rgb24>(300, 200, new Rgb24(255, 255, 255));
        var transform = ImageTransform.Evaluation(64);
        Assert.Equal(73, transform.ResizeTo);
        using var resized = ImageTransforms.ResizeShorterSide(image, 73);
        Assert.Equal((110, 73), (resized.Width, resized.Height));
        var floats = new float[transform.FloatsPerImage];
        transform.Apply(image, [], new Random(0), floats);
        Assert.Equal((1 - 0.485f) / 0.229f, floats[0], 3);              // white, normalised R
        Assert.Equal((1 - 0.406f) / 0.225f, floats[2 * 64 * 64], 3);    // white, normalised B

        using var t = ImageTensors.ToTensor(image, normalize: false);
        Assert.Equal([3L, 200, 300], t.shape);
        using var n = ImageTensors.Normalize(t);
        Assert.Equal((1 - 0.456f) / 0.224f, n[1, 0, 0].item<float>(), 3);
    }

    [Fact]
    public void Random_crop_is_seeded_and_centre_crop_is_centred()
    {
        using var image = new Image<Rgb24>(10, 10);
        image[5, 5] = new Rgb24(255, 0, 0);
        using var centre = ImageTransforms.CenterCrop(image, 2, 2);
        Assert.Equal(new Rgb24(255, 0, 0), centre[1, 1]);
        using var a = ImageTransforms.RandomCrop(image, 4, 4, new Random(3));
        using var b = ImageTransforms.RandomCrop(image, 4, 4, new Random(3));
        Assert.Equal((4, 4), (a.Width, a.Height));
        Assert.Throws<ArgumentException>(() => ImageTransforms.CenterCrop(image, 11, 2));
    }
}
