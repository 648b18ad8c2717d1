using TorchSharp;

namespace CaptioningKit.Encoder;

/// <summary>Encoders by name, as the CLI and notebooks name them: "small-cnn", "resnet18" … "resnet152".</summary>
public static class EncoderFactory
{
    public static IReadOnlyList<string> Names { get; } = ["small-cnn", .. ResNetSpec.All.Select(s => s.Name)];

    /// <summary>A new encoder with random weights on <paramref name="device"/>; grid 14x14 for ResNets and 4x4 for small-cnn when null.</summary>
    public static ImageEncoder Create(string name, torch.Device device, GridSize? grid = null) =>
        name.Equals("small-cnn", StringComparison.OrdinalIgnoreCase) || name.Equals("small", StringComparison.OrdinalIgnoreCase)
            ? new SmallCnnEncoder(grid, device: device)
            : new ResNetEncoder(ResNetSpec.FromName(name), grid, device);

    /// <summary>The module a weights file for this encoder is loaded into (a ResNet's torchvision-named backbone, else the encoder).</summary>
    public static torch.nn.Module WeightsTarget(ImageEncoder encoder) => encoder is ResNetEncoder r ? r.Backbone : encoder;
}
