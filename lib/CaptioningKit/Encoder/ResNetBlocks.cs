using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch.nn;
using static TorchSharp.torch;

namespace CaptioningKit.Encoder;

/// <summary>
/// torchvision's BasicBlock, with its field names (conv1, bn1, conv2, bn2, downsample) so that a torchvision state
/// dict loads into it by name.
/// </summary>
sealed class BasicBlock : Module<Tensor, Tensor>
{
    readonly SafeConv2d conv1;
    readonly SafeBatchNorm2d bn1;
    readonly SafeConv2d conv2;
    readonly SafeBatchNorm2d bn2;
    readonly Module<Tensor, Tensor>? downsample;

    public BasicBlock(int inPlanes, int planes, int stride, Module<Tensor, Tensor>? downsample) : base(nameof(BasicBlock))
    {
        conv1 = new SafeConv2d(inPlanes, planes, 3, stride: stride, padding: 1);
        bn1 = new SafeBatchNorm2d(planes);
        conv2 = new SafeConv2d(planes, planes, 3, padding: 1);
        bn2 = new SafeBatchNorm2d(planes);
        this.downsample = downsample;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = functional.relu(bn1.call(conv1.call(x))); // (B, planes, H/stride, W/stride)
        y = bn2.call(conv2.call(y));                      // (B, planes, H/stride, W/stride)
        var identity = downsample?.call(x) ?? x;          // (B, planes, H/stride, W/stride)
        return functional.relu(y + identity).MoveToOuterDisposeScope();
    }
}

/// <summary>torchvision's Bottleneck (1x1 reduce, 3x3, 1x1 expand by 4) with its field names.</summary>
sealed class Bottleneck : Module<Tensor, Tensor>
{
    readonly SafeConv2d conv1;
    readonly SafeBatchNorm2d bn1;
    readonly SafeConv2d conv2;
    readonly SafeBatchNorm2d bn2;
    readonly SafeConv2d conv3;
    readonly SafeBatchNorm2d bn3;
    readonly Module<Tensor, Tensor>? downsample;

    public Bottleneck(int inPlanes, int planes, int stride, Module<Tensor, Tensor>? downsample) : base(nameof(Bottleneck))
    {
        conv1 = new SafeConv2d(inPlanes, planes, 1);
        bn1 = new SafeBatchNorm2d(planes);
        conv2 = new SafeConv2d(planes, planes, 3, stride: stride, padding: 1); // torchvision v1.5: stride on the 3x3
        bn2 = new SafeBatchNorm2d(planes);
        conv3 = new SafeConv2d(planes, planes * 4, 1);
        bn3 = new SafeBatchNorm2d(planes * 4);
        this.downsample = downsample;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = functional.relu(bn1.call(conv1.call(x))); // (B, planes, H, W)
        y = functional.relu(bn2.call(conv2.call(y)));     // (B, planes, H/stride, W/stride)
        y = bn3.call(conv3.call(y));                      // (B, 4*planes, H/stride, W/stride)
        var identity = downsample?.call(x) ?? x;          // (B, 4*planes, H/stride, W/stride)
        return functional.relu(y + identity).MoveToOuterDisposeScope();
    }
}

/// <summary>A unit of an encoder that is frozen or fine-tuned as a whole (e.g. "layer4" of a ResNet), with its parameters.</summary>
public sealed record EncoderBlock(string Name, IReadOnlyList<Parameter> Parameters);

/// <summary>torchvision's two residual blocks: BasicBlock (two 3x3 convs; ResNet-18/34) and Bottleneck (1x1, 3x3, 1x1 with 4x expansion; ResNet-50/101/152).</summary>
public enum ResNetBlockKind { Basic, Bottleneck }
