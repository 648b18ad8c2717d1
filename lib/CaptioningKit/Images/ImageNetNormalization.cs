namespace CaptioningKit.Images;

/// <summary>
/// The per-channel mean and standard deviation of ImageNet, which every torchvision pretrained CNN expects its input
/// normalised with: x = (pixel/255 - mean) / std, channel by channel (R, G, B).
/// </summary>
public static class ImageNetNormalization
{
    public static IReadOnlyList<float> Mean { get; } = [0.485f, 0.456f, 0.406f];
    public static IReadOnlyList<float> Std { get; } = [0.229f, 0.224f, 0.225f];
}
