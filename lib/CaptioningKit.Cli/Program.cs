using System.CommandLine;
using CaptioningKit.Cli.Commands;
using CaptioningKit.Native;
using Spectre.Console;

var root = new RootCommand("CaptioningKit: build an image captioner step by step (CNN encoder, Bahdanau attention, LSTM decoder).")
{
    DoctorCommand.Create(),
};

try
{
    return await root.Parse(args).InvokeAsync();
}
catch (NativeSetupException e)
{
    AnsiConsole.MarkupLine($"[red]TorchSharp could not be set up:[/] {Markup.Escape(e.Message)}");
    return 2;
}
