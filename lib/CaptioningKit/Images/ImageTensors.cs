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
    public static void WritePlanar(Image<Rgb24> image, Span<float> destination, bool normalize) =>
        (normalize ? PixelNormalization.ImageNet : PixelNormalization.ZeroToOne).WritePlanar(image, destination);

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
