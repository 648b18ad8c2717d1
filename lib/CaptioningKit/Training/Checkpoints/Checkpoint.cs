using TorchSharp;
using static TorchSharp.torch;

namespace CaptioningKit.Training.Checkpoints;

/// <summary>
/// Saves and loads a module's parameters as a safetensors file with CaptioningKit metadata (docs/checkpoint-format.md).
/// The format does not depend on TorchSharp's own serialisation, so any safetensors reader (Python's
/// <c>safetensors</c>, or 40 lines of code) can open it.
/// </summary>
public static class Checkpoint
{
    /// <summary>
    /// Names reserved for resumable training state (the optimiser's moments, the random generator): a checkpoint may
    /// carry them besides the module's tensors, and loading a module ignores them (see TrainingCheckpoint).
    /// </summary>
    public static readonly IReadOnlyList<string> TrainingStatePrefixes = ["optimizer.", "rng."];

    static bool IsTrainingState(string name) => TrainingStatePrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal));

    /// <summary>Writes every tensor of <paramref name="module"/>'s state dict and <paramref name="info"/>, atomically.</summary>
    public static void Save(string path, nn.Module module, CheckpointInfo info) =>
        SafeTensorsWriter.Write(path, module.state_dict(), info.ToMetadata());

    /// <summary>Reads only the metadata (e.g. to build the model with the saved configuration before loading).</summary>
    public static CheckpointInfo ReadInfo(string path)
    {
        var file = SafeTensorsFile.Open(path);
        return CheckpointInfo.FromMetadata(path, file.Metadata);
    }

    /// <summary>
    /// Copies the checkpoint's tensors into <paramref name="module"/>. Before touching the module it checks, by name,
    /// that every tensor is present with the same type and shape, nothing unexpected is present and (when
    /// <paramref name="expectedConfigurationJson"/> is given) that the configuration is the same; otherwise it throws a
    /// <see cref="CheckpointMismatchException"/> listing every difference.
    /// </summary>
    public static CheckpointInfo Load(string path, nn.Module module, string? expectedConfigurationJson = null)
    {
        var file = SafeTensorsFile.Open(path);
        var info = CheckpointInfo.FromMetadata(path, file.Metadata);
        var target = module.state_dict();
        var configuration = expectedConfigurationJson is null ? [] : info.ConfigurationDifferences(expectedConfigurationJson);
        var missing = target.Keys.Where(k => !file.Entries.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        var unexpected = file.Entries.Keys.Where(k => !target.ContainsKey(k) && !IsTrainingState(k)).Order(StringComparer.Ordinal).ToList();
        var mismatched = new List<string>();
        foreach (var (name, tensor) in target.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            if (!file.Entries.TryGetValue(name, out var entry)) continue;
            if (entry.DType != tensor.dtype || !entry.Shape.SequenceEqual(tensor.shape))
                mismatched.Add($"{name}: checkpoint {entry.Describe()}, model {SafeTensorsDType.NameOf(tensor.dtype)}[{string.Join(", ", tensor.shape)}]");
        }
        if (configuration.Count + missing.Count + unexpected.Count + mismatched.Count > 0)
            throw new CheckpointMismatchException(path, configuration, missing, unexpected, mismatched);

        using var noGrad = torch.no_grad();
        foreach (var (name, tensor) in target)
        {
            using var loaded = file.Read(name);
            tensor.copy_(loaded);
        }
        return info;
    }
}
