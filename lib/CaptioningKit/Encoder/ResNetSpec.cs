namespace CaptioningKit.Encoder;

/// <summary>
/// The shape of a torchvision ResNet: block kind, blocks per stage, base width (64 in every torchvision model).
/// <see cref="TorchvisionFileName"/> names the file torchvision's own download URL serves, which is what the kit
/// looks for in $CAPTIONINGKIT_WEIGHTS.
/// </summary>
public sealed record ResNetSpec(string Name, ResNetBlockKind Block, IReadOnlyList<int> Layers, int Width = 64, string? TorchvisionFileName = null)
{
    /// <summary>Where torchvision downloads its ImageNet weights from; fetch the file on a machine with internet.</summary>
    public const string DownloadBaseUrl = "https://download.pytorch.org/models/";

    public static ResNetSpec ResNet18 { get; } = new("resnet18", ResNetBlockKind.Basic, [2, 2, 2, 2], 64, "resnet18-f37072fd.pth");
    public static ResNetSpec ResNet34 { get; } = new("resnet34", ResNetBlockKind.Basic, [3, 4, 6, 3], 64, "resnet34-b627a593.pth");
    /// <summary>ResNet-50; the file is torchvision's IMAGENET1K_V2 weights (resnet50-0676ba61.pth is V1 and loads too).</summary>
    public static ResNetSpec ResNet50 { get; } = new("resnet50", ResNetBlockKind.Bottleneck, [3, 4, 6, 3], 64, "resnet50-11ad3fa6.pth");
    public static ResNetSpec ResNet101 { get; } = new("resnet101", ResNetBlockKind.Bottleneck, [3, 4, 23, 3], 64, "resnet101-cd907fc2.pth");
    public static ResNetSpec ResNet152 { get; } = new("resnet152", ResNetBlockKind.Bottleneck, [3, 8, 36, 3], 64, "resnet152-f82ba261.pth");

    public static IReadOnlyList<ResNetSpec> All { get; } = [ResNet18, ResNet34, ResNet50, ResNet101, ResNet152];

    /// <summary>Channels multiply by 4 in a Bottleneck block's last 1x1 conv.</summary>
    public int Expansion => Block == ResNetBlockKind.Bottleneck ? 4 : 1;

    /// <summary>Channels of the last stage (layer4): 512 for ResNet-18/34, 2048 for ResNet-50/101/152.</summary>
    public int OutputChannels => Width * 8 * Expansion;

    /// <summary>The URL to fetch the ImageNet weights from, or null for a custom spec.</summary>
    public string? DownloadUrl => TorchvisionFileName is null ? null : DownloadBaseUrl + TorchvisionFileName;

    /// <summary>"resnet18".."resnet152" (case-insensitive, "resnet-50" accepted).</summary>
    public static ResNetSpec FromName(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name.Replace("-", "").Replace("_", ""), StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown ResNet '{name}'. Use one of: {string.Join(", ", All.Select(s => s.Name))}.");
}
