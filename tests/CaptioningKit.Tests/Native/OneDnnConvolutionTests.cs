using CaptioningKit.Encoder;
using CaptioningKit.Native;
using TorchSharp;
using Xunit;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CaptioningKit.Tests.Native;

/// <summary>
/// oneDNN is on (fast convolutions); these tests hold the kit to the answer of libtorch's own convolutions (oneDNN off).
/// They flip a process-wide switch, so they run alone (the collection disables parallel runs).
/// </summary>
[Collection(TorchRandomCollection.Name)]
public class OneDnnConvolutionTests
{
    static (Tensor Output, Tensor WeightGrad, Tensor InputGrad) Run(Module<Tensor, Tensor> conv, Parameter weight, Tensor input, bool oneDnn)
    {
        TorchNativeLoader.SetOneDnn(oneDnn);
        try
        {
            weight.grad?.zero_();
            var x = input.detach().clone().requires_grad_(true);  // (B, in, H, W)
            var y = conv.call(x);                                  // (B, out, H', W')
            (y * y).sum().backward();
            return (y.detach(), weight.grad!.clone(), x.grad!.clone());
        }
        finally { TorchNativeLoader.SetOneDnn(true); }
    }

    static void AssertClose(Tensor expected, Tensor actual, string what)
    {
        var scale = Math.Max(1.0, expected.abs().max().item<float>());
        var diff = (expected - actual).abs().max().item<float>();
        Assert.True(diff <= 1e-4 * scale, $"{what}: oneDNN differs from libtorch's own convolution by {diff:G3} (scale {scale:G3})");
    }

    [Theory]
    [InlineData(3, 32, 3)]    // a small CNN's first block
    [InlineData(17, 32, 3)]   // the counts oneDNN 3.7 gets wrong: > 16 and not a multiple of 16
    [InlineData(20, 16, 3)]
    [InlineData(33, 64, 3)]
    [InlineData(130, 32, 3)]
    [InlineData(24, 48, 7)]
    [InlineData(32, 64, 3)]
    [InlineData(64, 128, 3)]
    public void SafeConv2d_gives_libtorchs_answer_with_oneDnn_on(int inChannels, int outChannels, int kernel)
    {
        Kit.Initialize();
        using var scope = NewDisposeScope();
        torch.manual_seed(inChannels * 31 + kernel);
        var conv = new SafeConv2d(inChannels, outChannels, kernel, padding: kernel / 2);
        var x = randn(4, inChannels, 19, 23); // (B, in, H, W)
        var reference = Run(conv, conv.Weight, x, oneDnn: false);
        var fast = Run(conv, conv.Weight, x, oneDnn: true);
        AssertClose(reference.Output, fast.Output, "output");
        AssertClose(reference.WeightGrad, fast.WeightGrad, "weight gradient");
        AssertClose(reference.InputGrad, fast.InputGrad, "input gradient");
    }

    [Fact]
    public void SafeConv2d_keeps_nn_Conv2ds_parameter_names_and_shapes()
    {
        Kit.Initialize();
        using var conv = new SafeConv2d(20, 32, 3, padding: 1, bias: true);
        var names = conv.named_parameters().Select(p => (p.name, string.Join("x", p.parameter.shape))).ToArray();
        Assert.Equal([("weight", "32x20x3x3"), ("bias", "32")], names);
    }

    [Theory]
    [InlineData("small-cnn")]
    [InlineData("resnet18-imagenet")]
    public void The_kits_encoders_give_the_same_features_with_oneDnn_on_and_off(string encoderName)
    {
        Kit.Initialize();
        using var scope = NewDisposeScope();
        torch.manual_seed(7);
        ImageEncoder encoder = encoderName == "small-cnn"
            ? new SmallCnnEncoder(GridSize.Square(4), [16, 24, 40, 64]) // 24 and 40 need SafeConv2d's padding
            : new ImageNetResNet18();
        encoder.eval();
        var side = encoderName == "small-cnn" ? 64 : 224;
        var images = randn(2, 3, side, side); // (B, 3, H, W)
        using var noGrad = no_grad();
        TorchNativeLoader.SetOneDnn(false);
        Tensor reference;
        try { reference = encoder.call(images); }   // (B, pixels, C)
        finally { TorchNativeLoader.SetOneDnn(true); }
        var fast = encoder.call(images);             // (B, pixels, C)
        AssertClose(reference, fast, $"{encoderName} features");
    }
}
