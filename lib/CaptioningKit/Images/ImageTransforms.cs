using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace CaptioningKit.Images;

/// <summary>
/// The single steps of the training and evaluation pipelines, on ImageSharp images, each returning a NEW image (the
/// input is left as it was). <see cref="ImageTensors"/> turns the result into a (3, H, W) tensor.
/// </summary>
public static class ImageTransforms
{
    /// <summary>Resizes so the shorter side is <paramref name="size"/>, keeping the aspect ratio (torchvision's Resize(int)).</summary>
    public static Image<Rgb24> ResizeShorterSide(Image<Rgb24> image, int size)
    {
        var (w, h) = ShorterSideSize(image.Width, image.Height, size);
        return Resize(image, w, h);
    }

    /// <summary>The size <see cref="ResizeShorterSide"/> gives a <paramref name="width"/> x <paramref name="height"/> image.</summary>
    public static (int Width, int Height) ShorterSideSize(int width, int height, int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        return width <= height
            ? (size, Math.Max(1, (int)Math.Round((double)height * size / width)))
            : (Math.Max(1, (int)Math.Round((double)width * size / height)), size);
    }

    /// <summary>
    /// <see cref="ResizeShorterSide"/> to <paramref name="size"/>, then the central (<paramref name="random"/> null) or a
    /// random <paramref name="width"/> x <paramref name="height"/> region, in ONE resampling pass: only the pixels of the
    /// region are computed (the same filter weights as resizing the whole image, so the same pixels as resize-then-crop)
    /// and no intermediate image is made. The random draws are those of <see cref="RandomCrop"/>.
    /// </summary>
    public static Image<Rgb24> ResizeShorterSideAndCrop(Image<Rgb24> image, int size, int width, int height, Random? random = null)
    {
        var (rw, rh) = ShorterSideSize(image.Width, image.Height, size);
        if (width > rw || height > rh || width < 1 || height < 1)
            throw new ArgumentException($"Cannot crop {width}x{height} from a {rw}x{rh} image: resize the shorter side to at least {Math.Max(width, height)}.");
        var (x, y) = random is null
            ? ((rw - width) / 2, (rh - height) / 2)
            : (random.Next(rw - width + 1), random.Next(rh - height + 1));
        return image.Clone(c => c.Resize(new ResizeOptions
        {
            Size = new Size(width, height),
            TargetRectangle = new Rectangle(-x, -y, rw, rh), // the whole resized image, placed so the region lands on the canvas
            Mode = ResizeMode.Manual,
            Sampler = KnownResamplers.Triangle,
        }));
    }

    /// <summary>Resizes to exactly <paramref name="width"/> x <paramref name="height"/> (the aspect ratio may change).</summary>
    public static Image<Rgb24> Resize(Image<Rgb24> image, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        return image.Clone(x => x.Resize(new ResizeOptions { Size = new Size(width, height), Mode = ResizeMode.Stretch, Sampler = KnownResamplers.Triangle }));
    }

    /// <summary>Cuts the central <paramref name="width"/> x <paramref name="height"/> region (the image must be at least that large).</summary>
    public static Image<Rgb24> CenterCrop(Image<Rgb24> image, int width, int height) =>
        Crop(image, (image.Width - width) / 2, (image.Height - height) / 2, width, height);

    /// <summary>Cuts a <paramref name="width"/> x <paramref name="height"/> region at a position drawn from <paramref name="random"/>.</summary>
    public static Image<Rgb24> RandomCrop(Image<Rgb24> image, int width, int height, Random random) =>
        Crop(image, random.Next(image.Width - width + 1), random.Next(image.Height - height + 1), width, height);

    /// <summary>
    /// Mirrors the image left-to-right. This changes the meaning of "left" and "right" in its captions: use
    /// <see cref="CaptionFlip.SwapLeftRight(string)"/> on them, or <see cref="HorizontalFlip.Never"/>.
    /// </summary>
    public static Image<Rgb24> FlipHorizontally(Image<Rgb24> image) => image.Clone(x => x.Flip(FlipMode.Horizontal));

    static Image<Rgb24> Crop(Image<Rgb24> image, int x, int y, int width, int height)
    {
        if (width > image.Width || height > image.Height || width < 1 || height < 1)
            throw new ArgumentException($"Cannot crop {width}x{height} from a {image.Width}x{image.Height} image: resize first (ResizeShorterSide).");
        return image.Clone(c => c.Crop(new Rectangle(x, y, width, height)));
    }
}
