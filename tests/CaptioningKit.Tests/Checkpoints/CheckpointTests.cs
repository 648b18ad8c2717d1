using CaptioningKit.Vocabulary;
using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using CaptioningKit.Decoder;
using CaptioningKit.Model;
using CaptioningKit.SafeTensors;
using TorchSharp;
using Xunit;

namespace CaptioningKit.Tests.Checkpoints;

[Collection(TorchRandomCollection.Name)]
public sealed class CheckpointTests : IDisposable
{
    readonly string directory = Path.Combine(Path.GetTempPath(), "ck-checkpoint-tests-" + Guid.NewGuid().ToString("N"));

    public CheckpointTests() => Directory.CreateDirectory(directory);

    public void Dispose() => Directory.Delete(directory, recursive: true);

    static DecoderOptions Options(int hidden = 16, RecurrentCellKind cell = RecurrentCellKind.Lstm) =>
        new(VocabSize: 9, FeatureChannels: 8, EmbeddingDim: 6, HiddenDim: hidden, AttentionDim: 5, Dropout: 0, Cell: cell);

    static CheckpointInfo Info(DecoderOptions options) =>
        new(CheckpointInfo.ConfigurationOf(options), ["<pad>", "<start>", "<end>", "<unk>", "a", "red", "circle", "blue", "square"], Epoch: 3, Step: 1234, Seed: 42)
        {
            Extra = new Dictionary<string, string> { ["encoder"] = "tiny-cnn" },
        };

    [Fact]
    public void A_decoder_round_trips_with_its_metadata()
    {
        var path = Path.Combine(directory, "decoder.safetensors");
        torch.manual_seed(1);
        using var saved = new AttentionDecoder(Options());
        Checkpoint.Save(path, saved, Info(Options()));
        torch.manual_seed(2);
        using var loaded = new AttentionDecoder(Options());
        var info = Checkpoint.Load(path, loaded, CheckpointInfo.ConfigurationOf(Options()));

        var a = saved.state_dict();
        var b = loaded.state_dict();
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        Assert.All(a, kv => Assert.True(CaptioningKit.Tests.Decoder.TinyModels.Same(kv.Value, b[kv.Key]), kv.Key));
        Assert.Equal(Info(Options()).ConfigurationJson, info.ConfigurationJson);
        Assert.Equal(Info(Options()).Vocabulary, info.Vocabulary);
        Assert.Equal((3, 1234L, (long?)42), (info.Epoch, info.Step, info.Seed));
        Assert.Equal("tiny-cnn", info.Extra["encoder"]);
        Assert.Equal(info.ConfigurationJson, Checkpoint.ReadInfo(path).ConfigurationJson);
        Assert.Single(Directory.GetFiles(directory)); // the temporary file was renamed, none left behind
    }

    [Fact]
    public void A_model_can_be_rebuilt_from_the_saved_configuration_then_loaded()
    {
        var path = Path.Combine(directory, "gru.safetensors");
        var options = Options(hidden: 7, cell: RecurrentCellKind.Gru) with { Gate = false, Tokens = new SpecialTokens(0, 1, 2, 3) };
        using (var saved = new AttentionDecoder(options))
            Checkpoint.Save(path, saved, Info(options));
        var info = Checkpoint.ReadInfo(path);
        var rebuilt = JsonSerializer.Deserialize<DecoderOptions>(info.ConfigurationJson)!;
        Assert.Equal(options, rebuilt);
        using var decoder = new AttentionDecoder(rebuilt);
        Checkpoint.Load(path, decoder, info.ConfigurationJson);
    }

    [Fact]
    public void A_checkpoint_written_before_the_attention_options_loads_as_additive_attention_without_the_word()
    {
        var path = Path.Combine(directory, "old.safetensors");
        var options = Options();
        var json = System.Text.Json.Nodes.JsonNode.Parse(CheckpointInfo.ConfigurationOf(options))!.AsObject();
        json.Remove(nameof(DecoderOptions.Attention));
        json.Remove(nameof(DecoderOptions.AttendWithWord));
        var oldJson = json.ToJsonString();
        Assert.DoesNotContain("AttendWithWord", oldJson);
        torch.manual_seed(1);
        using (var saved = new AttentionDecoder(options))
            Checkpoint.Save(path, saved, Info(options) with { ConfigurationJson = oldJson });
        var info = Checkpoint.ReadInfo(path);
        var rebuilt = JsonSerializer.Deserialize<DecoderOptions>(info.ConfigurationJson)!;
        Assert.Equal(options, rebuilt);
        Assert.Equal(CaptioningKit.Attention.AttentionKind.Additive, rebuilt.Attention);
        Assert.False(rebuilt.AttendWithWord);
        using var decoder = new AttentionDecoder(rebuilt);
        Checkpoint.Load(path, decoder, info.ConfigurationJson);
    }

    [Fact]
    public void A_mismatched_configuration_lists_every_difference()
    {
        var path = Path.Combine(directory, "lstm16.safetensors");
        using (var saved = new AttentionDecoder(Options()))
            Checkpoint.Save(path, saved, Info(Options()));
        var other = Options(hidden: 12, cell: RecurrentCellKind.Gru);
        using var model = new AttentionDecoder(other);
        var error = Assert.Throws<CheckpointMismatchException>(() => Checkpoint.Load(path, model, CheckpointInfo.ConfigurationOf(other)));

        Assert.Contains(error.Configuration, c => c.StartsWith("HiddenDim: checkpoint 16, model 12"));
        Assert.Contains(error.Configuration, c => c.StartsWith("Cell:"));
        Assert.Contains("initC.weight", error.Unexpected);
        Assert.Contains(error.Mismatched, m => m.StartsWith("initH.weight: checkpoint F32[16, 8], model F32[12, 8]"));
        Assert.Contains(error.Mismatched, m => m.StartsWith("output.weight:"));
        Assert.Contains("initH.weight: checkpoint F32[16, 8]", error.Message);
        Assert.Contains("unexpected in the checkpoint", error.Message);
        // Without a configuration to compare, the tensor check alone still catches it.
        Assert.Throws<CheckpointMismatchException>(() => Checkpoint.Load(path, model));
    }

    [Fact]
    public void A_truncated_file_gives_a_clear_error()
    {
        var path = Path.Combine(directory, "cut.safetensors");
        using (var saved = new AttentionDecoder(Options()))
            Checkpoint.Save(path, saved, Info(Options()));
        var bytes = File.ReadAllBytes(path);

        File.WriteAllBytes(path, bytes[..^10]);
        var error = Assert.Throws<CheckpointFormatException>(() => Checkpoint.ReadInfo(path));
        Assert.Contains("truncated", error.Message);
        Assert.Contains("header says the tensor data is", error.Message);

        File.WriteAllBytes(path, bytes[..100]);
        Assert.Contains("truncated", Assert.Throws<CheckpointFormatException>(() => Checkpoint.ReadInfo(path)).Message);

        File.WriteAllBytes(path, bytes[..5]);
        Assert.Contains("truncated", Assert.Throws<CheckpointFormatException>(() => Checkpoint.ReadInfo(path)).Message);
    }

    [Fact]
    public void Reading_into_targets_fills_contiguous_ones_in_place_and_strided_ones_by_copy()
    {
        var path = Path.Combine(directory, "into.safetensors");
        using var scope = torch.NewDisposeScope();
        var w = torch.arange(6, dtype: torch.float32).view(2, 3);  // (2, 3)
        var steps = torch.tensor(new long[] { 5, 6, 7 });
        SafeTensorsWriter.Write(path, new Dictionary<string, torch.Tensor> { ["w"] = w, ["steps"] = steps });
        var file = SafeTensorsFile.Open(path);

        var contiguous = torch.zeros(2, 3);
        var strided = torch.zeros(3, 2).t();                        // (2, 3) view, not contiguous
        var longs = torch.zeros(3, dtype: torch.int64);
        file.ReadInto([new("w", contiguous), new("steps", longs)]);
        file.ReadInto([new("w", strided)]);
        Assert.True(contiguous.eq(w).all().item<bool>());
        Assert.True(strided.eq(w).all().item<bool>());
        Assert.True(longs.eq(steps).all().item<bool>());
        Assert.Contains("has no tensor 'nope'", Assert.Throws<KeyNotFoundException>(() => file.ReadInto([new("nope", contiguous)])).Message);
    }

    [Fact]
    public void The_file_follows_the_safetensors_layout()
    {
        var path = Path.Combine(directory, "plain.safetensors");
        using var weights = torch.tensor(new float[] { 1.5f, -2f, 3.25f, 0f, 7f, 8f }).view(2, 3);
        using var steps = torch.tensor(new long[] { 5, 6 });
        SafeTensorsWriter.Write(path, new Dictionary<string, torch.Tensor> { ["w"] = weights, ["steps"] = steps }, new Dictionary<string, string> { ["k"] = "v" });

        // Read it back by the spec, without the kit's reader.
        var bytes = File.ReadAllBytes(path);
        var headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0, (8 + headerLength) % 8);
        using var header = JsonDocument.Parse(Encoding.UTF8.GetString(bytes, 8, headerLength));
        var root = header.RootElement;
        Assert.Equal("v", root.GetProperty("__metadata__").GetProperty("k").GetString());
        var w = root.GetProperty("w");
        Assert.Equal("F32", w.GetProperty("dtype").GetString());
        Assert.Equal(new long[] { 2, 3 }, w.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));
        var offsets = w.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var data = 8 + headerLength;
        var floats = Enumerable.Range(0, 6).Select(i => BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(data + offsets[0] + 4 * i))).ToArray();
        Assert.Equal(new[] { 1.5f, -2f, 3.25f, 0f, 7f, 8f }, floats);
        Assert.Equal("I64", root.GetProperty("steps").GetProperty("dtype").GetString());

        var file = SafeTensorsFile.Open(path);
        using var back = file.Read("steps");
        Assert.Equal(new long[] { 5, 6 }, back.data<long>().ToArray());
        Assert.Throws<CheckpointFormatException>(() => CheckpointInfo.FromMetadata(path, file.Metadata)); // not a kit checkpoint
    }
}
