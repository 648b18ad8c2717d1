using System.CommandLine;
using CaptioningKit.Native;
using Spectre.Console;

namespace CaptioningKit.Cli.Commands;

/// <summary><c>doctor</c>: can this machine run the kit? Exits 1 with a fix hint for each problem.</summary>
static class DoctorCommand
{
    public static Command Create()
    {
        var device = CommonOptions.Device();
        var dataDir = CommonOptions.DataDir();
        var command = new Command("doctor", "Check this machine: OS, libstdc++, the TorchSharp fix, torch, device, ImageSharp, data folder and free disk") { device, dataDir };
        command.SetAction(result =>
        {
            var checks = Doctor.Run(result.GetValue(dataDir), result.GetValue(device));
            var table = new Table().AddColumns("Check", "Found", "");
            foreach (var c in checks)
                table.AddRow(Markup.Escape(c.Name), Markup.Escape(c.Value), c.Ok ? "[green]ok[/]" : "[red]PROBLEM[/]");
            AnsiConsole.Write(table);
            foreach (var c in checks.Where(c => !c.Ok))
                AnsiConsole.MarkupLine($"[red]{Markup.Escape(c.Name)}:[/] {Markup.Escape(c.Hint ?? "")}");
            var status = TorchNativeLoader.Status;
            if (status is { Changes.Count: > 0 })
                foreach (var change in status.Changes)
                    AnsiConsole.MarkupLine($"[grey]patched {Markup.Escape(change.What)} at file offset 0x{change.FileOffset:X}: 0x{change.OldValue:X} -> 0x{change.NewValue:X}[/]");
            return checks.All(c => c.Ok) ? 0 : 1;
        });
        return command;
    }
}
