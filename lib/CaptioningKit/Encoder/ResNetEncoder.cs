using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CaptioningKit.Encoder;

/// <summary>
/// A torchvision ResNet (18/34/50/101/152) used as an image encoder: the backbone without avgpool/fc, then adaptive
/// average pooling to a fixed grid (14x14 by default, whatever the input size), then flattened to (B, pixels, channels).
/// Load ImageNet weights into <see cref="Backbone"/> with <see cref="WeightLoader"/>; without them the weights are
/// random (fine for tests and benchmarks, useless for captioning).
/// </summary>
public sealed class ResNetEncoder : ImageEncoder
{
    readonly ResNetBackbone backbone;
    readonly AdaptiveAvgPool2d pool;

    /// <param name="spec">Which ResNet, e.g. <see cref="ResNetSpec.ResNet50"/>.</param>
    /// <param name="grid">The output grid; 14x14 when null.</param>
    /// <param name="device">Where the parameters live (pass Kit.Device from the host; never chosen here).</param>
    public ResNetEncoder(ResNetSpec spec, GridSize? grid = null, Device? device = null) : base(nameof(ResNetEncoder))
    {
        Grid = grid ?? GridSize.Square(14);
        backbone = new ResNetBackbone(spec);
        pool = AdaptiveAvgPool2d([Grid.Rows, Grid.Columns]);
        RegisterComponents();
        if (device is not null) this.to(device);
    }

    /// <summary>The torchvision-named backbone: load state dicts into this.</summary>
    public ResNetBackbone Backbone => backbone;

    public override string EncoderName => backbone.Spec.Name;
    public override int Channels => backbone.Spec.OutputChannels;
    public override GridSize Grid { get; }
    public override IReadOnlyList<EncoderBlock> Blocks => backbone.Stages;

    public override Tensor forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        var features = backbone.call(images);        // (B, C, H/32, W/32)
        var pooled = pool.call(features);            // (B, C, rows, cols)
        var flat = pooled.flatten(2);                // (B, C, pixels)
        return flat.permute(0, 2, 1).contiguous()    // (B, pixels, C)
            .MoveToOuterDisposeScope();
    }
}
