using CaptioningKit.Model;
using CaptioningKit.SafeTensors;
using CaptioningKit.Tests.Cli;
using CaptioningKit.Training;
using CaptioningKit.Vocabulary;
using CaptioningKit.Vocabulary.Cleaning;
using TorchSharp;
using Xunit;
using static CaptioningKit.Tests.Cli.CliRun;

namespace CaptioningKit.Tests.Faults;

/// <summary>
/// Checkpoints whose metadata was edited or damaged: every one is a one-line error naming the file and the entry,
/// never a crash, and a configuration that asks for huge layers is refused before anything is allocated.
/// </summary>
[Collection(CliCollection.Name)]
[Trait("Category", "Faults")]
public sealed class CheckpointFaultTests(CliFiles files)
{
    /// <summary>A copy of the fixture's checkpoint with one metadata entry replaced (or removed when null).</summary>
    string Tampered(string key, string? value)
    {
        var source = SafeTensorsFile.Open(files.Checkpoint);
        var metadata = source.Metadata.ToDictionary(kv => kv.Key, kv => kv.Value);
        if (value is null) metadata.Remove(key); else metadata[key] = value;
        var path = Path.Combine(files.NewFolder("tampered"), "best.safetensors");
        var tensors = source.Entries.Keys.Select(name => new KeyValuePair<string, torch.Tensor>(name, source.Read(name))).ToList();
        try { SafeTensorsWriter.Write(path, tensors, metadata); }
        finally { foreach (var t in tensors) t.Value.Dispose(); }
        return path;
    }

    [Theory]
    [InlineData("epoch", "three", "metadata 'epoch' is 'three', not a whole number")]
    [InlineData("epoch", "-4", "metadata 'epoch' is '-4', not a whole number from 0")]
    [InlineData("step", "1e99", "metadata 'step' is '1e99', not a whole number")]
    [InlineData("seed", "", "metadata 'seed' is '', not a whole number")]
    [InlineData("configuration", "{not json", "metadata 'configuration' is not valid JSON")]
    [InlineData("configuration", "[1,2]", "metadata 'configuration' is not a JSON object")]
    [InlineData("vocabulary", "[\"a\", null]", "metadata 'vocabulary' holds null")]
    [InlineData("vocabulary", "{}", "metadata 'vocabulary' is not a JSON array of strings")]
    public async Task Malformed_metadata_is_a_one_line_error_naming_the_file_and_entry(string key, string value, string message)
    {
        var path = Tampered(key, value);
        var r = await Run("caption", files.Image, "--checkpoint", path, "--device", "cpu");
        AssertBadInput(r, $"Checkpoint '{path}'", message, "Fix:");
    }

    [Fact]
    public async Task A_vocabulary_entry_that_is_not_json_names_the_file()
    {
        var path = Tampered(Captioner.VocabularyKey, "not json at all");
        var r = await Run("caption", files.Image, "--checkpoint", path, "--device", "cpu");
        AssertBadInput(r, path);
    }

    [Fact]
    public async Task A_configuration_with_a_missing_decoder_names_the_file()
    {
        var path = Tampered("configuration", "{\"Encoder\":\"small-cnn\"}");
        var r = await Run("caption", files.Image, "--checkpoint", path, "--device", "cpu");
        AssertBadInput(r, path, "configuration is empty or incomplete");
    }

    [Theory]
    [InlineData("HiddenDim", "2000000", "Decoder.HiddenDim is 2000000, outside 1..")]
    [InlineData("HiddenDim", "0", "Decoder.HiddenDim is 0, outside 1..")]
    [InlineData("VocabSize", "-3", "Decoder.VocabSize is -3")]
    [InlineData("EmbeddingDim", "1000000", "more than a")] // within the per-setting bound, but the file cannot hold such a layer
    public void A_configuration_asking_for_impossible_sizes_is_refused_before_allocating(string setting, string value, string message)
    {
        var config = SafeTensorsFile.Open(files.Checkpoint).Metadata["configuration"];
        var json = System.Text.Json.Nodes.JsonNode.Parse(config)!;
        json["Decoder"]![setting] = System.Text.Json.Nodes.JsonValue.Create(int.Parse(value));
        var path = Tampered("configuration", json.ToJsonString());
        var before = GC.GetTotalAllocatedBytes(precise: false);
        var e = Assert.Throws<InvalidDataException>(() => Captioner.Load(path, torch.CPU));
        Assert.Contains(path, e.Message);
        Assert.Contains(message, e.Message);
        Assert.True(GC.GetTotalAllocatedBytes(precise: false) - before < 64 << 20, "a layer was allocated before the check");
    }

    [Fact]
    public async Task Resume_with_a_different_vocabulary_of_the_same_size_refuses()
    {
        // The fixture checkpoint's vocabulary is built from three captions; the run's, from the tiny dataset's captions.
        // Write a checkpoint whose vocabulary has the run's size but other words.
        var dataset = files.TrainOnlyDataset();
        File.Copy(Path.Combine(dataset, "images", "one.png"), Path.Combine(dataset, "images", "two.png"));
        File.WriteAllText(Path.Combine(dataset, "captions.csv"), "image,caption,split\none.png,a red square,train\ntwo.png,a red square,val\n");
        var runVocab = VocabularyBuilder.Build(["a red square"], new VocabularyOptions()).Vocab;
        var other = VocabularyBuilder.Build(["the big cat"], new VocabularyOptions()).Vocab;
        Assert.Equal(runVocab.Size, other.Size);
        var path = Path.Combine(files.NewFolder("resume"), "epoch-001.safetensors");
        using (var model = new Captioner(CaptionerConfig.ForShapes(other.Size), torch.CPU))
        {
            var optimizer = torch.optim.Adam(model.parameters(), lr: 1e-3);
            TrainingCheckpoint.Save(path, model, optimizer, other, epoch: 1, step: 1, seed: 42);
        }
        var r = await Run("train", "--dataset", dataset, "--resume", path, "--epochs", "2", "--out", files.NewFolder("runs"), "--device", "cpu");
        AssertBadInput(r, path, "was trained with another vocabulary: token 4 is 'big' in the checkpoint but 'a' in this run (sizes 7 and 7)", "same dataset, preset and threshold");
    }

    [Fact]
    public async Task A_zero_byte_checkpoint_is_named_as_empty()
    {
        var path = Path.Combine(files.NewFolder(), "empty.safetensors");
        File.WriteAllBytes(path, []);
        var r = await Run("caption", files.Image, "--checkpoint", path, "--device", "cpu");
        var line = AssertBadInput(r, path);
        Assert.DoesNotContain("PyTorch", line);
    }
}
