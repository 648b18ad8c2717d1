using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace CaptioningKit.Training.Checkpoints;

/// <summary>
/// A safetensors file opened for reading: its header is parsed and checked against the file size when opened (a
/// truncated or corrupt file fails here with a message that says what is wrong); tensors are read by name.
/// </summary>
public sealed class SafeTensorsFile
{
    /// <summary>Largest header accepted (the safetensors reference implementation uses the same limit).</summary>
    public const long MaxHeaderBytes = 100_000_000;

    readonly long dataStart;

    SafeTensorsFile(string path, long dataStart, IReadOnlyDictionary<string, SafeTensorsEntry> entries, IReadOnlyDictionary<string, string> metadata)
    {
        Path = path;
        this.dataStart = dataStart;
        Entries = entries;
        Metadata = metadata;
    }

    public string Path { get; }

    /// <summary>The tensors in the file, by name.</summary>
    public IReadOnlyDictionary<string, SafeTensorsEntry> Entries { get; }

    /// <summary>The header's "__metadata__" (empty when absent).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    public static SafeTensorsFile Open(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Checkpoint '{path}' does not exist.", path);
        using var stream = File.OpenRead(path);
        var fileLength = stream.Length;
        if (fileLength < 8)
            throw new CheckpointFormatException($"Checkpoint '{path}' is truncated: {fileLength} bytes, less than the 8-byte header length.");
        Span<byte> lengthBytes = stackalloc byte[8];
        stream.ReadExactly(lengthBytes);
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > MaxHeaderBytes)
            throw new CheckpointFormatException($"Checkpoint '{path}' is not a safetensors file: its header length field says {headerLength} bytes.");
        if (8 + (long)headerLength > fileLength)
            throw new CheckpointFormatException($"Checkpoint '{path}' is truncated: the header needs {headerLength} bytes but only {fileLength - 8} follow.");
        var headerBytes = new byte[headerLength];
        stream.ReadExactly(headerBytes);
        var dataStart = 8 + (long)headerLength;
        var (entries, metadata) = ParseHeader(path, headerBytes);
        CheckLayout(path, entries.Values, fileLength - dataStart);
        return new SafeTensorsFile(path, dataStart, entries, metadata);
    }

    /// <summary>Reads the tensor called <paramref name="name"/> onto <paramref name="device"/> (CPU when null).</summary>
    public Tensor Read(string name, Device? device = null)
    {
        if (!Entries.TryGetValue(name, out var entry))
            throw new KeyNotFoundException($"Checkpoint '{Path}' has no tensor '{name}'.");
        var bytes = new byte[entry.End - entry.Begin];
        using (var stream = File.OpenRead(Path))
        {
            stream.Position = dataStart + entry.Begin;
            stream.ReadExactly(bytes);
        }
        var tensor = torch.empty(entry.Shape, dtype: entry.DType);
        if (bytes.Length > 0) tensor.bytes = bytes;
        if (device is null || device.type == DeviceType.CPU) return tensor;
        using (tensor) return tensor.to(device);
    }

    static (Dictionary<string, SafeTensorsEntry>, Dictionary<string, string>) ParseHeader(string path, byte[] header)
    {
        var entries = new Dictionary<string, SafeTensorsEntry>(StringComparer.Ordinal);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(Encoding.UTF8.GetString(header).TrimEnd(' '));
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == "__metadata__")
                {
                    foreach (var m in property.Value.EnumerateObject()) metadata[m.Name] = m.Value.GetString()!;
                    continue;
                }
                var dtypeName = property.Value.GetProperty("dtype").GetString()!;
                if (!SafeTensorsDType.TryParse(dtypeName, out var dtype, out var elementSize))
                    throw new CheckpointFormatException($"Checkpoint '{path}': tensor '{property.Name}' has unsupported dtype '{dtypeName}'.");
                var shape = property.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
                var offsets = property.Value.GetProperty("data_offsets").EnumerateArray().Select(d => d.GetInt64()).ToArray();
                if (offsets.Length != 2 || shape.Any(d => d < 0))
                    throw new CheckpointFormatException($"Checkpoint '{path}': tensor '{property.Name}' has a malformed shape or data_offsets.");
                var expected = shape.Aggregate(1L, (a, d) => a * d) * elementSize;
                if (offsets[1] - offsets[0] != expected)
                    throw new CheckpointFormatException(
                        $"Checkpoint '{path}': tensor '{property.Name}' is {dtypeName}[{string.Join(", ", shape)}] ({expected} bytes) but its data_offsets span {offsets[1] - offsets[0]} bytes.");
                entries[property.Name] = new SafeTensorsEntry(property.Name, dtype, shape, offsets[0], offsets[1]);
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            throw new CheckpointFormatException($"Checkpoint '{path}' has a corrupt JSON header: {e.Message}");
        }
        return (entries, metadata);
    }

    /// <summary>The tensors must tile the data section exactly: no overlap, no hole, nothing past the end.</summary>
    static void CheckLayout(string path, IEnumerable<SafeTensorsEntry> entries, long dataLength)
    {
        long expectedBegin = 0;
        foreach (var entry in entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
        {
            if (entry.Begin != expectedBegin)
                throw new CheckpointFormatException($"Checkpoint '{path}': tensor '{entry.Name}' starts at byte {entry.Begin} of the data, expected {expectedBegin} (overlap or hole).");
            expectedBegin = entry.End;
        }
        if (expectedBegin > dataLength)
            throw new CheckpointFormatException(
                $"Checkpoint '{path}' is truncated: the header says the tensor data is {expectedBegin} bytes but the file holds only {dataLength}.");
        if (expectedBegin < dataLength)
            throw new CheckpointFormatException($"Checkpoint '{path}' has {dataLength - expectedBegin} unexpected bytes after the tensor data.");
    }
}
