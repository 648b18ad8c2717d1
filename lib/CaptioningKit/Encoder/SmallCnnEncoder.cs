using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CaptioningKit.Encoder;

/// <summary>
/// A small CNN that trains from scratch in minutes on the built-in offline sets (64x64 shapes, 256x64 formulas):
/// a few [3x3 conv → batch norm → ReLU → 2x2 max-pool] blocks, then adaptive average pooling to a grid and
/// (B, pixels, channels). Each block halves H and W; with the default 4 blocks a 64x64 image becomes 4x4 and a
/// 256x64 formula 16x4 (use grid 4x16 for formulas: rows x columns).
/// </summary>
public sealed class SmallCnnEncoder : ImageEncoder
{
    readonly ModuleList<Sequential> blocks;
    readonly AdaptiveAvgPool2d pool;
    readonly int channels;

    /// <param name="grid">Output grid; 4x4 when null.</param>
    /// <param name="widths">Output channels of each block; [32, 64, 128, 256] when null.</param>
    /// <param name="device">Where the parameters live (from the host).</param>
    public SmallCnnEncoder(GridSize? grid = null, IReadOnlyList<int>? widths = null, Device? device = null) : base(nameof(SmallCnnEncoder))
    {
        widths ??= [32, 64, 128, 256];
        if (widths.Count == 0) throw new ArgumentException("SmallCnnEncoder needs at least one block width.");
        Grid = grid ?? GridSize.Square(4);
        blocks = new ModuleList<Sequential>();
        var inChannels = 3;
        foreach (var w in widths)
        {
            blocks.Add(Sequential(
                ("conv", new SafeConv2d(inChannels, w, 3, padding: 1)), // exact with oneDNN for any width
                ("bn", new SafeBatchNorm2d(w)),
                ("relu", ReLU()),
                ("pool", MaxPool2d(2))));
            inChannels = w;
        }
        channels = inChannels;
        pool = AdaptiveAvgPool2d([Grid.Rows, Grid.Columns]);
        RegisterComponents();
        if (device is not null) this.to(device);
    }

    public override string EncoderName => "small-cnn";
    public override int Channels => channels;
    public override GridSize Grid { get; }
    public override IReadOnlyList<EncoderBlock> Blocks =>
        blocks.Select((b, i) => new EncoderBlock($"block{i + 1}", [.. b.parameters()])).ToList();

    /// <summary>Number of [conv → bn → relu → pool] blocks.</summary>
    public int BlockCount => blocks.Count;

    /// <summary>
    /// The feature maps after the first <paramref name="blockCount"/> blocks, before pooling to the grid:
    /// (B, 3, H, W) → (B, widths[blockCount-1], H / 2^blockCount, W / 2^blockCount). What a notebook shows as heatmaps.
    /// </summary>
    public Tensor FeatureMaps(Tensor images, int blockCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(blockCount, blocks.Count);
        using var scope = NewDisposeScope();
        var x = images;                                            // (B, 3, H, W)
        foreach (var block in blocks.Take(blockCount)) x = block.call(x); // each block halves H and W
        return x.MoveToOuterDisposeScope();                         // (B, c, h, w)
    }

    public override Tensor forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        var x = images;                               // (B, 3, H, W)
        foreach (var block in blocks) x = block.call(x); // each block: (B, c, h, w) → (B, c', h/2, w/2)
        var pooled = pool.call(x);                    // (B, C, rows, cols)
        return pooled.flatten(2)                      // (B, C, pixels)
            .permute(0, 2, 1).contiguous()            // (B, pixels, C)
            .MoveToOuterDisposeScope();
    }
}
