using CaptioningKit.Native;
using TorchSharp;
using Xunit;
using static CaptioningKit.Tests.Cli.CliRun;

namespace CaptioningKit.Tests.Cli;

/// <summary>
/// Bad inputs of demo, doctor, train, caption and evaluate: exit code 1 and an error that names them. None of these
/// trains: each fails before the first step (a checkpoint here is an untrained one written by <see cref="CliFiles"/>).
/// </summary>
[Collection(CliCollection.Name)]
public sealed class CliModelCommandTests(CliFiles files)
{
    // demo

    [Fact]
    public async Task Demo_with_an_unknown_device_names_it()
    {
        var r = await Run("demo", "--quick", "--device", "bogus", "--out", files.NewFolder("demo"), "--data-dir", files.NewFolder("data"));
        AssertBadInput(r, "Unknown device 'bogus'", "--device");
        Assert.Equal(DeviceType.CPU, Kit.Device.type); // the process's device is unchanged
    }

    [Fact]
    public async Task Demo_with_a_data_dir_that_is_a_file_names_the_file()
    {
        var file = files.NewFile("not-a-folder", "x");
        var r = await Run("demo", "--quick", "--data-dir", file, "--out", files.NewFolder("demo"));
        AssertBadInput(r, file);
    }

    // doctor

    [Fact]
    public async Task Doctor_runs_in_process_and_finds_torch_loaded_on_the_cpu()
    {
        var data = files.NewFolder("data");
        var r = await Run("doctor", "--device", "cpu", "--data-dir", data);
        var enoughDisk = new DriveInfo(Path.GetPathRoot(data)!).AvailableFreeSpace >= Doctor.MinimumFreeBytes;
        Assert.True(r.ExitCode == (enoughDisk ? 0 : 1), r.ToString());
        Assert.Contains(r.OutputLines, l => l.Contains("TorchSharp fix") && l.TrimEnd().EndsWith("ok │"));
        Assert.Contains(r.OutputLines, l => l.Contains("ones(2,2).sum() = 4") && l.TrimEnd().EndsWith("ok │"));
        Assert.Contains(r.OutputLines, l => l.Contains("Device") && l.Contains("cpu (CUDA available:"));
        Assert.Contains(r.OutputLines, l => l.Contains("Data folder") && l.Contains(data));
        Assert.Equal(DeviceType.CPU, Kit.Device.type);
    }

    [Fact]
    public async Task Doctor_with_a_data_dir_that_is_a_file_reports_the_folder_and_exits_1()
    {
        var file = files.NewFile("not-a-folder", "x");
        var r = await Run("doctor", "--device", "cpu", "--data-dir", file);
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains(r.OutputLines, l => l.Contains("Data folder") && l.Contains(file) && l.Contains("PROBLEM"));
        Assert.Contains(r.OutputLines, l => l.StartsWith("Data folder: Not writable") && l.Contains(file) && l.Contains("--data-dir"));
        AssertNoStackTrace(r);
    }

    [Fact]
    public async Task Doctor_with_an_unknown_device_names_it_and_exits_1()
    {
        var r = await Run("doctor", "--device", "bogus", "--data-dir", files.NewFolder("data"));
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains(r.OutputLines, l => l.StartsWith("TorchSharp: Unknown device 'bogus'"));
        AssertNoStackTrace(r);
        Assert.Equal(DeviceType.CPU, Kit.Device.type);
    }

    // train

    [Fact]
    public async Task Train_with_a_vocabulary_of_the_wrong_level_names_the_file()
    {
        var vocab = Path.Combine(files.NewFolder("vocab"), "chars.json");
        var build = await Run("vocab", "build", "--dataset", files.Dataset, "--level", "Char", "--out", vocab);
        Assert.True(build.ExitCode == 0, build.ToString());
        var r = await Run("train", "--dataset", files.Dataset, "--vocab", vocab, "--epochs", "1", "--out", files.NewFolder("runs"));
        AssertBadInput(r, vocab, "character vocabulary", "--characters");
    }

    [Fact]
    public async Task Train_with_a_missing_vocabulary_file_names_it()
    {
        var missing = files.Missing("vocabulary.word.json");
        var r = await Run("train", "--dataset", files.Dataset, "--vocab", missing, "--epochs", "1", "--out", files.NewFolder("runs"));
        AssertBadInput(r, missing, "vocab build");
    }

    [Fact]
    public async Task Train_on_a_missing_dataset_names_it()
    {
        var missing = files.Missing("no-dataset");
        var r = await Run("train", "--dataset", missing, "--out", files.NewFolder("runs"));
        AssertBadInput(r, $"{missing}: does not exist", "captions file");
    }

    [Fact]
    public async Task Train_with_a_missing_resume_checkpoint_names_it()
    {
        var missing = files.Missing("last.safetensors");
        var r = await Run("train", "--dataset", files.Dataset, "--resume", missing, "--epochs", "1", "--out", files.NewFolder("runs"));
        AssertBadInput(r, $"'{missing}'", "does not exist");
    }

    [Fact]
    public async Task Train_with_an_unknown_preset_names_it()
    {
        var r = await Run("train", "--dataset", files.Dataset, "--preset", "nosuch", "--epochs", "1", "--out", files.NewFolder("runs"));
        AssertBadInput(r, "'nosuch'", "flickr8k, plain, none");
    }

    [Fact]
    public async Task Train_with_an_unknown_device_names_it()
    {
        var r = await Run("train", "--dataset", files.Dataset, "--device", "bogus", "--out", files.NewFolder("runs"));
        AssertBadInput(r, "Unknown device 'bogus'");
        Assert.Equal(DeviceType.CPU, Kit.Device.type);
    }

    [Fact]
    public async Task Train_on_a_dataset_without_a_validation_split_says_so()
    {
        var r = await Run("train", "--dataset", files.TrainOnlyDataset(), "--epochs", "1", "--out", files.NewFolder("runs"));
        AssertBadInput(r, "Training needs images in both the train and val splits", "split column");
    }

    // caption

    [Fact]
    public async Task Caption_with_a_missing_checkpoint_names_it()
    {
        var missing = files.Missing("best.safetensors");
        var r = await Run("caption", files.Image, "--checkpoint", missing);
        AssertBadInput(r, $"Checkpoint not found: {missing}");
    }

    [Fact]
    public async Task Caption_without_a_checkpoint_names_the_default_one()
    {
        var defaultPath = Path.Combine("runs", "demo", "checkpoints", "best.safetensors");
        Assert.False(File.Exists(defaultPath)); // relative to the test's working folder
        var r = await Run("caption", files.Image);
        AssertBadInput(r, $"Checkpoint not found: {defaultPath}", "train");
    }

    [Fact]
    public async Task Caption_with_a_file_that_is_no_checkpoint_names_it()
    {
        var garbage = files.NewFile("garbage.safetensors", "this is not a checkpoint");
        var r = await Run("caption", files.Image, "--checkpoint", garbage);
        AssertBadInput(r, $"'{garbage}' is not a safetensors file");
        var truncated = files.NewFile("short.safetensors", "short");
        r = await Run("caption", files.Image, "--checkpoint", truncated);
        AssertBadInput(r, $"'{truncated}' is truncated");
    }

    [Fact]
    public async Task Caption_reads_an_unknown_option_as_an_image_name()
    {
        // Not a parse error: the image argument (one or more) takes "--bogus" as a file name. It is still exit code 1
        // and names the token, but as a missing image (and only once the checkpoint has loaded).
        var r = await Run("caption", files.Image, "--bogus", "--checkpoint", files.Checkpoint);
        AssertBadInput(r, "Cannot load image '", "--bogus'");
        Assert.Equal("", r.Error);
    }

    [Fact]
    public async Task Caption_of_a_missing_image_names_it()
    {
        var missing = files.Missing("photo.png");
        var r = await Run("caption", missing, "--checkpoint", files.Checkpoint);
        AssertBadInput(r, $"Cannot load image '{missing}'", "missing or unreadable");
    }

    [Fact]
    public async Task Caption_of_a_file_that_is_no_image_names_it()
    {
        var text = files.NewFile("notes.png", "not an image");
        var r = await Run("caption", files.Image, text, "--checkpoint", files.Checkpoint);
        AssertBadInput(r, $"Cannot load image '{text}'", "not an image format");
    }

    [Fact]
    public async Task Caption_with_an_unknown_device_names_it_and_keeps_the_process_device()
    {
        var r = await Run("caption", files.Image, "--checkpoint", files.Checkpoint, "--device", "bogus");
        AssertBadInput(r, "Unknown device 'bogus'");
        Assert.Equal(DeviceType.CPU, Kit.Device.type);
    }

    [Fact]
    public async Task Caption_runs_in_process_with_the_hosts_torch_and_device()
    {
        var r = await Run("caption", files.Image, "--checkpoint", files.Checkpoint, "--beam", "1");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.StartsWith(files.Image + "\t", r.Output);
        Assert.Equal(DeviceType.CPU, Kit.Device.type);
    }

    // evaluate

    [Fact]
    public async Task Evaluate_with_a_missing_checkpoint_names_it()
    {
        var missing = files.Missing("best.safetensors");
        var r = await Run("evaluate", "--dataset", files.Dataset, "--checkpoint", missing);
        AssertBadInput(r, $"Checkpoint not found: {missing}");
    }

    [Fact]
    public async Task Evaluate_with_a_file_that_is_no_checkpoint_names_it()
    {
        var garbage = files.NewFile("garbage.safetensors", "this is not a checkpoint");
        var r = await Run("evaluate", "--dataset", files.Dataset, "--checkpoint", garbage);
        AssertBadInput(r, $"'{garbage}' is not a safetensors file");
    }

    [Fact]
    public async Task Evaluate_on_a_missing_dataset_names_it()
    {
        var missing = files.Missing("no-dataset");
        var r = await Run("evaluate", "--dataset", missing, "--checkpoint", files.Checkpoint);
        AssertBadInput(r, $"{missing}: does not exist", "captions file");
    }

    [Fact]
    public async Task Evaluate_on_an_empty_split_says_so()
    {
        var r = await Run("evaluate", "--dataset", files.TrainOnlyDataset(), "--checkpoint", files.Checkpoint, "--split", "Test");
        AssertBadInput(r, "the split is empty", "split column");
    }
}
