using System.Collections;
using System.Text.Json;
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

    static Dictionary<string, long[]> ReadSafetensorsShapes(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> lengthBytes = stackalloc byte[8];
        stream.ReadExactly(lengthBytes);
        var length = BitConverter.ToInt64(lengthBytes); // little-endian on every platform .NET runs TorchSharp on
        if (length <= 0 || length > 100_000_000 || length > stream.Length - 8)
            throw new InvalidDataException($"the header length {length} does not fit the file ({stream.Length} bytes)");
        var header = new byte[length];
        stream.ReadExactly(header);
        using var json = JsonDocument.Parse(header);
        var shapes = new Dictionary<string, long[]>();
        foreach (var property in json.RootElement.EnumerateObject())
        {
            if (property.Name == "__metadata__") continue;
            shapes[property.Name] = property.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        }
        return shapes;
    }
}
