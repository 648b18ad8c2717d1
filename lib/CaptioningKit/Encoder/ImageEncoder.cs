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
