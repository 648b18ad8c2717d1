using System.Collections;
using CaptioningKit.SafeTensors;
using TorchSharp.PyBridge;

namespace CaptioningKit.Encoder;

/// <summary>
/// Reads the parameter names and shapes of a weights file WITHOUT reading the tensors, so that they can be compared
/// with a module's state_dict before anything is loaded. Two formats: a PyTorch state dict saved with torch.save
/// (.pth/.pt, what torchvision's URLs serve) and safetensors (.safetensors).
/// </summary>
public static class StateDictFile
{
    /// <summary>True when the file is safetensors (by extension).</summary>
    public static bool IsSafetensors(string path) => path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase);

    /// <summary>Name → shape of every tensor in the file.</summary>
    public static IReadOnlyDictionary<string, long[]> ReadShapes(string path)
    {
        if (!File.Exists(path))
            throw new WeightLoadException(path, $"The weights file '{path}' does not exist. Check the path or $CAPTIONINGKIT_WEIGHTS.");
        if (new FileInfo(path).Length == 0)
            throw new WeightLoadException(path, $"The weights file '{path}' is empty (0 bytes): an interrupted download or copy. Fix: download or copy it again.");
        try
        {
            return IsSafetensors(path) ? ReadSafetensorsShapes(path) : ReadPickleShapes(path);
        }
        catch (WeightLoadException) { throw; }
        catch (Exception e)
        {
            throw new WeightLoadException(path,
                $"'{path}' is not a readable {(IsSafetensors(path) ? "safetensors" : "PyTorch state dict (torch.save of model.state_dict())")} file: {e.Message}. " +
                "A whole pickled model or a TorchScript file cannot be read; save model.state_dict() instead.", e);
        }
    }

    static Dictionary<string, long[]> ReadPickleShapes(string path)
    {
        using var stream = File.OpenRead(path);
        var table = PyTorchUnpickler.UnpickleStateDict(stream, leaveOpen: true, skipTensorRead: true);
        var shapes = new Dictionary<string, long[]>();
        foreach (DictionaryEntry entry in table)
        {
            var value = entry.Value ?? throw new InvalidDataException($"entry '{entry.Key}' is empty");
            // PyBridge describes each unread tensor with an internal TensorConstructorArgs; its Shape is all we need.
            var shape = value.GetType().GetProperty("Shape")?.GetValue(value)
                ?? throw new InvalidDataException($"entry '{entry.Key}' is a {value.GetType().Name}, not a tensor");
            shapes[(string)entry.Key] = ((IEnumerable)shape).Cast<object>().Select(Convert.ToInt64).ToArray();
        }
        return shapes;
    }

    /// <summary>The shapes from the header, through the kit's one safetensors reader (which checks it against the file).</summary>
    static Dictionary<string, long[]> ReadSafetensorsShapes(string path) =>
        SafeTensorsFile.Open(path).Entries.ToDictionary(e => e.Key, e => e.Value.Shape);
}
