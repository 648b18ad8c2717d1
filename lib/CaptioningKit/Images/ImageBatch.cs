using CaptioningKit.Data;
using TorchSharp;

namespace CaptioningKit.Images;

/// <summary>
/// One batch: the images as a (B, 3, H, W) float tensor on the requested device, the items in the same order
/// (their captions already swapped where the image was flipped), and any images of this batch that were skipped.
/// Dispose it (or let the caller's dispose scope) to free the tensor.
/// </summary>
public sealed class ImageBatch(torch.Tensor images, IReadOnlyList<CaptionedImage> items, IReadOnlyList<bool> flipped, IReadOnlyList<ImageLoadException> skipped) : IDisposable
{
    /// <summary>(B, 3, H, W) float32.</summary>
    public torch.Tensor Images { get; } = images;
    public IReadOnlyList<CaptionedImage> Items { get; } = items;
    public IReadOnlyList<bool> Flipped { get; } = flipped;
    public IReadOnlyList<ImageLoadException> Skipped { get; } = skipped;

    public void Dispose() => Images.Dispose();
}
