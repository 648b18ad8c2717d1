using System.CommandLine;
using CaptioningKit.Cli.Commands;
using CaptioningKit.Native;
using Spectre.Console;

var root = new RootCommand("CaptioningKit: build an image captioner step by step (CNN encoder, Bahdanau attention, LSTM decoder).")
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

try
{
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (NativeSetupException e)
{
    AnsiConsole.MarkupLine($"[red]TorchSharp could not be set up:[/] {Markup.Escape(e.Message)}");
    return 2;
}
catch (Exception e) when (e is CaptioningKit.Data.CaptioningDataException or CaptioningKit.Images.ImageLoadException
    or CaptioningKit.Model.CheckpointMismatchException or CaptioningKit.SafeTensors.CheckpointFormatException or IOException or InvalidDataException or ArgumentException or UnauthorizedAccessException)
{
    // Bad input (a missing file, a dead link, a corrupt archive): the message names it and the fix.
    AnsiConsole.MarkupLine($"[red]Error:[/] {Markup.Escape(e.Message)}");
    return 1;
}
