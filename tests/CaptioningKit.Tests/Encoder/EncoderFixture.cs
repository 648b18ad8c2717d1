using CaptioningKit.Encoder;
using TorchSharp;
using static TorchSharp.torch;

namespace CaptioningKit.Tests.Encoder;

/// <summary>The committed fixture of tests/fixtures/encoder (made by make_fixture.py with PyTorch 1.13 / torchvision 0.14).</summary>
static class EncoderFixture
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "fixtures", "encoder");
    public static string File(string name) => Path.Combine(Folder, name);

    /// <summary>The narrow torchvision ResNets the script builds: base width 12 (Basic) / 8 (Bottleneck), one block per stage.</summary>
    public static ResNetSpec Basic { get; } = new("narrow_resnet_basic", ResNetBlockKind.Basic, [1, 1, 1, 1], 12);
    public static ResNetSpec Bottleneck { get; } = new("narrow_resnet_bottleneck", ResNetBlockKind.Bottleneck, [1, 1, 1, 1], 8);

    public static Tensor Input() => ReadF32("input.f32", [2, 3, 64, 64]); // (2, 3, 64, 64)

    public static Tensor ReadF32(string name, long[] shape)
    {
        var bytes = System.IO.File.ReadAllBytes(File(name));
        var values = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return torch.tensor(values, shape);
    }
}
