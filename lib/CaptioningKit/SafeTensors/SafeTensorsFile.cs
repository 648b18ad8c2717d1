using System.Buffers.Binary;
using System.Text.Json;
using System.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace CaptioningKit.SafeTensors;

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
        var entry = EntryOf(name);
        var tensor = torch.empty(entry.Shape, dtype: entry.DType);
        using (var stream = File.OpenRead(Path)) ReadBytes(stream, entry, tensor);
        if (device is null || device.type == DeviceType.CPU) return tensor;
        using (tensor) return tensor.to(device);
    }

    /// <summary>
    /// Reads each named tensor straight into its target (same dtype and shape, checked by the caller): one open file,
    /// and for a contiguous CPU target the bytes land in the target's own memory, with no temporary tensor or copy.
    /// </summary>
    public void ReadInto(IEnumerable<KeyValuePair<string, Tensor>> targets)
    {
        using var stream = File.OpenRead(Path);
        foreach (var (name, target) in targets)
        {
            var entry = EntryOf(name);
            if (target.device.type == DeviceType.CPU && target.is_contiguous() && target.dtype == entry.DType)
            {
                ReadBytes(stream, entry, target); // the target's own memory
                continue;
            }
            using var loaded = torch.empty(entry.Shape, dtype: entry.DType);
            ReadBytes(stream, entry, loaded);
            target.copy_(loaded);
        }
    }

    SafeTensorsEntry EntryOf(string name) =>
        Entries.TryGetValue(name, out var entry) ? entry : throw new KeyNotFoundException($"Checkpoint '{Path}' has no tensor '{name}'.");

    /// <summary>The entry's bytes into <paramref name="tensor"/>'s memory (CPU, contiguous, the entry's dtype and shape).</summary>
    void ReadBytes(Stream stream, SafeTensorsEntry entry, Tensor tensor)
    {
        if (entry.End == entry.Begin) return; // no elements
        stream.Position = dataStart + entry.Begin;
        stream.ReadExactly(tensor.bytes);
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

/// <summary>
/// Writes the safetensors format (see docs/checkpoint-format.md):
/// <code>
/// [8 bytes: N, little-endian uint64] [N bytes: JSON header, padded with spaces] [raw tensor bytes]
/// header = { "name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, ..., "__metadata__": {string: string} }
/// </code>
/// Offsets are relative to the start of the data section. The file is written to a temporary file next to the
/// target and renamed over it, so a crash never leaves a half-written checkpoint under the real name.
/// </summary>
public static class SafeTensorsWriter
{
    public static void Write(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Checkpoints are written on little-endian machines only.");
        var ordered = tensors.OrderBy(t => t.Key, StringComparer.Ordinal).ToList();
        var header = BuildHeader(ordered, metadata);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                Span<byte> length = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
                stream.Write(length);
                stream.Write(header);
                foreach (var (_, tensor) in ordered)
                {
                    using var cpu = tensor.detach().cpu().contiguous();
                    stream.Write(cpu.bytes);
                }
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    static byte[] BuildHeader(List<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject("__metadata__");
                foreach (var (key, value) in metadata.OrderBy(m => m.Key, StringComparer.Ordinal)) json.WriteString(key, value);
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var (name, tensor) in tensors)
            {
                if (name == "__metadata__") throw new ArgumentException("'__metadata__' is reserved and cannot name a tensor.");
                var size = tensor.NumberOfElements * tensor.ElementSize;
                json.WriteStartObject(name);
                json.WriteString("dtype", SafeTensorsDType.NameOf(tensor.dtype));
                json.WriteStartArray("shape");
                foreach (var d in tensor.shape) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + size);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += size;
            }
            json.WriteEndObject();
        }
        // Pad with spaces so the data section starts 8-byte aligned (allowed by the format).
        var bytes = buffer.ToArray();
        var padded = (bytes.Length + 7) / 8 * 8;
        return [.. bytes, .. Encoding.ASCII.GetBytes(new string(' ', padded - bytes.Length))];
    }
}

/// <summary>One tensor's header entry: type, shape and byte range [Begin, End) in the data section.</summary>
public sealed record SafeTensorsEntry(string Name, ScalarType DType, long[] Shape, long Begin, long End)
{
    public string Describe() => $"{SafeTensorsDType.NameOf(DType)}[{string.Join(", ", Shape)}]";
}

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

/// <summary>The file is not a valid checkpoint (truncated, corrupt, or not safetensors at all).</summary>
public sealed class CheckpointFormatException(string message) : Exception(message);
