using CaptioningKit.Images;
using TorchSharp;
using static TorchSharp.torch;

namespace CaptioningKit.Encoder;

/// <summary>
/// A CNN that turns a batch of images (B, 3, H, W) into annotation vectors (B, pixels, channels): one vector per grid
/// cell, the layout the attention step expects. Every encoder also lists its <see cref="Blocks"/> from input to output,
/// so that <see cref="EncoderTraining"/> can freeze it or fine-tune only its last blocks.
/// </summary>
public abstract class ImageEncoder : nn.Module<Tensor, Tensor>
{
    protected ImageEncoder(string name) : base(name) { }

    /// <summary>A short name used in caches and reports, e.g. "resnet50" or "small-cnn".</summary>
    public abstract string EncoderName { get; }

    /// <summary>The length of each annotation vector (2048 for ResNet-50, 512 for ResNet-18).</summary>
    public abstract int Channels { get; }

    /// <summary>The grid the feature map is pooled to.</summary>
    public abstract GridSize Grid { get; }

    /// <summary>Grid.Rows * Grid.Columns.</summary>
    public int Pixels => Grid.Pixels;

    /// <summary>The trainable stages in order from the input to the output (e.g. stem, layer1..layer4).</summary>
    public abstract IReadOnlyList<EncoderBlock> Blocks { get; }
}

/// <summary>
/// The spatial grid the encoder pools its feature map to: each cell becomes one "pixel" (an annotation vector) the
/// attention can look at. 14x14 = 196 pixels is the Show, Attend and Tell setting; 8x8 = 64 is cheaper.
/// </summary>
public readonly record struct GridSize(int Rows, int Columns)
{
    public static GridSize Square(int side) => new(side, side);

    /// <summary>Rows x Columns: the "pixels" axis of the encoder output.</summary>
    public int Pixels => Rows * Columns;

    public override string ToString() => $"{Rows}x{Columns}";
}

/// <summary>Encoders by name, as the CLI and notebooks name them: "small-cnn", "resnet18" … "resnet152", "resnet18-imagenet".</summary>
public static class EncoderFactory
{
    public static IReadOnlyList<string> Names { get; } = ["small-cnn", LineCnnEncoder.Name, .. ResNetSpec.All.Select(s => s.Name), ImageNetResNet18.Name];

    /// <summary>A new encoder with random weights on <paramref name="device"/>; grid 14x14 for torchvision ResNets, 7x7 for
    /// resnet18-imagenet, 4x4 for small-cnn and 1x32 for line-cnn when null. <paramref name="widths"/>: the block widths
    /// of small-cnn and line-cnn (their defaults when null or empty; ResNets ignore it).</summary>
    public static ImageEncoder Create(string name, torch.Device device, GridSize? grid = null, IReadOnlyList<int>? widths = null)
    {
        widths = widths is { Count: > 0 } ? widths : null;
        return IsSmallCnn(name) ? new SmallCnnEncoder(grid, widths, device)
            : IsLineCnn(name) ? new LineCnnEncoder(grid, widths, device)
            : IsImageNetResNet18(name) ? new ImageNetResNet18(grid, device)
            : new ResNetEncoder(ResNetSpec.FromName(name), grid, device);
    }

    /// <summary>True for the line encoder ("line-cnn"), trained from scratch on scans of one line of text (formulas).</summary>
    public static bool IsLineCnn(string name) => name.Equals(LineCnnEncoder.Name, StringComparison.OrdinalIgnoreCase);

    /// <summary>True for an encoder trained from scratch (small-cnn, line-cnn): no weights file, no feature cache.</summary>
    public static bool IsTrainedFromScratch(string name) => IsSmallCnn(name) || IsLineCnn(name);

    /// <summary>True for the small CNN ("small-cnn", or "small"), the one encoder trained from scratch on small images;
    /// every other name is a ResNet meant to be pretrained.</summary>
    public static bool IsSmallCnn(string name) =>
        name.Equals("small-cnn", StringComparison.OrdinalIgnoreCase) || name.Equals("small", StringComparison.OrdinalIgnoreCase);

    /// <summary>The module a weights file for this encoder is loaded into (a ResNet's torchvision-named backbone, else the encoder).</summary>
    public static torch.nn.Module WeightsTarget(ImageEncoder encoder) => encoder is ResNetEncoder r ? r.Backbone : encoder;

    /// <summary>True for an encoder whose ImageNet weights ship with the kit ("resnet18-imagenet", from a NuGet package).</summary>
    public static bool IsPretrained(string name) => IsImageNetResNet18(name);

    /// <summary>
    /// The encoder with its shipped ImageNet weights on <paramref name="device"/>, and the weights' identity for the
    /// feature cache. The first call converts the package's ONNX file to a safetensors file in the kit's cache.
    /// </summary>
    public static (ImageEncoder Encoder, string WeightsHash) CreatePretrained(string name, torch.Device device, GridSize? grid = null)
    {
        if (!IsPretrained(name))
            throw new ArgumentException($"No pretrained weights ship for '{name}'. Fix: use {ImageNetResNet18.Name}, or give a torchvision weights file for a ResNet.");
        var (encoder, hash) = ImageNetResNet18Weights.LoadPretrained(device, grid);
        return (encoder, hash);
    }

    /// <summary>
    /// How images must be normalised for the named encoder: the package's BGR mean-image preprocessing for
    /// resnet18-imagenet (224x224 images only), ImageNet mean/std for every other encoder.
    /// </summary>
    public static PixelNormalization NormalizationFor(string name) =>
        IsImageNetResNet18(name) ? ImageNetResNet18Weights.Normalization : PixelNormalization.ImageNet;

    internal static bool IsImageNetResNet18(string name) => name.Equals(ImageNetResNet18.Name, StringComparison.OrdinalIgnoreCase);
}
