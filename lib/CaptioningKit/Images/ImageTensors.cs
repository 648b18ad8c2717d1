using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace CaptioningKit.Images;

/// <summary>Turns RGB images into float tensors laid out (C, H, W) as torchvision's ToTensor does.</summary>
public static class ImageTensors
{
    /// <summary>
    /// Writes the image into <paramref name="destination"/> (length 3*H*W) as planar float values, channel by channel,
    /// optionally ImageNet-normalised. This is the allocation-free core the batch loader uses on worker threads.
    /// </summary>
    public static void WritePlanar(Image<Rgb24> image, Span<float> destination, bool normalize)
    {
        int w = image.Width, h = image.Height, plane = w * h;
        if (destination.Length != 3 * plane) throw new ArgumentException($"Destination holds {destination.Length} floats, the image needs {3 * plane}.");
        Span<float> scale = stackalloc float[3];
        Span<float> shift = stackalloc float[3];
        for (var c = 0; c < 3; c++)
        {
            var (mean, std) = normalize ? (ImageNetNormalization.Mean[c], ImageNetNormalization.Std[c]) : (0f, 1f);
            scale[c] = 1f / (255f * std); // value = pixel/255/std - mean/std
            shift[c] = -mean / std;
        }
        for (var y = 0; y < h; y++)
        {
            var row = image.DangerousGetPixelRowMemory(y).Span;
            for (var x = 0; x < w; x++)
            {
                var i = y * w + x;
                destination[i] = row[x].R * scale[0] + shift[0];
                destination[plane + i] = row[x].G * scale[1] + shift[1];
                destination[2 * plane + i] = row[x].B * scale[2] + shift[2];
            }
        }
    }

    /// <summary>The image as a float tensor (3, H, W) in [0, 1], or ImageNet-normalised when <paramref name="normalize"/>.</summary>
    public static Tensor ToTensor(Image<Rgb24> image, bool normalize = true, Device? device = null)
    {
        var data = new float[3 * image.Width * image.Height];
        WritePlanar(image, data, normalize);
        return torch.tensor(data, [3, image.Height, image.Width], device: device); // (3, H, W)
    }

    /// <summary>Applies ImageNet normalisation to a (…, 3, H, W) tensor of values in [0, 1].</summary>
    public static Tensor Normalize(Tensor images)
    {
        using var scope = torch.NewDisposeScope();
        var mean = torch.tensor(ImageNetNormalization.Mean.ToArray(), device: images.device).view(3, 1, 1); // (3, 1, 1)
        var std = torch.tensor(ImageNetNormalization.Std.ToArray(), device: images.device).view(3, 1, 1);   // (3, 1, 1)
        return ((images - mean) / std).MoveToOuterDisposeScope(); // same shape as images, broadcast over H, W
    }
}

/// <summary>
/// The per-channel mean and standard deviation of ImageNet, which every torchvision pretrained CNN expects its input
/// normalised with: x = (pixel/255 - mean) / std, channel by channel (R, G, B).
/// </summary>
public static class ImageNetNormalization
{
    public static IReadOnlyList<float> Mean { get; } = [0.485f, 0.456f, 0.406f];
    public static IReadOnlyList<float> Std { get; } = [0.229f, 0.224f, 0.225f];
}
