using static TorchSharp.torch;

namespace CaptioningKit.Training.Checkpoints;

/// <summary>The safetensors names of the element types ("F32", "I64", ...) and their sizes in bytes.</summary>
public static class SafeTensorsDType
{
    static readonly (ScalarType Type, string Name, int Size)[] Table =
    [
        (ScalarType.Float32, "F32", 4), (ScalarType.Float64, "F64", 8), (ScalarType.Float16, "F16", 2),
        (ScalarType.BFloat16, "BF16", 2), (ScalarType.Int64, "I64", 8), (ScalarType.Int32, "I32", 4),
        (ScalarType.Int16, "I16", 2), (ScalarType.Int8, "I8", 1), (ScalarType.Byte, "U8", 1), (ScalarType.Bool, "BOOL", 1),
    ];

    public static string NameOf(ScalarType type) =>
        Table.FirstOrDefault(e => e.Type == type).Name ?? throw new NotSupportedException($"Tensors of type {type} cannot be stored in a checkpoint.");

    public static bool TryParse(string name, out ScalarType type, out int size)
    {
        foreach (var e in Table)
            if (e.Name == name) { type = e.Type; size = e.Size; return true; }
        type = default; size = 0;
        return false;
    }
}
