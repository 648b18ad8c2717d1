using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CaptioningKit.Encoder;

/// <summary>
/// A 2-D convolution that gives the right answer with libtorch's oneDNN on. oneDNN 3.7 (inside TorchSharp-cpu 0.107)
/// is wrong for k x k convolutions (k &gt; 1) with more than 16 input channels that are not a multiple of 16 (see
/// <see cref="Native.TorchNativeLoader.SetOneDnn"/>). For those channel counts this module pads the input and the
/// weight with zero channels up to the next multiple of 16 — the same sum, so the same output and gradients — and for
/// every other count it is a plain convolution. Its one parameter is named "weight" (and "bias"), as nn.Conv2d's, so
/// checkpoints do not change.
/// </summary>
public sealed class SafeConv2d : Module<Tensor, Tensor>
{
    readonly Parameter weight;
    readonly Parameter? bias;
    readonly long stride, padding;
    readonly int paddedChannels;

    public SafeConv2d(int inChannels, int outChannels, int kernelSize, int stride = 1, int padding = 0, bool bias = false) : base(nameof(SafeConv2d))
    {
        if (WeightsToBeLoaded.Active)
        {
            // A checkpoint overwrites every weight (loading is strict by name and shape): no random start to compute.
            weight = new Parameter(empty(outChannels, inChannels, kernelSize, kernelSize)); // (out, in, k, k)
            this.bias = bias ? new Parameter(empty(outChannels)) : null;                     // (out)
        }
        else
        {
            // Initialised exactly as nn.Conv2d (kaiming-uniform weight, uniform bias), so a model's random start is unchanged.
            using var reference = Conv2d(inChannels, outChannels, kernelSize, stride: stride, padding: padding, bias: bias);
            weight = new Parameter(reference.weight!.detach().clone());                   // (out, in, k, k)
            this.bias = bias ? new Parameter(reference.bias!.detach().clone()) : null;     // (out)
        }
        this.stride = stride;
        this.padding = padding;
        paddedChannels = NeedsPadding(inChannels, kernelSize) ? (inChannels + 15) / 16 * 16 : inChannels;
        RegisterComponents();
    }

    /// <summary>Whether oneDNN would get a convolution with these input channels and kernel wrong.</summary>
    public static bool NeedsPadding(int inChannels, int kernelSize) => kernelSize > 1 && inChannels > 16 && inChannels % 16 != 0;

    public Parameter Weight => weight;

    public override Tensor forward(Tensor input)
    {
        var x = input;                                              // (B, in, H, W)
        var w = (Tensor)weight;                                     // (out, in, k, k)
        long extra = paddedChannels - weight.shape[1];
        if (extra == 0) return functional.conv2d(x, w, bias, strides: [stride, stride], padding: [padding, padding]); // (B, out, H', W')
        using var scope = NewDisposeScope();
        x = functional.pad(x, [0, 0, 0, 0, 0, extra]);              // (B, paddedChannels, H, W): zero channels at the end
        w = functional.pad(w, [0, 0, 0, 0, 0, extra]);              // (out, paddedChannels, k, k)
        return functional.conv2d(x, w, bias, strides: [stride, stride], padding: [padding, padding]) // (B, out, H', W')
            .MoveToOuterDisposeScope();
    }
}
