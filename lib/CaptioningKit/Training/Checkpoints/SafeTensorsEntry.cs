using static TorchSharp.torch;

namespace CaptioningKit.Training.Checkpoints;

/// <summary>One tensor's header entry: type, shape and byte range [Begin, End) in the data section.</summary>
public sealed record SafeTensorsEntry(string Name, ScalarType DType, long[] Shape, long Begin, long End)
{
    public string Describe() => $"{SafeTensorsDType.NameOf(DType)}[{string.Join(", ", Shape)}]";
}
