using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CaptioningKit.Encoder;

/// <summary>
/// A torchvision ResNet without its avgpool and fc: conv1, bn1, relu, maxpool, layer1..layer4, with torchvision's
/// module names (layer2.0.downsample.0.weight...), so torchvision state dicts (.pth or .safetensors) load by name.
/// Written here rather than taken from TorchVision's C# ResNet because the kit needs the width to be configurable
/// (the committed test fixture is a narrow ResNet) and no classifier head. (B, 3, H, W) → (B, C, H/32, W/32).
/// </summary>
public sealed class ResNetBackbone : Module<Tensor, Tensor>
{
    readonly SafeConv2d conv1;
    readonly SafeBatchNorm2d bn1;
    readonly MaxPool2d maxpool;
    readonly Sequential layer1;
    readonly Sequential layer2;
    readonly Sequential layer3;
    readonly Sequential layer4;

    public ResNetBackbone(ResNetSpec spec) : base(spec.Name)
    {
        if (spec.Layers.Count != 4) throw new ArgumentException($"A ResNet has 4 stages; {spec.Name} lists {spec.Layers.Count}.");
        Spec = spec;
        var inPlanes = spec.Width;
        conv1 = new SafeConv2d(3, inPlanes, 7, stride: 2, padding: 3);
        bn1 = new SafeBatchNorm2d(inPlanes);
        maxpool = MaxPool2d(3, stride: 2, padding: 1);
        layer1 = MakeLayer(spec, ref inPlanes, spec.Width, spec.Layers[0], 1);
        layer2 = MakeLayer(spec, ref inPlanes, spec.Width * 2, spec.Layers[1], 2);
        layer3 = MakeLayer(spec, ref inPlanes, spec.Width * 4, spec.Layers[2], 2);
        layer4 = MakeLayer(spec, ref inPlanes, spec.Width * 8, spec.Layers[3], 2);
        RegisterComponents();
    }

    public ResNetSpec Spec { get; }

    /// <summary>Stem (conv1+bn1), layer1, layer2, layer3, layer4: the units that fine-tuning unfreezes from the end.</summary>
    public IReadOnlyList<EncoderBlock> Stages =>
    [
        new("stem (conv1, bn1)", [.. conv1.parameters(), .. bn1.parameters()]),
        new("layer1", [.. layer1.parameters()]),
        new("layer2", [.. layer2.parameters()]),
        new("layer3", [.. layer3.parameters()]),
        new("layer4", [.. layer4.parameters()]),
    ];

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = functional.relu(bn1.call(conv1.call(x))); // (B, width, H/2, W/2)
        y = maxpool.call(y);                              // (B, width, H/4, W/4)
        y = layer1.call(y);                               // (B, width*e, H/4, W/4)
        y = layer2.call(y);                               // (B, 2*width*e, H/8, W/8)
        y = layer3.call(y);                               // (B, 4*width*e, H/16, W/16)
        y = layer4.call(y);                               // (B, 8*width*e, H/32, W/32)
        return y.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The same computation as <see cref="forward"/>, keeping every stage's output so a notebook can show how the image
    /// shrinks while the channels grow: "stem" (conv1 stride 2, bn1, relu), "maxpool", "layer1" … "layer4".
    /// The caller disposes the tensors (or its dispose scope does).
    /// </summary>
    public IReadOnlyList<(string Stage, Tensor Output)> ForwardStages(Tensor x)
    {
        using var scope = NewDisposeScope();
        var stages = new List<(string Stage, Tensor Output)>();
        var y = functional.relu(bn1.call(conv1.call(x))); // (B, width, H/2, W/2)
        stages.Add(("stem", y));
        y = maxpool.call(y);                              // (B, width, H/4, W/4)
        stages.Add(("maxpool", y));
        foreach (var (name, layer) in new[] { ("layer1", layer1), ("layer2", layer2), ("layer3", layer3), ("layer4", layer4) })
        {
            y = layer.call(y);                            // layer1 keeps H/4; each later layer halves H and W, doubles channels
            stages.Add((name, y));
        }
        foreach (var (_, output) in stages) output.MoveToOuterDisposeScope();
        return stages;
    }

    /// <summary>torchvision's _make_layer: the first block may change stride/width and then needs a downsample path.</summary>
    static Sequential MakeLayer(ResNetSpec spec, ref int inPlanes, int planes, int blocks, int stride)
    {
        var expansion = spec.Expansion;
        Module<Tensor, Tensor>? downsample = null;
        if (stride != 1 || inPlanes != planes * expansion)
            downsample = Sequential(("0", new SafeConv2d(inPlanes, planes * expansion, 1, stride: stride)), ("1", new SafeBatchNorm2d(planes * expansion)));
        var list = new List<(string, Module<Tensor, Tensor>)> { ("0", Block(spec, inPlanes, planes, stride, downsample)) };
        inPlanes = planes * expansion;
        for (var i = 1; i < blocks; i++) list.Add((i.ToString(), Block(spec, inPlanes, planes, 1, null)));
        return Sequential(list);
    }

    static Module<Tensor, Tensor> Block(ResNetSpec spec, int inPlanes, int planes, int stride, Module<Tensor, Tensor>? downsample) =>
        spec.Block == ResNetBlockKind.Basic
            ? new BasicBlock(inPlanes, planes, stride, downsample)
            : new Bottleneck(inPlanes, planes, stride, downsample);
}
