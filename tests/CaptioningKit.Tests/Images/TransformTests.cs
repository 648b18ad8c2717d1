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

    /// <summary>Every pixel says where it is: R = 10 x, G = 10 y, B = 7.</summary>
    static Image<Rgb24> Coordinates(int width, int height)
    {
        var image = new Image<Rgb24>(width, height);
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                image[x, y] = new Rgb24((byte)(10 * x), (byte)(10 * y), 7);
        return image;
    }

    /// <summary>The crop is the source's region at (x0, y0), pixel for pixel.</summary>
    static void AssertIsRegion(Image<Rgb24> source, Image<Rgb24> crop, int x0, int y0)
    {
        for (var y = 0; y < crop.Height; y++)
            for (var x = 0; x < crop.Width; x++)
                Assert.True(crop[x, y].Equals(source[x0 + x, y0 + y]), $"crop ({x}, {y}) is {crop[x, y]}, source ({x0 + x}, {y0 + y}) is {source[x0 + x, y0 + y]}");
    }

    [Fact]
    public void Random_crop_is_seeded_and_cuts_an_exact_region()
    {
        using var image = Coordinates(10, 9);
        var origins = new HashSet<(int X, int Y)>();
        for (var seed = 0; seed < 20; seed++)
        {
            using var a = ImageTransforms.RandomCrop(image, 4, 3, new Random(seed));
            using var b = ImageTransforms.RandomCrop(image, 4, 3, new Random(seed));
            Assert.Equal((4, 3), (a.Width, a.Height));
            var origin = (X: a[0, 0].R / 10, Y: a[0, 0].G / 10);
            Assert.InRange(origin.X, 0, 10 - 4);
            Assert.InRange(origin.Y, 0, 9 - 3);
            AssertIsRegion(image, a, origin.X, origin.Y);
            AssertIsRegion(image, b, origin.X, origin.Y); // the same seed cuts the same region
            origins.Add(origin);
        }
        Assert.True(origins.Count >= 5, $"20 seeds gave only {origins.Count} different crops"); // other seeds, other regions
    }

    [Fact]
    public void Centre_crop_is_centred()
    {
        using var image = Coordinates(10, 9);
        using var centre = ImageTransforms.CenterCrop(image, 3, 4);
        Assert.Equal((3, 4), (centre.Width, centre.Height));
        AssertIsRegion(image, centre, 3, 2); // 7 spare columns: 3 left, 4 right; 5 spare rows: 2 above, 3 below
        Assert.Throws<ArgumentException>(() => ImageTransforms.CenterCrop(image, 11, 2));
    }

    [Fact]
    public void Training_transform_is_reproducible_by_seed_and_writes_the_cropped_flipped_pixels()
    {
        using var image = Coordinates(12, 12);
        // The shorter side is already 12, so the resize keeps the pixels; then a random 8x8 crop and maybe a flip.
        var transform = ImageTransform.Training(HorizontalFlip.FlipImageOnly, size: 8, resizeTo: 12) with { Normalize = false };
        var outputs = new List<float[]>();
        var flips = new HashSet<bool>();
        for (var seed = 0; seed < 16; seed++)
        {
            var a = new float[transform.FloatsPerImage]; // (3, 8, 8) planar
            var b = new float[transform.FloatsPerImage];
            var (captions, flipped) = transform.Apply(image, ["a circle on the left"], new Random(seed), a);
            Assert.Equal(flipped, transform.Apply(image, ["a circle on the left"], new Random(seed), b).Flipped);
            Assert.Equal(a, b); // the same seed, the same floats
            Assert.Equal("a circle on the left", captions[0]); // FlipImageOnly leaves the words alone

            // By hand: output (x, y) is source (x0 + x, y0 + y), or (x0 + 7 - x, y0 + y) when flipped; value = byte / 255.
            var corner = (X: (int)Math.Round(a[0] * 255) / 10, Y: (int)Math.Round(a[64] * 255) / 10);
            var (x0, y0) = (flipped ? corner.X - 7 : corner.X, corner.Y);
            Assert.InRange(x0, 0, 4);
            Assert.InRange(y0, 0, 4);
            for (var y = 0; y < 8; y++)
                for (var x = 0; x < 8; x++)
                {
                    var sourceX = flipped ? x0 + 7 - x : x0 + x;
                    Assert.Equal(10 * sourceX / 255f, a[y * 8 + x], 6);
                    Assert.Equal(10 * (y0 + y) / 255f, a[64 + y * 8 + x], 6);
                    Assert.Equal(7 / 255f, a[128 + y * 8 + x], 6);
                }
            outputs.Add(a);
            flips.Add(flipped);
        }
        Assert.Equal(2, flips.Count); // both flip outcomes happen
        Assert.True(outputs.Select(o => string.Join(",", o)).Distinct().Count() >= 8, "different seeds give different crops"); // of 16 seeds
    }
}
