using System.Text;

namespace CaptioningKit.Encoder;

/// <summary>A parameter present in both file and module with different shapes.</summary>
public sealed record ShapeMismatch(string Name, IReadOnlyList<long> FileShape, IReadOnlyList<long> ModuleShape)
{
    public override string ToString() => $"{Name}: file [{string.Join(", ", FileShape)}] vs module [{string.Join(", ", ModuleShape)}]";
}

/// <summary>
/// How a weights file matches a module, computed from names and shapes before anything is loaded:
/// <see cref="Missing"/> (the module needs them, the file lacks them), <see cref="Unexpected"/> (in the file, not
/// in the module), <see cref="ShapeMismatches"/>, and <see cref="Ignored"/> (in the file but deliberately not used,
/// e.g. torchvision's classifier head fc.weight/fc.bias, which an encoder drops).
/// </summary>
public sealed record WeightLoadReport(
    string File,
    int Matched,
    IReadOnlyList<string> Missing,
    IReadOnlyList<string> Unexpected,
    IReadOnlyList<ShapeMismatch> ShapeMismatches,
    IReadOnlyList<string> Ignored)
{
    /// <summary>True when every module tensor is in the file with its shape and the file has nothing else (besides <see cref="Ignored"/>).</summary>
    public bool IsExact => Missing.Count == 0 && Unexpected.Count == 0 && ShapeMismatches.Count == 0;

    /// <summary>Whether the weights were loaded (set by <see cref="WeightLoader"/>).</summary>
    public bool Loaded { get; init; }

    /// <summary>A readable summary listing every problem key.</summary>
    public string Describe()
    {
        var sb = new StringBuilder();
        sb.Append($"Weights '{File}': {Matched} tensors match");
        if (Ignored.Count > 0) sb.Append($", {Ignored.Count} ignored ({string.Join(", ", Ignored)})");
        sb.Append(IsExact ? ". The file matches the module." : ". The file does NOT match the module:");
        if (Missing.Count > 0) sb.Append($"\n  missing from the file ({Missing.Count}): {string.Join(", ", Missing)}");
        if (Unexpected.Count > 0) sb.Append($"\n  unexpected in the file ({Unexpected.Count}): {string.Join(", ", Unexpected)}");
        if (ShapeMismatches.Count > 0) sb.Append($"\n  shape mismatches ({ShapeMismatches.Count}): {string.Join("; ", ShapeMismatches)}");
        if (!IsExact) sb.Append("\n  Is it the right architecture (e.g. resnet50 weights for a resnet50 encoder) and a state dict with torchvision's names?");
        return sb.ToString();
    }

    public override string ToString() => Describe();
}
