using CaptioningKit.Images;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit;

namespace CaptioningKit.Tests.Images;

/// <summary>
/// The one-pass resize + crop of <see cref="ImageTransform.Apply"/> (bench issue: decode + transform speed) must give
/// the pixels of the two-step path it replaced: resize the shorter side, then cut the centre or a random region.
/// </summary>
public class OnePassResizeCropTests
{
    static Image<Rgb24> Noise(int width, int height, int seed)
    {
        var random = new Random(seed);
        var image = new Image<Rgb24>(width, height);
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                image[x, y] = new Rgb24((byte)random.Next(256), (byte)((x * 7 + y * 3) % 256), (byte)random.Next(256));
        return image;
    }

    /// <summary>Largest difference of any channel of any pixel, in 0..255 steps.</summary>
    static int MaxDifference(Image<Rgb24> a, Image<Rgb24> b)
    {
        Assert.Equal((a.Width, a.Height), (b.Width, b.Height));
        var max = 0;
        for (var y = 0; y < a.Height; y++)
            for (var x = 0; x < a.Width; x++)
            {
                Rgb24 p = a[x, y], q = b[x, y];
                max = Math.Max(max, Math.Max(Math.Abs(p.R - q.R), Math.Max(Math.Abs(p.G - q.G), Math.Abs(p.B - q.B))));
            }
        return max;
    }

    [Theory]
    [InlineData(500, 375, 256, 224, 224)] // Flickr8k landscape
    [InlineData(375, 500, 256, 224, 224)] // portrait
    [InlineData(333, 499, 256, 224, 224)] // odd sizes
    [InlineData(640, 427, 160, 144, 128)] // non-square crop
    [InlineData(224, 224, 256, 224, 224)] // upscaling
    [InlineData(300, 200, 224, 224, 224)] // crop as wide as the resized height
    public void One_pass_equals_resize_then_crop(int width, int height, int size, int cropWidth, int cropHeight)
    {
        using var image = Noise(width, height, width * 31 + height);
        using var resized = ImageTransforms.ResizeShorterSide(image, size);
        using (var centre = ImageTransforms.CenterCrop(resized, cropWidth, cropHeight))
        using (var onePass = ImageTransforms.ResizeShorterSideAndCrop(image, size, cropWidth, cropHeight))
            Assert.True(MaxDifference(centre, onePass) <= 1, $"centre crop differs by {MaxDifference(centre, onePass)}/255");
        for (var seed = 0; seed < 4; seed++)
        {
            using var twoStep = ImageTransforms.RandomCrop(resized, cropWidth, cropHeight, new Random(seed));
            using var onePass = ImageTransforms.ResizeShorterSideAndCrop(image, size, cropWidth, cropHeight, new Random(seed));
            Assert.True(MaxDifference(twoStep, onePass) <= 1, $"random crop (seed {seed}) differs by {MaxDifference(twoStep, onePass)}/255");
        }
    }

    [Fact]
    public void Crop_larger_than_the_resized_image_names_the_fix()
    {
        using var image = Noise(50, 40, 1);
        var e = Assert.Throws<ArgumentException>(() => ImageTransforms.ResizeShorterSideAndCrop(image, 32, 48, 32));
        Assert.Contains("resize the shorter side to at least 48", e.Message);
    }

    [Fact]
    public void Normalised_planes_match_the_formula_for_both_channel_orders()
    {
        using var image = Noise(7, 5, 3);
        var floats = new float[3 * 35];
        PixelNormalization.ImageNet.WritePlanar(image, floats);
        var mean = Enumerable.Range(0, 3 * 35).Select(i => (float)(i % 11)).ToArray();
        var bgr = PixelNormalization.BgrMeanImage("test", mean, 7, 5);
        var bgrFloats = new float[3 * 35];
        bgr.WritePlanar(image, bgrFloats);
        for (var y = 0; y < 5; y++)
            for (var x = 0; x < 7; x++)
            {
                var p = image[x, y];
                byte[] rgb = [p.R, p.G, p.B];
                for (var c = 0; c < 3; c++)
                {
                    var i = c * 35 + y * 7 + x;
                    var expected = (rgb[c] / 255f - ImageNetNormalization.Mean[c]) / ImageNetNormalization.Std[c];
                    Assert.Equal(expected, floats[i], 4);
                    Assert.Equal(rgb[2 - c] - mean[i], bgrFloats[i], 4);
                }
            }
    }
}
