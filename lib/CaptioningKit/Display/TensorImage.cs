using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using TorchSharp;
using static TorchSharp.torch;

namespace CaptioningKit.Display;

/// <summary>Turns image tensors into pictures: (3, H, W) colour, or (1, H, W) / (H, W) grey, values in [0, 1].</summary>
public static class TensorImage
{
    /// <summary>An RGB image of the tensor; values are clamped to [0, 1] and scaled to 0..255.</summary>
    public static Image<Rgb24> ToImage(Tensor image)
    {
        using var scope = NewDisposeScope();
        var t = image.detach().to(CPU).to_type(ScalarType.Float32);
        t = t.dim() switch
        {
            2 => t.unsqueeze(0).expand(3, -1, -1),                    // (H, W) -> (3, H, W)
            3 when t.shape[0] == 1 => t.expand(3, -1, -1),            // (1, H, W) -> (3, H, W)
            3 when t.shape[0] == 3 => t,                              // (3, H, W)
            _ => throw new ArgumentException($"An image tensor must be (3, H, W), (1, H, W) or (H, W); got ({string.Join(", ", image.shape)})."),
        };
        var bytes = (t.clamp(0, 1) * 255).round().to_type(ScalarType.Byte).permute(1, 2, 0).contiguous(); // (H, W, 3)
        int h = (int)bytes.shape[0], w = (int)bytes.shape[1];
        return Image.LoadPixelData<Rgb24>(bytes.data<byte>().ToArray(), w, h);
    }

    /// <summary>The tensor as an <see cref="ImageView"/> for a notebook or report.</summary>
    public static ImageView ToView(Tensor image, string? caption = null, int? displayWidth = null)
    {
        using var img = ToImage(image);
        return ImageView.FromImage(img, caption, displayWidth: displayWidth);
    }
}
