using System.Text.RegularExpressions;
using CaptioningKit.Cli;
using Spectre.Console;
using Xunit;

namespace CaptioningKit.Tests.Cli;

/// <summary>What one in-process run of the tool did: its exit code and everything written to stdout and stderr.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error)
{
    public string All => Output + Error;

    /// <summary>Stdout's lines (help, tables, JSON, and the "Error:" line of a bad input).</summary>
    public IReadOnlyList<string> OutputLines => Output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();

    public override string ToString() => $"exit code {ExitCode}\n--- stdout:\n{Output}\n--- stderr:\n{Error}";
}

/// <summary>
/// Runs the tool in-process (<see cref="CliApp.RunAsync(string[], TextWriter?, TextWriter?)"/>) and captures its
/// output: System.CommandLine's help and parse errors through its writers, the commands' own Console.WriteLine and
/// Spectre output by swapping the global consoles for the duration of the run (hence <see cref="CliCollection"/>).
/// Spectre's console is made wide, so a message is one line as on a wide terminal (piped to a file it wraps at 80).
/// </summary>
static class CliRun
{
    public static Task<CliResult> Run(params string[] args) => Run(root: null, args);

    internal static async Task<CliResult> Run(System.CommandLine.Command? root, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var previousAnsi = AnsiConsole.Console; // read first: its lazy default binds to the real Console.Out
        var previousOut = Console.Out;
        var previousError = Console.Error;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 4000;
        try
        {
            AnsiConsole.Console = console;
            Console.SetOut(output);
            Console.SetError(error);
            var code = root is null ? await CliApp.RunAsync(args, output, error) : await CliApp.RunAsync(root, args, output, error);
            return new CliResult(code, output.ToString(), error.ToString());
        }
        finally
        {
            AnsiConsole.Console = previousAnsi;
            Console.SetOut(previousOut);
            Console.SetError(previousError);
        }
    }

    /// <summary>Splits "vocab build --dataset x" into arguments (no quoting needed by these tests).</summary>
    public static string[] Args(string commandLine) => commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Exit code 1 with exactly one "Error:" line that names every one of <paramref name="named"/>; no stack trace.</summary>
    public static string AssertBadInput(CliResult result, params string[] named)
    {
        Assert.True(result.ExitCode == CliApp.BadInput, result.ToString());
        var line = Assert.Single(result.OutputLines, l => l.StartsWith("Error: ", StringComparison.Ordinal));
        foreach (var name in named) Assert.True(line.Contains(name, StringComparison.Ordinal), $"'{name}' is not named in: {line}");
        AssertNoStackTrace(result);
        return line;
    }

    /// <summary>
    /// A command line System.CommandLine rejects: its exit code (1), the error on stderr naming each of
    /// <paramref name="named"/>, then the command's help on stdout; the command itself did not run.
    /// </summary>
    public static void AssertParseError(CliResult result, params string[] named)
    {
        Assert.True(result.ExitCode == CliApp.BadInput, result.ToString());
        foreach (var name in named) Assert.True(result.Error.Contains(name, StringComparison.Ordinal), $"'{name}' is not named on stderr:\n{result}");
        Assert.Contains("Usage:", result.Output);
        Assert.DoesNotContain("Error: ", result.Output);
        AssertNoStackTrace(result);
    }

    public static void AssertNoStackTrace(CliResult result) =>
        Assert.False(Regex.IsMatch(result.All, @"^\s+at \S+\(", RegexOptions.Multiline), $"stack trace in the output:\n{result}");
}
