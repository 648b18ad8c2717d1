using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.PixelFormats;

namespace CaptioningKit.Images;

/// <summary>
/// How 0..255 RGB pixels become the floats a CNN was trained on. A pretrained network only works on input prepared as
/// in its training, so the normalisation belongs to the model: torchvision's CNNs want (pixel/255 - mean) / std in
/// R, G, B order (<see cref="ImageNet"/>); the CNTK-trained ResNet-18 of the ML.NET package wants raw 0..255 values in
/// B, G, R order minus a 224x224 mean image (<see cref="BgrMeanImage"/>). Writes planar (3, H, W) floats.
/// </summary>
public sealed class PixelNormalization
{
    // value[c, y, x] = pixel[source[c]] * scale[c] + shift[c] - meanImage[c, y, x]
    readonly int[] source;
    readonly float[] scale;
    readonly float[] shift;
    readonly float[]? meanImage;

    PixelNormalization(string name, string description, int[] source, float[] scale, float[] shift, float[]? meanImage, int width, int height)
    {
        Name = name;
        Description = description;
        this.source = source;
        this.scale = scale;
        this.shift = shift;
        this.meanImage = meanImage;
        MeanImageWidth = width;
        MeanImageHeight = height;
    }

    /// <summary>A stable name, e.g. "imagenet" or "imagenet-cntk-bgr-mean".</summary>
    public string Name { get; }

    /// <summary>What <see cref="ImageTransform.Describe"/> says (stored in feature-cache metadata).</summary>
    public string Description { get; }

    /// <summary>The image size a mean image fixes (0 when any size is fine).</summary>
    public int MeanImageWidth { get; }

    /// <summary>The image size a mean image fixes (0 when any size is fine).</summary>
    public int MeanImageHeight { get; }

    /// <summary>torchvision's ImageNet recipe: (pixel/255 - mean) / std per channel, R, G, B.</summary>
    public static PixelNormalization ImageNet { get; } = new("imagenet", "ImageNet normalised", [0, 1, 2],
        [.. Enumerable.Range(0, 3).Select(c => 1f / (255f * ImageNetNormalization.Std[c]))],
        [.. Enumerable.Range(0, 3).Select(c => -ImageNetNormalization.Mean[c] / ImageNetNormalization.Std[c])], null, 0, 0);

    /// <summary>pixel/255 in R, G, B: values in [0, 1].</summary>
    public static PixelNormalization ZeroToOne { get; } = new("0..1", "0..1", [0, 1, 2], [1f / 255, 1f / 255, 1f / 255], [0, 0, 0], null, 0, 0);

    /// <summary>
    /// Raw 0..255 values in B, G, R order minus a per-pixel mean image (3, height, width), itself in B, G, R order: what
    /// CNTK's ImageNet models were trained on. Images must then be exactly width x height.
    /// </summary>
    /// <param name="name">a stable name for caches and reports.</param>
    /// <param name="meanImageBgr">3 * height * width floats, planar B, G, R.</param>
    public static PixelNormalization BgrMeanImage(string name, float[] meanImageBgr, int width, int height)
    {
        if (meanImageBgr.Length != 3 * width * height)
            throw new ArgumentException($"A {width}x{height} mean image needs {3 * width * height} floats; got {meanImageBgr.Length}.");
        return new(name, $"BGR 0..255 minus the {width}x{height} mean image ({name})", [2, 1, 0], [1, 1, 1], [0, 0, 0], meanImageBgr, width, height);
    }

    /// <summary>Writes <paramref name="image"/> into <paramref name="destination"/> (length 3*H*W) as planar floats.</summary>
    public void WritePlanar(Image<Rgb24> image, Span<float> destination)
    {
        int w = image.Width, h = image.Height, plane = w * h;
        if (destination.Length != 3 * plane) throw new ArgumentException($"Destination holds {destination.Length} floats, the image needs {3 * plane}.");
        if (meanImage is not null && (w != MeanImageWidth || h != MeanImageHeight))
            throw new ArgumentException($"The normalisation '{Name}' subtracts a {MeanImageWidth}x{MeanImageHeight} mean image; the image is {w}x{h}. Fix: resize images to {MeanImageWidth}x{MeanImageHeight}.");
        var r = destination[..plane];
        var g = destination.Slice(plane, plane);
        var b = destination.Slice(2 * plane, plane);
        // One pass over each row writes the three planes: plane c reads channel source[c] (R, G, B or B, G, R).
        float s0 = scale[0], s1 = scale[1], s2 = scale[2], b0 = shift[0], b1 = shift[1], b2 = shift[2];
        var bgr = source[0] == 2;
        for (var y = 0; y < h; y++)
        {
            var row = image.DangerousGetPixelRowMemory(y).Span;
            int offset = y * w;
            var o0 = r.Slice(offset, w);
            var o1 = g.Slice(offset, w);
            var o2 = b.Slice(offset, w);
            for (var x = 0; x < w; x++)
            {
                var p = row[x];
                o0[x] = (bgr ? p.B : p.R) * s0 + b0;
                o1[x] = p.G * s1 + b1;
                o2[x] = (bgr ? p.R : p.B) * s2 + b2;
            }
            if (meanImage is not null)
                for (var c = 0; c < 3; c++)
                {
                    var output = destination.Slice(c * plane + offset, w);
                    var mean = meanImage.AsSpan(c * plane + offset, w);
                    for (var x = 0; x < w; x++) output[x] -= mean[x];
                }
        }
    }

    public override string ToString() => Name;
}
