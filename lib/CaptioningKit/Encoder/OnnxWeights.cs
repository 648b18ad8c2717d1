using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace CaptioningKit.Encoder;

/// <summary>
/// An ONNX model file opened to read its weights (initializers) and the attributes of its nodes, by name. Parsing is
/// OnnxSharp's (the ONNX protobuf schema); this class only looks things up and checks shapes, so that a file that is
/// not the expected graph fails with a message saying what differs.
/// </summary>
public sealed class OnnxWeights
{
    readonly Dictionary<string, TensorProto> initializers;
    readonly Dictionary<string, NodeProto> nodes;

    OnnxWeights(string path, ModelProto model)
    {
        Path = path;
        Model = model;
        initializers = model.Graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        nodes = model.Graph.Node.Where(n => n.Name.Length > 0).ToDictionary(n => n.Name, StringComparer.Ordinal);
    }

    public string Path { get; }

    /// <summary>The parsed model (OnnxSharp's protobuf classes).</summary>
    public ModelProto Model { get; }

    /// <summary>The names of the initializers (weights and constants) in the file.</summary>
    public IReadOnlyCollection<string> InitializerNames => initializers.Keys;

    /// <summary>Parses the file; a file that is not ONNX fails with <see cref="InvalidDataException"/> naming it.</summary>
    public static OnnxWeights Open(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"The ONNX file '{path}' does not exist.", path);
        try
        {
            using var stream = File.OpenRead(path);
            return new OnnxWeights(path, ModelProto.Parser.ParseFrom(stream));
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"'{path}' is not a readable ONNX model ({e.Message}). Fix: restore the package again (delete its folder in the NuGet cache, then dotnet restore).");
        }
    }

    /// <summary>The node called <paramref name="name"/>, checked to be an <paramref name="opType"/> node.</summary>
    public NodeProto Node(string name, string opType)
    {
        if (!nodes.TryGetValue(name, out var node))
            throw new InvalidDataException($"The ONNX file '{Path}' has no node '{name}'; it is not the graph the kit expects.");
        if (node.OpType != opType)
            throw new InvalidDataException($"The ONNX file '{Path}': node '{name}' is a {node.OpType}, expected {opType}.");
        return node;
    }

    /// <summary>The integer-list attribute of a node (e.g. "pads", "strides"), or null when absent.</summary>
    public static long[]? Ints(NodeProto node, string attribute) =>
        node.Attribute.FirstOrDefault(a => a.Name == attribute)?.Ints.ToArray();

    /// <summary>The float attribute of a node (e.g. "epsilon"), or null when absent.</summary>
    public static float? Float(NodeProto node, string attribute) =>
        node.Attribute.FirstOrDefault(a => a.Name == attribute) is { } a ? a.F : null;

    /// <summary>The float32 initializer called <paramref name="name"/> as a CPU tensor, checked to have <paramref name="expectedShape"/>.</summary>
    public Tensor Read(string name, ReadOnlySpan<long> expectedShape)
    {
        if (!initializers.TryGetValue(name, out var proto))
            throw new InvalidDataException($"The ONNX file '{Path}' has no initializer '{name}'.");
        var shape = proto.Dims.ToArray();
        if (!shape.AsSpan().SequenceEqual(expectedShape))
            throw new InvalidDataException($"The ONNX file '{Path}': initializer '{name}' is [{string.Join(", ", shape)}], expected [{string.Join(", ", expectedShape.ToArray())}].");
        var values = Floats(proto);
        return torch.tensor(values, shape); // expectedShape
    }

    /// <summary>The float32 values of an initializer, from float_data or raw_data (little-endian), whichever the file uses.</summary>
    float[] Floats(TensorProto proto)
    {
        if (proto.DataType != (int)TensorProto.Types.DataType.Float)
            throw new InvalidDataException($"The ONNX file '{Path}': initializer '{proto.Name}' has data type {proto.DataType}, expected float32.");
        var count = proto.Dims.Aggregate(1L, (a, d) => a * d);
        float[] values;
        if (proto.FloatData.Count > 0) values = [.. proto.FloatData];
        else
        {
            if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("ONNX raw data is read on little-endian machines only.");
            values = MemoryMarshal.Cast<byte, float>(proto.RawData.Span).ToArray();
        }
        if (values.Length != count)
            throw new InvalidDataException($"The ONNX file '{Path}': initializer '{proto.Name}' holds {values.Length} values for shape [{string.Join(", ", proto.Dims)}] ({count}).");
        return values;
    }
}
