using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CaptioningKit.Encoder;

/// <summary>
/// An encoder shaped for one line of text (the formula scans): it reads the greyscale channel only, keeps the width and
/// collapses the height. [3x3 conv → batch norm → ReLU → max-pool] blocks: the first two halve H and W, the later ones
/// halve H only (a 128x32 scan becomes 32 columns of 2 rows after 4 blocks), a max over the remaining rows keeps "is this stroke anywhere in this column" wherever the text sits vertically, and
/// a bidirectional LSTM runs along the columns (the im2latex "row encoder") so each column also knows its neighbours —
/// "C" followed by "l" reads differently from "C" followed by "1". Output: (B, rows * columns, last width), one
/// annotation vector per column (rows is 1 for the formulas).
/// </summary>
public sealed class LineCnnEncoder : ImageEncoder
{
    public const string Name = "line-cnn";

    /// <summary>How many of the first blocks halve the width too; the later blocks keep it.</summary>
    public const int HalvingBlocks = 2;

    readonly ModuleList<Sequential> blocks;
    readonly AdaptiveMaxPool2d pool;
    readonly LSTM rowLstm;
    readonly int channels;

    /// <param name="grid">Output grid, e.g. 1x32 (rows x columns); 1x32 when null.</param>
    /// <param name="widths">Output channels of each block; [16, 32, 64, 128] when null. The last width must be even: the
    /// row LSTM has half of it per direction, so the output has the last width's channels.</param>
    /// <param name="device">Where the parameters live (from the host).</param>
    public LineCnnEncoder(GridSize? grid = null, IReadOnlyList<int>? widths = null, Device? device = null) : base(nameof(LineCnnEncoder))
    {
        widths ??= [16, 32, 64, 128];
        if (widths.Count == 0) throw new ArgumentException("LineCnnEncoder needs at least one block width.");
        if (widths[^1] % 2 != 0) throw new ArgumentException($"LineCnnEncoder's last width must be even (the row LSTM has half of it per direction); it is {widths[^1]}.");
        Grid = grid ?? new GridSize(1, 32);
        blocks = new ModuleList<Sequential>();
        var inChannels = 1; // greyscale
        for (int i = 0; i < widths.Count; i++)
        {
            var heightOnly = i >= HalvingBlocks;
            blocks.Add(Sequential(
                ("conv", new SafeConv2d(inChannels, widths[i], 3, padding: 1)), // exact with oneDNN for any width
                ("bn", new SafeBatchNorm2d(widths[i])),
                ("relu", ReLU()),
                ("pool", heightOnly ? MaxPool2d([2, 1]) : MaxPool2d(2)))); // the later blocks halve the height only
            inChannels = widths[i];
        }
        channels = inChannels;
        pool = AdaptiveMaxPool2d([Grid.Rows, Grid.Columns]);
        rowLstm = LSTM(channels, channels / 2, batchFirst: true, bidirectional: true);
        RegisterComponents();
        if (device is not null) this.to(device);
    }

    public override string EncoderName => Name;
    public override int Channels => channels;
    public override GridSize Grid { get; }
    public override IReadOnlyList<EncoderBlock> Blocks =>
        [.. blocks.Select((b, i) => new EncoderBlock($"block{i + 1}", [.. b.parameters()])), new EncoderBlock("rows", [.. rowLstm.parameters()])];

    /// <summary>The CNN's feature maps before the height is collapsed: (B, 3, H, W) → (B, last width, H / 2^blocks, W / 4).</summary>
    public Tensor FeatureMaps(Tensor images)
    {
        using var scope = NewDisposeScope();
        var x = images.narrow(1, 0, 1);                    // (B, 1, H, W): the scans are grey, one channel says it all
        foreach (var block in blocks) x = block.call(x);   // (B, c, h, w): each block halves h, the first two w too
        return x.MoveToOuterDisposeScope();                // (B, C, h, w)
    }

    public override Tensor forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        var maps = FeatureMaps(images);                    // (B, C, h, w)
        var pooled = pool.call(maps);                      // (B, C, rows, cols): max over each cell
        long b = pooled.shape[0], rows = pooled.shape[2], cols = pooled.shape[3];
        var sequence = pooled.permute(0, 2, 3, 1)          // (B, rows, cols, C)
            .reshape(b * rows, cols, channels);            // (B * rows, cols, C): one sequence per row
        var (read, _, _) = rowLstm.call(sequence, null);   // (B * rows, cols, C): C/2 each way
        return read.reshape(b, rows * cols, channels)      // (B, pixels, C)
            .contiguous().MoveToOuterDisposeScope();
    }
}
