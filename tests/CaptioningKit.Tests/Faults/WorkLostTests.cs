using System.Security.Cryptography;
using CaptioningKit.Data.Generated;
using CaptioningKit.Demo;
using CaptioningKit.Tests.Cli;
using Xunit;
using static CaptioningKit.Tests.Cli.CliRun;

namespace CaptioningKit.Tests.Faults;

/// <summary>
/// No command replaces or deletes what an earlier command or the user made: datasets, vocabularies, checkpoints.
/// Each case checks the refusal (exit 1, the folder and the fix named) and that every earlier file is byte-identical,
/// or (a generated dataset made again with other settings) that every file the user added is kept.
/// </summary>
[Collection(CliCollection.Name)]
[Trait("Category", "Faults")]
public sealed class WorkLostTests(CliFiles files)
{
    static Dictionary<string, string> Snapshot(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    /// <summary>A run folder holding an earlier run's best.safetensors (a real checkpoint) and an epoch file.</summary>
    string EarlierRun(out string checkpoints, string sub = "")
    {
        var run = files.NewFolder("earlier-run");
        checkpoints = Path.Combine(run, sub);
        Directory.CreateDirectory(checkpoints);
        File.Copy(files.Checkpoint, Path.Combine(checkpoints, "best.safetensors"));
        File.Copy(files.Checkpoint, Path.Combine(checkpoints, "epoch-003.safetensors"));
        return run;
    }

    [Fact]
    public async Task Train_into_a_folder_holding_an_earlier_run_refuses_and_keeps_its_checkpoints()
    {
        var run = EarlierRun(out var checkpoints);
        var before = Snapshot(run);
        var r = await Run("train", "--dataset", files.Dataset, "--epochs", "1", "--out", run);
        AssertBadInput(r, $"'{run}' already holds the checkpoints of an earlier run (best.safetensors)", "--out NEW-FOLDER", $"--resume {Path.Combine(checkpoints, "best.safetensors")}");
        Assert.Equal(before, Snapshot(run));
    }

    [Fact]
    public async Task Train_into_a_folder_holding_only_epoch_checkpoints_refuses_too()
    {
        var run = files.NewFolder("epochs-only");
        File.Copy(files.Checkpoint, Path.Combine(run, "epoch-001.safetensors"));
        var before = Snapshot(run);
        var r = await Run("train", "--dataset", files.Dataset, "--epochs", "1", "--out", run);
        AssertBadInput(r, "(epoch-001.safetensors)");
        Assert.Equal(before, Snapshot(run));
    }

    [Fact]
    public async Task Demo_into_a_run_folder_holding_an_earlier_run_refuses_before_generating_anything()
    {
        var run = EarlierRun(out _, "checkpoints");
        var data = files.NewFolder("data");
        var before = Snapshot(run);
        var r = await Run("demo", "--quick", "--out", run, "--data-dir", data, "--device", "cpu");
        AssertBadInput(r, Path.Combine(run, "checkpoints"), "--out NEW-FOLDER");
        Assert.Equal(before, Snapshot(run));
        Assert.Empty(Directory.EnumerateFileSystemEntries(data)); // nothing generated
    }

    [Fact]
    public void The_quick_demo_writes_its_small_dataset_beside_the_full_one()
    {
        var options = new DemoOptions("shapes", "/somewhere/data", "/somewhere/run").Quick();
        Assert.Equal(Path.Combine("/somewhere/data", "quick"), options.DataDirectory);
    }

    [Fact]
    public async Task Generate_with_other_settings_replaces_the_generated_files_and_keeps_the_users_vocabulary()
    {
        var data = files.NewFolder("data");
        var first = await Run("generate", "shapes", "--train", "6", "--val", "2", "--test", "2", "--seed", "1", "--data-dir", data);
        Assert.True(first.ExitCode == 0, first.ToString());
        var dataset = Path.Combine(data, "shapes");
        var vocab = await Run("vocab", "build", "--dataset", dataset); // writes vocabulary.word.json into the dataset folder
        Assert.True(vocab.ExitCode == 0, vocab.ToString());
        File.WriteAllText(Path.Combine(dataset, "notes.txt"), "mine");
        var vocabBytes = File.ReadAllBytes(Path.Combine(dataset, "vocabulary.word.json"));

        var r = await Run("generate", "shapes", "--train", "4", "--val", "2", "--test", "2", "--seed", "1", "--data-dir", data);

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(8, Directory.GetFiles(Path.Combine(dataset, "images")).Length); // the generated files follow the new settings
        Assert.Equal(vocabBytes, File.ReadAllBytes(Path.Combine(dataset, "vocabulary.word.json"))); // what the user made is kept
        Assert.Equal("mine", File.ReadAllText(Path.Combine(dataset, "notes.txt")));
        Assert.Single(Directory.EnumerateFileSystemEntries(data)); // no temporary or old folder left
    }

    [Fact]
    public async Task Generate_into_a_folder_of_the_users_own_files_refuses()
    {
        var data = files.NewFolder("data");
        var mine = Path.Combine(data, "shapes");
        Directory.CreateDirectory(mine);
        File.WriteAllText(Path.Combine(mine, "notes.txt"), "my notes");
        var r = await Run("generate", "shapes", "--train", "2", "--val", "1", "--test", "1", "--force", "--data-dir", data);
        AssertBadInput(r, $"'{mine}' holds files that were not generated by the kit (notes.txt)", "--data-dir");
        Assert.Equal("my notes", File.ReadAllText(Path.Combine(mine, "notes.txt")));
        Assert.Single(Directory.EnumerateFileSystemEntries(mine));
    }

    [Fact]
    public void Generate_again_with_the_same_settings_keeps_the_users_vocabulary()
    {
        using var dir = new Data.TempFolder();
        var options = new GenerationOptions { Seed = 1, Train = 4, Val = 1, Test = 1 };
        var first = BuiltInDatasets.Generate("shapes", dir.Path, options);
        File.WriteAllText(Path.Combine(first.Folder, "vocabulary.word.json"), "{}");
        Assert.True(BuiltInDatasets.Generate("shapes", dir.Path, options).Skipped);
        Assert.Equal("{}", File.ReadAllText(Path.Combine(first.Folder, "vocabulary.word.json")));
    }
}
