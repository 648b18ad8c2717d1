using System.CommandLine;
using CaptioningKit.Cli;
using CaptioningKit.Tests.Cli;
using Xunit;
using static CaptioningKit.Tests.Cli.CliRun;

namespace CaptioningKit.Tests.Faults;

/// <summary>
/// The CLI's outcome for every kind of failure: an unexpected exception is one line with a crash log (exit 3), and
/// every option is checked when the command line is parsed (exit 1, the option and the value named, nothing run).
/// </summary>
[Collection(CliCollection.Name)]
[Trait("Category", "Faults")]
public sealed class CliFaultTests
{
    [Fact]
    public async Task An_unexpected_exception_is_one_line_with_the_path_of_a_crash_log_and_exit_3()
    {
        var root = new RootCommand("test");
        var boom = new Command("boom");
        boom.SetAction((Func<ParseResult, int>)(_ => throw new InvalidOperationException("kaboom\nsecond line")));
        root.Subcommands.Add(boom);

        var r = await Run(root, "boom");

        Assert.True(r.ExitCode == CliApp.UnexpectedError, r.ToString());
        var line = Assert.Single(r.OutputLines, l => l.StartsWith("Unexpected error (InvalidOperationException): kaboom; second line", StringComparison.Ordinal));
        AssertNoStackTrace(r);
        var log = line[(line.IndexOf("Crash log: ", StringComparison.Ordinal) + "Crash log: ".Length)..].Trim();
        Assert.True(File.Exists(log), log);
        var text = File.ReadAllText(log);
        Assert.Contains("command line: boom", text);
        Assert.Contains("System.InvalidOperationException: kaboom", text);
        Assert.Matches(@"\n\s+at ", text); // the stack trace is in the log, not on the console
        File.Delete(log);
    }

    [Fact]
    public async Task A_diverged_training_is_exit_4_with_one_error_line()
    {
        var root = new RootCommand("test");
        var train = new Command("train");
        train.SetAction((Func<ParseResult, int>)(_ => throw new CaptioningKit.Training.TrainingDivergedException(2, 17, double.NaN, 3e-3, "/runs/x/epoch-001.safetensors")));
        root.Subcommands.Add(train);
        var r = await Run(root, "train");
        Assert.True(r.ExitCode == CliApp.TrainingDiverged, r.ToString());
        var line = Assert.Single(r.OutputLines, l => l.StartsWith("Error: Training diverged: the loss became NaN at epoch 2, step 17", StringComparison.Ordinal));
        Assert.Contains("--resume /runs/x/epoch-001.safetensors", line);
        AssertNoStackTrace(r);
    }

    [Fact]
    public void The_exit_codes_are_documented_in_the_help_and_the_readme()
    {
        Assert.Contains("3 an unexpected error", CliApp.ExitCodes);
        Assert.Contains("4 training diverged", CliApp.ExitCodes);
        var readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));
        Assert.Contains("`3` an unexpected error", readme);
        Assert.Contains("`4` training diverged", readme);
    }

    [Theory]
    [InlineData("train --dataset d --epochs 0", "--epochs must be at least 1 (got 0)")]
    [InlineData("train --dataset d --epochs -1", "--epochs must be at least 1 (got -1)")]
    [InlineData("train --dataset d --batch-size 0", "--batch-size must be at least 1 (got 0)")]
    [InlineData("train --dataset d --batch-size -4", "--batch-size must be at least 1 (got -4)")]
    [InlineData("train --dataset d --lr NaN", "--lr must be a finite number above 0 (got NaN)")]
    [InlineData("train --dataset d --lr Infinity", "--lr must be a finite number above 0 (got Infinity)")]
    [InlineData("train --dataset d --lr 0", "--lr must be a finite number above 0 (got 0)")]
    [InlineData("train --dataset d --lr -0.01", "--lr must be a finite number above 0 (got -0.01)")]
    [InlineData("train --dataset d --scheduled-sampling 2", "--scheduled-sampling must be a probability from 0 to 1 (got 2)")]
    [InlineData("train --dataset d --ctc-weight -1", "--ctc-weight must be a number from 0 to 100 (got -1)")]
    [InlineData("train --dataset d --ctc-weight NaN", "--ctc-weight must be a number from 0 to 100 (got NaN)")]
    [InlineData("train --dataset d --scheduled-sampling -0.5", "--scheduled-sampling must be a probability from 0 to 1 (got -0.5)")]
    [InlineData("train --dataset d --threshold 0", "--threshold must be at least 1 (got 0)")]
    [InlineData("caption image.png --beam 0", "--beam must be at least 1 (got 0)")]
    [InlineData("caption image.png --beam -2", "--beam must be at least 1 (got -2)")]
    [InlineData("evaluate --dataset d --beam 0", "--beam must be at least 1 (got 0)")]
    [InlineData("demo --epochs 0", "--epochs must be at least 1 (got 0)")]
    [InlineData("generate shapes --train -5", "--train must be at least 0 (got -5)")]
    [InlineData("vocab build --dataset d --top-k 0", "--top-k must be at least 1 (got 0)")]
    [InlineData("vocab build --dataset d --threshold -1", "--threshold must be at least 1 (got -1)")]
    public async Task An_option_out_of_range_is_refused_when_the_command_line_is_parsed(string commandLine, string message)
    {
        var r = await Run(Args(commandLine));
        AssertParseError(r, message);
    }

    [Fact]
    public void The_library_refuses_the_same_settings_the_cli_refuses()
    {
        var options = new CaptioningKit.Training.TrainingOptions();
        Assert.Contains("learning rate", Assert.Throws<ArgumentException>(() => (options with { LearningRate = double.NaN }).Validate()).Message);
        Assert.Contains("Epochs must be at least 1", Assert.Throws<ArgumentException>(() => (options with { Epochs = 0 }).Validate()).Message);
        Assert.Contains("probability", Assert.Throws<ArgumentException>(() => (options with { ScheduledSampling = 2 }).Validate()).Message);
        options.Validate(); // the defaults are valid
    }
}
