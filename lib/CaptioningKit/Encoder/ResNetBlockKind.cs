namespace CaptioningKit.Encoder;

/// <summary>torchvision's two residual blocks: BasicBlock (two 3x3 convs; ResNet-18/34) and Bottleneck (1x1, 3x3, 1x1 with 4x expansion; ResNet-50/101/152).</summary>
public enum ResNetBlockKind { Basic, Bottleneck }
