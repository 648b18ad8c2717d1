using CaptioningKit.Training;
using CaptioningKit.Vocabulary;
using CaptioningKit.Vocabulary.Cleaning;
using TorchSharp;
using Xunit;

namespace CaptioningKit.Tests.Cli;

/// <summary>
/// The files the CLI tests share, made once in one temp folder (deleted at the end): a tiny generated dataset (the
/// CLI's own <c>generate</c>, 8 images, a fraction of a second) and an untrained checkpoint (random weights: the error
/// paths only need it to load). Each test takes fresh folders and files for its own bad inputs from <see cref="NewFolder"/>.
/// </summary>
public sealed class CliFiles : IAsyncLifetime
{
    public CliFiles()
    {
        Root = Path.Combine(Path.GetTempPath(), "ck-cli-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>data/shapes made by <c>generate shapes --train 4 --val 2 --test 2</c>.</summary>
    public string Dataset { get; private set; } = "";

    /// <summary>A real image of <see cref="Dataset"/>.</summary>
    public string Image => Directory.EnumerateFiles(Path.Combine(Dataset, "images")).Order(StringComparer.Ordinal).First();

    /// <summary>A checkpoint in the kit's format (the demo's shapes configuration, untrained).</summary>
    public string Checkpoint { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var dataDir = Path.Combine(Root, "data");
        var result = await CliRun.Run("generate", "shapes", "--train", "4", "--val", "2", "--test", "2", "--seed", "1", "--data-dir", dataDir);
        if (result.ExitCode != 0) throw new InvalidOperationException($"generate failed: {result}");
        Dataset = Path.Combine(dataDir, "shapes");
        Checkpoint = WriteCheckpoint();
    }

    /// <summary>A fresh empty folder.</summary>
    public string NewFolder(string name = "case")
    {
        var folder = Path.Combine(Root, $"{name}-{Guid.NewGuid().ToString("N")[..6]}");
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>Writes a file in a fresh folder and returns its path.</summary>
    public string NewFile(string name, string text)
    {
        var path = Path.Combine(NewFolder(), name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>A path in a fresh folder where nothing exists.</summary>
    public string Missing(string name) => Path.Combine(NewFolder(), name);

    /// <summary>A dataset folder whose captions.csv puts its one image in the train split only.</summary>
    public string TrainOnlyDataset()
    {
        var folder = NewFolder("train-only");
        Directory.CreateDirectory(Path.Combine(folder, "images"));
        File.Copy(Image, Path.Combine(folder, "images", "one.png"));
        File.WriteAllText(Path.Combine(folder, "captions.csv"), "image,caption,split\none.png,a red square,train\n");
        return folder;
    }

    string WriteCheckpoint()
    {
        var path = Path.Combine(NewFolder("checkpoint"), "untrained.safetensors");
        var vocab = VocabularyBuilder.Build(["a red square", "a blue circle", "a green triangle"], new VocabularyOptions { Cleaning = CleaningPresets.Plain }).Vocab;
        using var model = new Captioner(CaptionerConfig.ForShapes(vocab.Size), torch.CPU);
        TrainingCheckpoint.Save(path, model, optimizer: null, vocab, epoch: 0, step: 0, seed: 0);
        return path;
    }

    public Task DisposeAsync()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return Task.CompletedTask;
    }
}
