using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CaptioningKit.Encoder;

/// <summary>
/// "resnet18-imagenet": the ImageNet-trained ResNet-18 that ships offline in the NuGet package
/// Microsoft.ML.DnnImageFeaturizer.ResNet18 (a CNTK model exported to ONNX), rebuilt as a TorchSharp module so it can be
/// frozen or fine-tuned like any encoder. Not torchvision's layout, read from the graph: the 7x7/2 stem pads
/// (top 3, left 3, bottom 2, right 2), the 3x3/2 max pool and the stride-2 3x3 convolutions pad top and left only, and
/// the stages have 2, 2, 2 and 3 blocks. Input: (B, 3, 224, 224) prepared by <see cref="ImageNetResNet18Weights.Normalization"/>
/// (B, G, R 0..255 minus a mean image). The (512, 7, 7) map before the package's average pool is the encoder's grid.
/// Construct with random weights here; <see cref="EncoderFactory.CreatePretrained"/> loads the ImageNet weights.
/// </summary>
public sealed class ImageNetResNet18 : ImageEncoder
{
    /// <summary>The encoder's name in configs, the CLI and caches.</summary>
    public const string Name = "resnet18-imagenet";

    /// <summary>Blocks per stage, as in the ONNX graph (torchvision's ResNet-18 has [2, 2, 2, 2]).</summary>
    public static IReadOnlyList<int> StageBlocks { get; } = [2, 2, 2, 3];

    /// <summary>Channels of each stage's output.</summary>
    public static IReadOnlyList<int> StageWidths { get; } = [64, 128, 256, 512];

    /// <summary>The image side the ImageNet weights and the mean image were made for.</summary>
    public const int ImageSize = 224;

    readonly SafeConv2d conv1;
    readonly SafeBatchNorm2d bn1;
    readonly MaxPool2d maxpool;
    readonly Sequential layer1;
    readonly Sequential layer2;
    readonly Sequential layer3;
    readonly Sequential layer4;
    readonly AdaptiveAvgPool2d pool;

    /// <param name="grid">The output grid; 7x7 (the map itself, 49 cells) when null, else adaptive average pooling of the 7x7 map.</param>
    /// <param name="device">Where the parameters live (from the host).</param>
    public ImageNetResNet18(GridSize? grid = null, Device? device = null) : base(nameof(ImageNetResNet18))
    {
        Grid = grid ?? GridSize.Square(7);
        conv1 = new SafeConv2d(3, 64, 7, stride: 2);
        bn1 = new SafeBatchNorm2d(64);
        maxpool = MaxPool2d(3, stride: 2);
        var inPlanes = 64;
        layer1 = Stage(ref inPlanes, 0, 1);
        layer2 = Stage(ref inPlanes, 1, 2);
        layer3 = Stage(ref inPlanes, 2, 2);
        layer4 = Stage(ref inPlanes, 3, 2);
        pool = AdaptiveAvgPool2d([Grid.Rows, Grid.Columns]);
        RegisterComponents();
        if (device is not null) this.to(device);
    }

    public override string EncoderName => Name;
    public override int Channels => 512;
    public override GridSize Grid { get; }

    /// <summary>Stem (conv1, bn1), layer1 … layer4: the units fine-tuning unfreezes from the end.</summary>
    public override IReadOnlyList<EncoderBlock> Blocks =>
    [
        new("stem (conv1, bn1)", [.. conv1.parameters(), .. bn1.parameters()]),
        new("layer1", [.. layer1.parameters()]),
        new("layer2", [.. layer2.parameters()]),
        new("layer3", [.. layer3.parameters()]),
        new("layer4", [.. layer4.parameters()]),
    ];

    /// <summary>
    /// Every stage's output, from the input to the last ReLU, so a notebook can show what the network sees:
    /// "stem", "maxpool", "layer1" … "layer4" ((B, 512, 7, 7) for 224x224 input). The caller disposes the tensors.
    /// </summary>
    public IReadOnlyList<(string Stage, Tensor Output)> ForwardStages(Tensor images)
    {
        using var scope = NewDisposeScope();
        var stages = new List<(string Stage, Tensor Output)>();
        var x = functional.pad(images, [3, 2, 3, 2]);     // (B, 3, H+5, W+5): left 3, right 2, top 3, bottom 2
        var y = functional.relu(bn1.call(conv1.call(x))); // (B, 64, H/2, W/2)
        stages.Add(("stem", y));
        // Pad top and left by one; after the ReLU every value is >= 0, so a zero pad never wins the max (as ONNX's -inf).
        y = maxpool.call(functional.pad(y, [1, 0, 1, 0])); // (B, 64, H/4, W/4)
        stages.Add(("maxpool", y));
        foreach (var (name, layer) in new[] { ("layer1", layer1), ("layer2", layer2), ("layer3", layer3), ("layer4", layer4) })
        {
            y = layer.call(y);                             // layer1 keeps H/4; each later one halves H and W, doubles channels
            stages.Add((name, y));
        }
        foreach (var (_, output) in stages) output.MoveToOuterDisposeScope();
        return stages;
    }

    /// <summary>The last ReLU's output, before any pooling: (B, 3, H, W) → (B, 512, H/32, W/32); (B, 512, 7, 7) for 224x224.</summary>
    public Tensor FeatureMap(Tensor images)
    {
        using var scope = NewDisposeScope();
        var x = functional.pad(images, [3, 2, 3, 2]);      // (B, 3, H+5, W+5)
        var y = functional.relu(bn1.call(conv1.call(x)));  // (B, 64, H/2, W/2)
        y = maxpool.call(functional.pad(y, [1, 0, 1, 0])); // (B, 64, H/4, W/4)
        y = layer1.call(y);                                // (B, 64, H/4, W/4)
        y = layer2.call(y);                                // (B, 128, H/8, W/8)
        y = layer3.call(y);                                // (B, 256, H/16, W/16)
        y = layer4.call(y);                                // (B, 512, H/32, W/32)
        return y.MoveToOuterDisposeScope();
    }

    public override Tensor forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        var map = FeatureMap(images);                // (B, 512, H/32, W/32)
        var pooled = map.shape[2] == Grid.Rows && map.shape[3] == Grid.Columns
            ? map                                    // (B, 512, rows, cols): already the grid (7x7 for 224x224)
            : pool.call(map);                        // (B, 512, rows, cols)
        return pooled.flatten(2)                     // (B, 512, pixels)
            .permute(0, 2, 1).contiguous()           // (B, pixels, 512)
            .MoveToOuterDisposeScope();
    }

    static Sequential Stage(ref int inPlanes, int index, int stride)
    {
        var planes = StageWidths[index];
        var blocks = new List<(string, Module<Tensor, Tensor>)>();
        for (var i = 0; i < StageBlocks[index]; i++)
        {
            blocks.Add((i.ToString(), new ImageNetResNet18Block(inPlanes, planes, i == 0 ? stride : 1)));
            inPlanes = planes;
        }
        return Sequential(blocks);
    }
}
