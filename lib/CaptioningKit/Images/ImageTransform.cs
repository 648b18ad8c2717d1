using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace CaptioningKit.Images;

/// <summary>How an image is resized before cropping.</summary>
public enum ResizeKind
{
    /// <summary>Shorter side to <see cref="ImageTransform.ResizeTo"/>, keeping the aspect ratio, then crop Width x Height.</summary>
    ShorterSide,
    /// <summary>Straight to Width x Height (aspect ratio may change; no crop). Right for the fixed-size built-in sets.</summary>
    Exact,
}

/// <summary>
/// A full image → (3, Height, Width) float pipeline: resize, crop (centre, or random for training), optional
/// horizontal flip (see <see cref="HorizontalFlip"/>: the captions must follow the image), to float with the
/// model's <see cref="PixelNormalization"/> (ImageNet's by default). <see cref="Evaluation"/> and <see cref="Training"/> are the usual pair; evaluation is
/// deterministic, training draws its random choices from the Random it is given.
/// </summary>
public sealed record ImageTransform
{
    public int Width { get; init; } = 224;
    public int Height { get; init; } = 224;
    public ResizeKind Resize { get; init; } = ResizeKind.ShorterSide;
    /// <summary>The shorter side after resizing (ShorterSide only); 256 for 224 crops, as torchvision's recipe.</summary>
    public int ResizeTo { get; init; } = 256;
    /// <summary>Random crop instead of centre crop (training).</summary>
    public bool RandomCrop { get; init; }
    /// <summary>Flip policy; <see cref="HorizontalFlip.Never"/> by default.</summary>
    public HorizontalFlip Flip { get; init; } = HorizontalFlip.Never;
    /// <summary>Scan cleaning first (<see cref="ScanCleaning.Clean"/>: greyscale, Otsu, speckle removal, crop to the ink,
    /// pad, resize), as notebook 03 teaches; null (the default): the image as it is.</summary>
    public ScanCleaningOptions? Clean { get; init; }
    /// <summary>How pixels become floats: <see cref="PixelNormalization.ImageNet"/> by default (pretrained CNNs expect it).</summary>
    public PixelNormalization Normalization { get; init; } = PixelNormalization.ImageNet;

    /// <summary>True for ImageNet mean/std normalisation, false for plain 0..1 values (a shorthand for <see cref="Normalization"/>).</summary>
    public bool Normalize
    {
        get => Normalization != PixelNormalization.ZeroToOne;
        init => Normalization = value ? PixelNormalization.ImageNet : PixelNormalization.ZeroToOne;
    }

    /// <summary>Resize shorter side to <paramref name="resizeTo"/> (default size*8/7), centre crop, normalise. No randomness.</summary>
    public static ImageTransform Evaluation(int size = 224, int? resizeTo = null) =>
        new() { Width = size, Height = size, ResizeTo = resizeTo ?? size * 8 / 7 };

    /// <summary>As <see cref="Evaluation"/> but a random crop and the given flip policy. The flip policy is required: decide it.</summary>
    public static ImageTransform Training(HorizontalFlip flip, int size = 224, int? resizeTo = null) =>
        Evaluation(size, resizeTo) with { RandomCrop = true, Flip = flip };

    /// <summary>Exactly <paramref name="width"/> x <paramref name="height"/> (the built-in 64x64 shapes, 256x64 formulas).</summary>
    public static ImageTransform Fixed(int width, int height, HorizontalFlip flip = HorizontalFlip.Never) =>
        new() { Width = width, Height = height, Resize = ResizeKind.Exact, Flip = flip };

    /// <summary>Floats per image: 3 * Height * Width.</summary>
    public int FloatsPerImage => 3 * Height * Width;

    /// <summary>A stable description, stored in feature-cache metadata so a changed transform invalidates the cache.</summary>
    public string Describe() =>
        (Clean is { } c ? $"clean scan (speckles < {c.MinSpecklePixels} px, margin {c.Margin}, threshold {c.Threshold?.ToString() ?? "Otsu"}), " : "") +
        (Resize == ResizeKind.Exact ? $"resize {Width}x{Height}" : $"resize shorter side {ResizeTo}, {(RandomCrop ? "random" : "centre")} crop {Width}x{Height}")
        + $", flip {Flip}, {Normalization.Description}";

    /// <summary>
    /// Runs the pipeline on <paramref name="image"/>, writing (3, Height, Width) planar floats to
    /// <paramref name="destination"/>. Returns the captions to use with it (left/right swapped when the image was
    /// flipped under <see cref="HorizontalFlip.FlipAndSwapLeftRight"/>) and whether it was flipped.
    /// </summary>
    public (IReadOnlyList<string> Captions, bool Flipped) Apply(Image<Rgb24> image, IReadOnlyList<string> captions, Random random, Span<float> destination)
    {
        Image<Rgb24>? cleaned = null, resized = null, cropped = null, flipped = null;
        try
        {
            Image<Rgb24> current;
            if (Clean is { } clean) image = cleaned = ScanCleaning.Clean(image, clean);
            if (Resize == ResizeKind.Exact) current = resized = ImageTransforms.Resize(image, Width, Height);
            else
            {
                // One pass: the same pixels as ResizeShorterSide then CenterCrop/RandomCrop, without the full resized image.
                current = cropped = ImageTransforms.ResizeShorterSideAndCrop(image, Math.Max(ResizeTo, Math.Max(Width, Height)), Width, Height,
                    RandomCrop ? random : null);
            }
            var flip = Flip != HorizontalFlip.Never && random.NextDouble() < 0.5;
            if (flip) current = flipped = ImageTransforms.FlipHorizontally(current);
            Normalization.WritePlanar(current, destination);
            var outCaptions = flip && Flip == HorizontalFlip.FlipAndSwapLeftRight ? CaptionFlip.SwapLeftRight(captions) : captions;
            return (outCaptions, flip);
        }
        finally
        {
            cleaned?.Dispose();
            resized?.Dispose();
            cropped?.Dispose();
            flipped?.Dispose();
        }
    }
}
