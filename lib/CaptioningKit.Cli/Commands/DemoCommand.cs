using System.CommandLine;
using CaptioningKit.Demo;
using Spectre.Console;

namespace CaptioningKit.Cli.Commands;

/// <summary><c>demo</c>: the main job — generate, train, evaluate and report, offline, in minutes on a CPU.</summary>
static class DemoCommand
{
    public static Command Create()
    {
        var task = new Option<string>("--task") { Description = "shapes (word captions, BLEU, attention localisation) or formulas (characters, Levenshtein)", DefaultValueFactory = _ => "shapes" };
        task.AcceptOnlyFromAmong("shapes", "formulas");
        var output = new Option<string?>("--out") { Description = "Where report.html, metrics.json and checkpoints go (default: runs/demo, runs/demo-formulas; with --quick runs/demo-quick …); a folder holding an earlier run is refused" };
        var epochs = new Option<int?>("--epochs") { Description = "Maximum epochs (default 12; early stopping may end sooner)" }.AtLeast(1);
        var quick = new Option<bool>("--quick") { Description = "Tiny settings that finish in seconds (to check that everything runs); its data goes to the data folder's quick/ subfolder" };
        var storage = new Option<CaptioningKit.Encoder.FeatureStorage>("--cache-storage") { Description = "With a pretrained encoder: how the feature cache stores values, Float16 (default) or Float32", DefaultValueFactory = _ => CaptioningKit.Encoder.FeatureStorage.Float16 };
        var encoder = new Option<string>("--encoder") { Description = "small-cnn (trained from scratch at 64x64) or resnet18-imagenet (pretrained, frozen, 224x224, decoder trained from a feature cache)", DefaultValueFactory = _ => "small-cnn" };
        var noClean = new Option<bool>("--no-clean") { Description = "formulas: feed the raw scans to the encoder, without the scan cleaning (Otsu, speckle removal, crop, pad) it does by default" };
        var device = CommonOptions.Device();
        var dataDir = CommonOptions.DataDir();
        var command = new Command("demo", "Generate the built-in dataset, train a captioner with teacher forcing, caption the test split and write an offline report") { task, output, epochs, quick, encoder, storage, noClean, device, dataDir };
        command.SetAction((result, cancel) =>
        {
            Kit.Initialize(result.GetValue(device));
            var name = result.GetValue(task)!;
            var quickRun = result.GetValue(quick);
            var options = new DemoOptions(name, result.GetValue(dataDir),
                result.GetValue(output) ?? Path.Combine(KitPaths.RepositoryRoot ?? ".", "runs", (name == "shapes" ? "demo" : "demo-formulas") + (quickRun ? "-quick" : "")));
            if (result.GetValue(noClean)) options = options with { CleanScans = false };
            if (result.GetValue(epochs) is { } e) options = options with { Training = options.Training with { Epochs = e } };
            var encoderName = result.GetValue(encoder)!;
            if (!CaptioningKit.Encoder.EncoderFactory.IsTrainedFromScratch(encoderName))
                options = options with { Encoder = encoderName, CacheStorage = result.GetValue(storage), OutputDirectory = result.GetValue(output) ?? options.OutputDirectory + "-" + encoderName };
            if (quickRun) options = options.Quick();
            AnsiConsole.MarkupLine($"[bold]CaptioningKit demo[/]: task [green]{name}[/] on [green]{Kit.Device}[/] ({TorchSharp.torch.get_num_threads()} threads)");

            DemoResult? demo = null;
            AnsiConsole.Progress().AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
                .Start(ctx =>
                {
                    var stage = ctx.AddTask("starting", maxValue: 1);
                    ProgressTask? epochTask = null;
                    var reported = 0;
                    demo = DemoPipeline.Run(options, Kit.Device, new InlineProgress<DemoProgress>(p =>
                    {
                        if (p.Training is not { } t) { stage.Description = Markup.Escape(p.Stage); return; }
                        if (epochTask is null || t.Step == 1 && reported != t.Epoch)
                        {
                            epochTask?.StopTask();
                            epochTask = ctx.AddTask($"epoch {t.Epoch}/{t.Epochs}", maxValue: t.StepsPerEpoch);
                            reported = t.Epoch;
                        }
                        epochTask.Value = t.Step;
                        epochTask.Description = $"epoch {t.Epoch}/{t.Epochs} loss {t.Loss:F3}";
                        if (t.Finished is { } r)
                            epochTask.Description = $"epoch {r.Epoch}: loss {r.TrainLoss:F3}, val ppl {r.ValPerplexity:F2}, val BLEU-4 [green]{r.ValBleu4:F3}[/], {r.Seconds:F0}s";
                    }), cancel);
                    stage.Description = "done";
                    stage.Value = 1;
                });
            var m = demo!.Metrics;
            var table = new Table().AddColumns("metric", "value");
            table.AddRow("BLEU-1 / 2 / 3 / 4 (greedy)", $"{m.Bleu1:F3} / {m.Bleu2:F3} / {m.Bleu3:F3} / {m.Bleu4:F3}");
            table.AddRow("BLEU-4 (beam)", $"{m.BeamBleu4:F3}");
            if (m.AttentionLocalization is { } loc) table.AddRow("attention localisation", $"{loc:P1}");
            if (m.MeanLevenshtein is { } lev) table.AddRow("mean Levenshtein", $"{lev:F3} (exact {m.ExactMatch:P1})");
            table.AddRow("training", $"{m.Epochs} epochs, {m.TrainSeconds:F0} s ({Markup.Escape(m.StopReason)})");
            table.AddRow("captions/s", $"{m.CaptionsPerSecond:F0}");
            table.AddRow("total", $"{m.TotalSeconds:F0} s");
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"Report: [link]{Markup.Escape(demo.ReportPath)}[/]\nMetrics: {Markup.Escape(demo.MetricsPath)}");
            return Task.FromResult(0);
        });
        return command;
    }
}
