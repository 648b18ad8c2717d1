using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CaptioningKit.Encoder;

/// <summary>
/// The residual block of the CNTK-trained ResNet-18 (<see cref="ImageNetResNet18"/>): torchvision's BasicBlock
/// (3x3 conv, bn, relu, 3x3 conv, bn, + shortcut, relu) except that a stride-2 3x3 convolution pads one row on top and
/// one column on the left only (ONNX pads [1, 1, 0, 0]), as CNTK did; torchvision pads all four sides. With the same
/// weights the two paddings give different numbers, so the graph is copied exactly. Field names follow torchvision's.
/// </summary>
sealed class ImageNetResNet18Block : Module<Tensor, Tensor>
{
    readonly SafeConv2d conv1;
    readonly SafeBatchNorm2d bn1;
    readonly SafeConv2d conv2;
    readonly SafeBatchNorm2d bn2;
    readonly Sequential? downsample;
    readonly int stride;

    public ImageNetResNet18Block(int inPlanes, int planes, int stride) : base(nameof(ImageNetResNet18Block))
    {
        this.stride = stride;
        conv1 = new SafeConv2d(inPlanes, planes, 3, stride: stride, padding: stride == 1 ? 1 : 0);
        bn1 = new SafeBatchNorm2d(planes);
        conv2 = new SafeConv2d(planes, planes, 3, padding: 1);
        bn2 = new SafeBatchNorm2d(planes);
        if (stride != 1 || inPlanes != planes)
            downsample = Sequential(("0", new SafeConv2d(inPlanes, planes, 1, stride: stride)), ("1", new SafeBatchNorm2d(planes)));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        // Stride 2: pad left 1, right 0, top 1, bottom 0, then a 3x3/2 convolution without padding.
        var padded = stride == 1 ? x : functional.pad(x, [1, 0, 1, 0]); // (B, C, H+1, W+1) when stride 2
        var y = functional.relu(bn1.call(conv1.call(padded)));          // (B, planes, H/stride, W/stride)
        y = bn2.call(conv2.call(y));                                    // (B, planes, H/stride, W/stride)
        var identity = downsample?.call(x) ?? x;                        // (B, planes, H/stride, W/stride)
        return functional.relu(y + identity).MoveToOuterDisposeScope();
    }
}
