using CaptioningKit.Encoder;
using TorchSharp;
using Xunit;
using Xunit.Abstractions;

namespace CaptioningKit.Tests.Encoder;

/// <summary>The C# encoder reproduces PyTorch's output for the same torchvision-named weights and input.</summary>
public class CrossFrameworkTests(ITestOutputHelper output)
{
    const double Tolerance = 1e-4;

    [Theory]
    [InlineData("narrow_resnet_basic", "narrow_resnet_basic.pth", 96)]
    [InlineData("narrow_resnet_basic", "narrow_resnet_basic.safetensors", 96)]
    [InlineData("narrow_resnet_bottleneck", "narrow_resnet_bottleneck.pth", 256)]
    public void Encoder_output_matches_pytorch(string model, string weights, int channels)
    {
        using var scope = torch.NewDisposeScope();
        var spec = model.Contains("basic") ? EncoderFixture.Basic : EncoderFixture.Bottleneck;
        using var encoder = new ResNetEncoder(spec, GridSize.Square(2), torch.CPU);
        var report = WeightLoader.Load(encoder.Backbone, EncoderFixture.File(weights));
        Assert.True(report.IsExact, report.Describe());
        Assert.Equal(new[] { "fc.bias", "fc.weight" }, report.Ignored);
        encoder.eval();

        using var noGrad = torch.no_grad();
        var actual = encoder.call(EncoderFixture.Input());                                      // (2, 4, channels)
        var expected = EncoderFixture.ReadF32(model + ".output.f32", [2, 4, channels]);       // (2, 4, channels)

        Assert.Equal(expected.shape, actual.shape);
        var maxDiff = (actual - expected).abs().max().item<float>();
        output.WriteLine($"{weights}: largest absolute difference {maxDiff:E3} (values up to {expected.abs().max().item<float>():F3})");
        Assert.True(maxDiff < Tolerance, $"largest absolute difference {maxDiff} exceeds {Tolerance}");
    }

    [Fact]
    public void Random_weights_do_not_match_pytorch()
    {
        // The comparison above can fail: without the file, the output differs.
        using var scope = torch.NewDisposeScope();
        using var encoder = new ResNetEncoder(EncoderFixture.Basic, GridSize.Square(2), torch.CPU);
        encoder.eval();
        using var noGrad = torch.no_grad();
        var actual = encoder.call(EncoderFixture.Input());
        var expected = EncoderFixture.ReadF32("narrow_resnet_basic.output.f32", [2, 4, 96]);
        Assert.True((actual - expected).abs().max().item<float>() > 1e-2);
    }
}
