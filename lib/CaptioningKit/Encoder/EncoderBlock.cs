using TorchSharp.Modules;

namespace CaptioningKit.Encoder;

/// <summary>A unit of an encoder that is frozen or fine-tuned as a whole (e.g. "layer4" of a ResNet), with its parameters.</summary>
public sealed record EncoderBlock(string Name, IReadOnlyList<Parameter> Parameters);
