using CaptioningKit.Cli;
using Xunit;
using static CaptioningKit.Tests.Cli.CliRun;

namespace CaptioningKit.Tests.Cli;

/// <summary>Every command's --help (exit 0, names its options) and the command lines System.CommandLine rejects.</summary>
[Collection(CliCollection.Name)]
public sealed class CliHelpAndParseTests
{
    /// <summary>The top-level commands the tests below cover; a new command must be added here (and tested).</summary>
    static readonly string[] Covered = ["demo", "doctor", "download", "generate", "vocab", "images", "features", "train", "caption", "evaluate", "bleu"];

    [Fact]
    public void Every_command_of_the_tool_is_covered()
    {
        var commands = CliApp.CreateRootCommand().Subcommands.Select(c => c.Name).Order().ToList();
        Assert.Equal(Covered.Order(), commands);
    }

    [Fact]
    public async Task Root_help_exits_0_and_documents_the_exit_codes()
    {
        var r = await Run("--help");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains(CliApp.ExitCodes, r.Output);
        Assert.Contains("Exit codes: 0 success; 1 bad input", r.Output);
        Assert.Contains("2 TorchSharp's native library could not be set up", r.Output);
        foreach (var command in Covered) Assert.Contains($"  {command} ", r.Output);
        Assert.Equal("", r.Error);
    }

    [Theory]
    [InlineData("demo", "--task <formulas|shapes> | --out | --epochs | --quick | --no-clean | --device | --data-dir")]
    [InlineData("doctor", "--device | --data-dir")]
    [InlineData("download", "<dataset> | flickr8k, coco2014, coco2017, karpathy-splits, bms-molecular-translation | --data-dir")]
    [InlineData("generate", "<formulas|shapes> | --seed | --train | --val | --test | --data-dir")]
    [InlineData("vocab", "build")]
    [InlineData("vocab build", "--dataset <dataset> (REQUIRED) | --threshold | --level <Char|Word> | --preset | --top-k | --out")]
    [InlineData("images", "inspect")]
    [InlineData("images inspect", "<folder> | --json")]
    [InlineData("features", "build")]
    [InlineData("features build", "--dataset <dataset> (REQUIRED) | --encoder | --weights | --allow-random-weights | --device")]
    [InlineData("train", "--dataset <dataset> (REQUIRED) | --characters | --epochs | --batch-size | --lr | --scheduled-sampling | --cell <Gru|Lstm> | --ctc-weight | --no-attention | --preset | --threshold | --resume | --out | --device")]
    [InlineData("caption", "<image> | --checkpoint | [default: runs/demo/checkpoints/best.safetensors] | --beam | --attention | --device")]
    [InlineData("evaluate", "--dataset <dataset> (REQUIRED) | --checkpoint | --split <Test|Train|Val> | --beam | --device")]
    [InlineData("bleu", "--references <references> (REQUIRED) | --hypotheses <hypotheses> (REQUIRED) | --smoothing <Method1|Method2|Method3|Method4|None>")]
    public async Task Help_exits_0_and_names_the_options(string command, string names)
    {
        var r = await Run([.. Args(command), "--help"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("Usage:", r.Output);
        foreach (var name in names.Split(" | ")) Assert.Contains(name, r.Output);
        Assert.Equal("", r.Error);
    }

    [Fact]
    public async Task Help_names_every_option_of_every_command()
    {
        foreach (var (path, command) in Leaves(CliApp.CreateRootCommand(), []))
        {
            var r = await Run([.. path, "--help"]);
            Assert.True(r.ExitCode == 0, r.ToString());
            foreach (var option in command.Options) Assert.Contains(option.Name, r.Output);
        }
    }

    static IEnumerable<(string[] Path, System.CommandLine.Command Command)> Leaves(System.CommandLine.Command command, string[] path) =>
        command.Subcommands.Count == 0 ? [(path, command)] : command.Subcommands.SelectMany(c => Leaves(c, [.. path, c.Name]));

    [Theory]
    [InlineData("demo --bogus")]
    [InlineData("doctor --bogus")]
    [InlineData("download flickr8k --bogus")]
    [InlineData("generate shapes --bogus")]
    [InlineData("vocab build --dataset d --bogus")]
    [InlineData("images inspect d --bogus")]
    [InlineData("features build --dataset d --bogus")]
    [InlineData("train --dataset d --bogus")]
    // caption: see CliModelCommandTests.Caption_reads_an_unknown_option_as_an_image_name (its image argument takes any token)
    [InlineData("evaluate --dataset d --bogus")]
    [InlineData("bleu --references r --hypotheses h --bogus")]
    public async Task An_unknown_option_is_a_parse_error_that_names_it(string commandLine)
    {
        var r = await Run(Args(commandLine));
        AssertParseError(r, "Unrecognized command or argument '--bogus'");
    }

    [Theory]
    [InlineData("vocab build", "Option '--dataset' is required.")]
    [InlineData("features build", "Option '--dataset' is required.")]
    [InlineData("train --epochs 1", "Option '--dataset' is required.")]
    [InlineData("evaluate --checkpoint c", "Option '--dataset' is required.")]
    [InlineData("bleu --hypotheses h", "Option '--references' is required.")]
    [InlineData("bleu --references r", "Option '--hypotheses' is required.")]
    [InlineData("download", "Required argument missing for command: 'download'.")]
    [InlineData("generate", "Required argument missing for command: 'generate'.")]
    [InlineData("caption --beam 1", "Required argument missing for command: 'caption'.")]
    [InlineData("images inspect", "Required argument missing for command: 'inspect'.")]
    [InlineData("vocab", "Required command was not provided.")]
    [InlineData("images", "Required command was not provided.")]
    [InlineData("features", "Required command was not provided.")]
    public async Task A_missing_required_option_or_argument_is_a_parse_error_that_names_it(string commandLine, string message)
    {
        var r = await Run(Args(commandLine));
        AssertParseError(r, message);
    }

    [Theory]
    [InlineData("demo --task nosuch", "Argument 'nosuch' not recognized. Must be one of:")]
    [InlineData("demo --epochs many", "Cannot parse argument 'many' for option '--epochs'")]
    [InlineData("doctor extra", "Unrecognized command or argument 'extra'")]
    [InlineData("download flickr8k extra", "Unrecognized command or argument 'extra'")]
    [InlineData("generate circles", "Argument 'circles' not recognized. Must be one of:")]
    [InlineData("generate shapes --train abc", "Cannot parse argument 'abc' for option '--train'")]
    [InlineData("vocab build --dataset d --level Syllable", "Cannot parse argument 'Syllable' for option '--level'")]
    [InlineData("vocab build --dataset d --threshold x", "Cannot parse argument 'x' for option '--threshold'")]
    [InlineData("train --dataset d --cell Foo", "Cannot parse argument 'Foo' for option '--cell'")]
    [InlineData("train --dataset d --lr fast", "Cannot parse argument 'fast' for option '--lr'")]
    [InlineData("caption image.png --beam wide", "Cannot parse argument 'wide' for option '--beam'")]
    [InlineData("evaluate --dataset d --split Foo", "Cannot parse argument 'Foo' for option '--split'")]
    [InlineData("bleu --references r --hypotheses h --smoothing Foo", "Cannot parse argument 'Foo' for option '--smoothing'")]
    public async Task A_bad_value_or_extra_argument_is_a_parse_error_that_names_it(string commandLine, string message)
    {
        var r = await Run(Args(commandLine));
        AssertParseError(r, message);
    }
}
