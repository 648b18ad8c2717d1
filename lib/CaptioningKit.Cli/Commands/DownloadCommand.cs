using System.CommandLine;
using CaptioningKit.Data;
using Spectre.Console;

namespace CaptioningKit.Cli.Commands;

/// <summary><c>download &lt;dataset&gt;</c>: fetch, verify and unpack a known dataset, resuming an interrupted download.</summary>
static class DownloadCommand
{
    public static Command Create()
    {
        var known = string.Join(", ", DatasetCatalog.Default.Entries.Select(d => d.Name));
        var dataset = new Argument<string>("dataset") { Description = $"One of: {known}" };
        var dataDir = CommonOptions.DataDir();
        var command = new Command("download", "Download and unpack a dataset into the data folder (resumable; nothing finished is fetched twice)") { dataset, dataDir };
        command.SetAction(async (result, cancel) =>
        {
            string folder = "";
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
                .StartAsync(async ctx =>
                {
                    var tasks = new Dictionary<string, ProgressTask>();
                    var progress = new Progress<DownloadProgress>(p =>
                    {
                        var key = $"{p.Stage switch { DownloadStage.Extracting => "unpack", DownloadStage.Verifying => "verify", _ => "get" }} {p.Item}";
                        if (!tasks.TryGetValue(key, out var task)) tasks[key] = task = ctx.AddTask(Markup.Escape(key), maxValue: Math.Max(1, p.TotalBytes ?? 1));
                        if (p.TotalBytes is { } total) task.MaxValue = Math.Max(1, total);
                        task.Value = p.Stage == DownloadStage.Done ? task.MaxValue : Math.Min(p.BytesDone, task.MaxValue);
                    });
                    folder = await new DatasetDownloads().DownloadAsync(result.GetValue(dataset)!, result.GetValue(dataDir) ?? KitPaths.DataDirectory, progress, cancel);
                });
            AnsiConsole.MarkupLine($"[green]Ready:[/] {Markup.Escape(folder)}");
            return 0;
        });
        return command;
    }
}
