using CaptioningKit.Data;
using CaptioningKit.Model;
using CaptioningKit.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace CaptioningKit.Tests.Training;

[Collection(TorchRandomCollection.Name)]
public class TrainerTests
{
    static TrainingOptions Options(int epochs) => new() { Epochs = epochs, BatchSize = 8, LearningRate = 5e-3, Patience = 99, Seed = 3 };

    static (Captioner Model, Trainer Trainer, IReadOnlyList<CaptionedImage> Train, IReadOnlyList<CaptionedImage> Val) Setup(int epochs, TrainingOptions? options = null)
    {
        var vocab = TinyShapes.Vocab();
        var config = TinyShapes.Config(vocab.Size);
        torch.manual_seed(11);
        var model = new Captioner(config, CPU);
        return (model, new Trainer(model, vocab, options ?? Options(epochs), CPU), TinyShapes.Split(Split.Train), TinyShapes.Split(Split.Val));
    }

    static Dictionary<string, float[]> Weights(Captioner m) =>
        m.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.to_type(ScalarType.Float32).data<float>().ToArray());

    [Fact]
    public void Loss_falls_and_native_memory_stays_flat()
    {
        var (_, trainer, train, val) = Setup(epochs: 6);
        var history = trainer.Fit(train, val);
        Assert.Equal(6, history.Epochs.Count);
        Assert.True(history.Epochs[^1].TrainLoss < history.Epochs[0].TrainLoss * 0.8, $"loss {history.Epochs[0].TrainLoss} -> {history.Epochs[^1].TrainLoss}");
        var live = history.Epochs.Select(e => e.LiveTensors).ToList();
        Assert.True(live.Skip(1).All(n => n == live[1]), $"live tensors per epoch: {string.Join(", ", live)}");
        Assert.True(history.Epochs[^1].ValLoss < history.Epochs[0].ValLoss, $"validation loss {history.Epochs[0].ValLoss} -> {history.Epochs[^1].ValLoss}");
    }

    [Fact]
    public void A_resumed_run_keeps_its_history_and_never_replaces_a_better_best_checkpoint()
    {
        var dir = Directory.CreateTempSubdirectory("ck-best-").FullName;
        var (_, firstTrainer, train, val) = Setup(epochs: 2);
        var first = firstTrainer.Fit(train, val, dir);
        var best = Path.Combine(dir, "best.safetensors");
        var bestBytes = File.ReadAllBytes(best);

        // Epoch 3 with a learning rate that wrecks the model: it must not become the best checkpoint.
        var (_, resumedTrainer, _, _) = Setup(epochs: 3, Options(3) with { LearningRate = 50, MinLearningRate = 50 });
        resumedTrainer.Resume(Path.Combine(dir, "epoch-002.safetensors"));
        Assert.Equal(first.Epochs.Select(e => e.ValBleu4), resumedTrainer.History.Epochs.Select(e => e.ValBleu4)); // history restored
        var history = resumedTrainer.Fit(train, val, dir);
        Assert.Equal([1, 2, 3], history.Epochs.Select(e => e.Epoch));
        Assert.True(history.Epochs[2].ValBleu4 <= first.BestBleu4, $"the wrecked epoch scored {history.Epochs[2].ValBleu4}, better than {first.BestBleu4}");
        Assert.Equal(bestBytes, File.ReadAllBytes(best));
        Assert.Equal(best, history.BestCheckpoint);
        Assert.Equal(first.BestEpoch, history.BestEpoch);
    }

    [Fact]
    public void Resuming_from_a_checkpoint_continues_exactly()
    {
        var dir = Directory.CreateTempSubdirectory("ck-resume-").FullName;
        var (straight, straightTrainer, train, val) = Setup(epochs: 2);
        straightTrainer.Fit(train, val);

        var (first, firstTrainer, _, _) = Setup(epochs: 1);
        firstTrainer.Fit(train, val, dir);
        var checkpoint = Path.Combine(dir, "epoch-001.safetensors");
        Assert.True(File.Exists(checkpoint));

        var (resumed, _, _, _) = Setup(epochs: 2);
        var resumedTrainer = new Trainer(resumed, TinyShapes.Vocab(), Options(2), CPU);
        resumedTrainer.Resume(checkpoint);
        Assert.Equal(2, resumedTrainer.NextEpoch);
        resumedTrainer.Fit(train, val, dir);

        var a = Weights(straight);
        var b = Weights(resumed);
        foreach (var (name, values) in a)
            Assert.True(values.Zip(b[name]).All(p => Math.Abs(p.First - p.Second) < 1e-5), $"{name} differs after resuming");
        Assert.True(File.Exists(Path.Combine(dir, "best.safetensors")));
        Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
    }

    [Fact]
    public void Loading_into_a_model_of_another_configuration_lists_the_differences()
    {
        var dir = Directory.CreateTempSubdirectory("ck-mismatch-").FullName;
        var (model, _, _, _) = Setup(epochs: 1);
        var path = Path.Combine(dir, "m.safetensors");
        TrainingCheckpoint.Save(path, model, null, TinyShapes.Vocab(), 1, 10, 3);

        var other = model.Config with { Decoder = model.Config.Decoder with { HiddenDim = 40 } };
        var e = Assert.Throws<CheckpointMismatchException>(() => Checkpoint.Load(path, new Captioner(other, CPU), other.ToJson()));
        Assert.Contains("Decoder.HiddenDim: checkpoint 48, model 40", e.Message);

        var (loaded, vocab, info) = Captioner.Load(path, CPU);
        Assert.Equal(TinyShapes.Vocab().Tokens, vocab.Tokens);
        Assert.Equal((1, 10L), (info.Epoch, info.Step));
        var embedding = Weights(model).Keys.Single(k => k.EndsWith("embedding.weight"));
        Assert.Equal(Weights(model)[embedding], Weights(loaded)[embedding]);
    }

    [Fact]
    public void A_missing_checkpoint_names_the_file()
    {
        var e = Assert.Throws<FileNotFoundException>(() => Captioner.Load("/nonexistent/best.safetensors", CPU));
        Assert.Contains("/nonexistent/best.safetensors", e.Message);
    }
}

public class CheckpointRotationTests
{
    [Fact]
    public void Only_this_runs_older_epochs_are_deleted()
    {
        var dir = Directory.CreateTempSubdirectory("ck-rotate-").FullName;
        File.WriteAllText(Path.Combine(dir, "epoch-009.safetensors"), "from an older, longer run");
        var vocab = TinyShapes.Vocab();
        var config = TinyShapes.Config(vocab.Size);
        var train = TinyShapes.Split(Split.Train).Take(8).ToList();
        var val = TinyShapes.Split(Split.Val).Take(4).ToList();
        var trainer = new Trainer(new Captioner(config, CPU), vocab, new TrainingOptions { Epochs = 3, BatchSize = 8, KeepLastCheckpoints = 2, Patience = 9 }, CPU);
        trainer.Fit(train, val, dir);
        var names = Directory.GetFiles(dir, "epoch-*.safetensors").Select(f => Path.GetFileName(f)).Order().ToArray();
        Assert.Equal(["epoch-002.safetensors", "epoch-003.safetensors", "epoch-009.safetensors"], names);
    }
}

public class CaptionerTests
{
    [Fact]
    public void Cell_positions_are_cell_centres_in_minus_one_to_one()
    {
        using var xy = Captioner.CellPositions(2, 4, CPU); // (8, 2)
        Assert.Equal(new long[] { 8, 2 }, xy.shape);
        var v = xy.data<float>().ToArray();
        Assert.Equal((-0.75f, -0.5f), (v[0], v[1]));    // row 0, column 0
        Assert.Equal((0.75f, 0.5f), (v[14], v[15]));    // row 1, column 3
    }

    [Fact]
    public void Features_carry_two_position_channels_when_asked()
    {
        var config = TinyShapes.Config(12);
        Assert.True(config.CellPositions); // the shapes default
        using var model = new Captioner(config, CPU);
        using var images = torch.zeros(3, 3, 64, 64);
        using var features = model.Features(images); // (3, 64, 34)
        Assert.Equal(new long[] { 3, 64, 34 }, features.shape);
        Assert.Equal(-0.875f, features[0, 0, 32].item<float>());
        var e = Assert.Throws<ArgumentException>(() => new Captioner(config with { CellPositions = false }, CPU));
        Assert.Contains("FeatureChannels = 32", e.Message);
    }
}

public class ConfigurationCheckTests
{
    [Fact]
    public void Settings_added_after_a_checkpoint_was_written_count_with_their_defaults()
    {
        var config = TinyShapes.Config(12) with { CellPositions = false, Decoder = TinyShapes.Config(12).Decoder with { FeatureChannels = 32 } };
        var json = System.Text.Json.Nodes.JsonNode.Parse(config.ToJson())!.AsObject();
        json.Remove("CellPositions"); // as written by a kit that did not know the setting yet
        var old = new CaptioningKit.Model.CheckpointInfo(json.ToJsonString());
        TrainingCheckpoint.CheckConfiguration("old.safetensors", old, config); // no difference
        var e = Assert.Throws<CaptioningKit.Model.CheckpointMismatchException>(() =>
            TrainingCheckpoint.CheckConfiguration("old.safetensors", old, config with { CellPositions = true }));
        Assert.Contains("CellPositions: checkpoint false, model true", e.Message);
    }
}
