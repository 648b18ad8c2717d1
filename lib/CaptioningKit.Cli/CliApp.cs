using System.CommandLine;
using System.Runtime.CompilerServices;
using CaptioningKit.Cli.Commands;
using CaptioningKit.Native;
using Spectre.Console;

[assembly: InternalsVisibleTo("CaptioningKit.Tests")]

namespace CaptioningKit.Cli;

/// <summary>
/// The command-line tool as a callable: <c>Program</c> runs <see cref="RunAsync(string[])"/> with the process's
/// arguments; tests run it in-process with given arguments and their own writers.
/// </summary>
public static class CliApp
{
    /// <summary>The command ran (doctor: every check passed; images inspect: every image loads).</summary>
    public const int Success = 0;

    /// <summary>
    /// Bad input: a missing or malformed file, an unknown name or value; an "Error:" message names it and the fix.
    /// Also a failed doctor check or an image that does not load, and (System.CommandLine's code) a command line that
    /// does not parse: unknown option, missing required option or argument, unparsable value.
    /// </summary>
    public const int BadInput = 1;

    /// <summary>TorchSharp's native library could not be set up on this machine (see <c>doctor</c>).</summary>
    public const int NativeSetupFailure = 2;

    /// <summary>
    /// Something the kit did not expect (a bug, not bad input): a one-line message with the path of a crash log that
    /// holds the exception and its stack trace, for a bug report.
    /// </summary>
    public const int UnexpectedError = 3;

    /// <summary>Training stopped because the loss became NaN or infinite; no checkpoint was written for that epoch.</summary>
    public const int TrainingDiverged = 4;

    /// <summary>The exit codes, as the root command's help shows them.</summary>
    public const string ExitCodes =
        "Exit codes: 0 success; 1 bad input (an \"Error:\" line names the file or option), a failed doctor check, an image that does not load, " +
        "or a command line that does not parse (the error, then the command's help); 2 TorchSharp's native library could not be set up (run doctor); " +
        "3 an unexpected error (the message gives the path of a crash log); 4 training diverged (NaN or infinite loss).";

    /// <summary>The root command with every sub-command.</summary>
    public static RootCommand CreateRootCommand() =>
        new("CaptioningKit: build an image captioner step by step (CNN encoder, Bahdanau attention, LSTM decoder).\n" + ExitCodes)
        {
            DemoCommand.Create(),
            DoctorCommand.Create(),
            DownloadCommand.Create(),
            GenerateCommand.Create(),
            VocabCommand.Create(),
            ImagesCommand.Create(),
            FeaturesCommandLine.Create(),
            TrainCommand.Create(),
            CaptionCommand.Create(),
            EvaluateCommand.Create(),
            BleuCommand.Create(),
        };

    /// <summary>Runs the tool as <c>Program</c> does: parse errors and help go to the console.</summary>
    public static Task<int> RunAsync(string[] args) => RunAsync(args, output: null, error: null);

    /// <summary>
    /// Runs the tool with System.CommandLine's help and parse errors sent to <paramref name="output"/> and
    /// <paramref name="error"/> (the console's when null). The commands themselves write to <see cref="Console.Out"/> and
    /// <see cref="AnsiConsole.Console"/>: a test that wants their output replaces those. An exception that is not bad
    /// input becomes exit code <see cref="UnexpectedError"/>: one line with the path of a crash log (see <see cref="CrashLog"/>).
    /// </summary>
    public static Task<int> RunAsync(string[] args, TextWriter? output, TextWriter? error) => RunAsync(CreateRootCommand(), args, output, error);

    internal static async Task<int> RunAsync(Command root, string[] args, TextWriter? output, TextWriter? error)
    {
        var configuration = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
        if (output is not null) configuration.Output = output;
        if (error is not null) configuration.Error = error;
        try
        {
            return await root.Parse(args).InvokeAsync(configuration);
        }
        catch (NativeSetupException e)
        {
            AnsiConsole.MarkupLine($"[red]TorchSharp could not be set up:[/] {Markup.Escape(e.Message)}");
            return NativeSetupFailure;
        }
        catch (CaptioningKit.Training.TrainingDivergedException e)
        {
            AnsiConsole.MarkupLine($"[red]Error:[/] {Markup.Escape(OneLine(e.Message))}");
            return TrainingDiverged;
        }
        catch (Exception e) when (IsBadInput(e))
        {
            // Bad input (a missing file, a dead link, a corrupt archive): the message names it and the fix.
            AnsiConsole.MarkupLine($"[red]Error:[/] {Markup.Escape(OneLine(e.Message))}");
            return BadInput;
        }
        catch (OperationCanceledException)
        {
            AnsiConsole.MarkupLine("[yellow]Cancelled.[/] Run the command again to continue (a download resumes where it stopped; training continues with --resume from its last checkpoint).");
            return UnexpectedError;
        }
        catch (Exception e)
        {
            var log = CrashLog.Write(e, args);
            AnsiConsole.MarkupLine($"[red]Unexpected error[/] ({Markup.Escape(e.GetType().Name)}): {Markup.Escape(OneLine(e.Message))} " +
                $"This is a bug in the kit, not your input. Crash log: {Markup.Escape(log ?? "(could not be written)")}");
            return UnexpectedError;
        }
    }

    /// <summary>
    /// The exception types the kit raises on purpose for bad input; each message names the file, value or option and
    /// the fix. Everything else is unexpected.
    /// </summary>
    internal static bool IsBadInput(Exception e) => e is CaptioningKit.Data.CaptioningDataException or CaptioningKit.Images.ImageLoadException
        or CaptioningKit.Model.CheckpointMismatchException or CaptioningKit.SafeTensors.CheckpointFormatException or IOException or InvalidDataException
        or ArgumentException or UnauthorizedAccessException or CaptioningKit.Encoder.WeightLoadException or CaptioningKit.Vocabulary.VocabularyFileException
        or System.Text.DecoderFallbackException or FormatException; // FormatException: the kit's "file:line: bad row" errors (objects.csv)

    /// <summary>The message on one line (inner line breaks become "; ").</summary>
    static string OneLine(string message) =>
        string.Join("; ", message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
