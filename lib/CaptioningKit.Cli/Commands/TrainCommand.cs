using System.CommandLine;
using CaptioningKit.Data;
using CaptioningKit.Decoder;
using CaptioningKit.Model;
using CaptioningKit.Training;
using CaptioningKit.Vocabulary;
using CaptioningKit.Vocabulary.Cleaning;
using Spectre.Console;

namespace CaptioningKit.Cli.Commands;

/// <summary><c>train</c>: train a captioner on a dataset folder with teacher forcing; checkpoints are resumable.</summary>
static class TrainCommand
{
    public static Command Create()
    {
        var dataset = new Option<string>("--dataset") { Description = "Dataset folder or captions file (your own folder, data/shapes, Flickr8k, COCO …)", Required = true };
        var characters = new Option<bool>("--characters") { Description = "A character-level task (formulas, InChI) instead of words" };
        var epochs = new Option<int>("--epochs") { Description = "Maximum epochs", DefaultValueFactory = _ => 12 }.AtLeast(1);
        var batch = new Option<int>("--batch-size") { Description = "Images per step (each with all its captions)", DefaultValueFactory = _ => 32 }.AtLeast(1);
        var lr = new Option<double>("--lr") { Description = "Adam's initial learning rate (cosine schedule)", DefaultValueFactory = _ => 3e-3 }.Positive();
        var sampling = new Option<double>("--scheduled-sampling") { Description = "Probability of feeding back the model's own word (0 = pure teacher forcing)" }.Probability();
        var cell = new Option<RecurrentCellKind>("--cell") { Description = "Lstm or Gru", DefaultValueFactory = _ => RecurrentCellKind.Lstm };
        var noAttention = new Option<bool>("--no-attention") { Description = "Train the Show-and-Tell baseline (no attention) for comparison" };
        var preset = new Option<string>("--preset") { Description = $"Word cleaning: {string.Join(", ", CleaningPresets.All.Select(p => p.Name))} (same default as vocab build)", DefaultValueFactory = _ => CleaningPresets.DefaultName };
        var threshold = new Option<int>("--threshold") { Description = "Minimum word count for the vocabulary", DefaultValueFactory = _ => 1 }.AtLeast(1);
        var resume = new Option<string?>("--resume") { Description = "Continue from this checkpoint (same configuration)" };
        var output = new Option<string>("--out") { Description = "Where checkpoints go", DefaultValueFactory = _ => "runs/train" };
        var device = CommonOptions.Device();
        var command = new Command("train", "Train a captioner with teacher forcing (Adam, clipping, cosine schedule, early stopping on validation BLEU-4)")
            { dataset, characters, epochs, batch, lr, sampling, cell, noAttention, preset, threshold, resume, output, device };
        command.SetAction((result, cancel) =>
        {
            Kit.Initialize(result.GetValue(device));
            var items = DatasetReport.LoadAndPrint(result.GetValue(dataset)!).Images;
            var chars = result.GetValue(characters);
            var training = new TrainingOptions
            {
                Epochs = result.GetValue(epochs), BatchSize = result.GetValue(batch), LearningRate = result.GetValue(lr),
                ScheduledSampling = result.GetValue(sampling),
            };
            // The vocabulary size is filled in by CaptioningRun.Train once it has built the vocabulary.
            var config = chars ? CaptionerConfig.ForFormulas(vocabSize: 0) : CaptionerConfig.ForShapes(vocabSize: 0);
            config = config with { Attention = !result.GetValue(noAttention), Decoder = config.Decoder with { Cell = result.GetValue(cell) } };
            var options = new RunOptions(chars, training, config)
            {
                Vocabulary = chars
                    ? VocabularyOptions.Characters(result.GetValue(threshold))
                    : new VocabularyOptions { Cleaning = CleaningPresets.Get(result.GetValue(preset)!), MinCount = result.GetValue(threshold) },
                ResumeFrom = result.GetValue(resume),
            };
            var outDir = Path.GetFullPath(result.GetValue(output)!);
            if (options.ResumeFrom is null) CheckpointFolder.RefuseEarlierRun(outDir); // a fresh run never replaces an earlier one's checkpoints
            TrainedRun? run = null;
            AnsiConsole.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(ctx =>
                {
                    ProgressTask? task = null;
                    run = CaptioningRun.Train(items, options, outDir, Kit.Device, new InlineProgress<TrainingProgress>(p =>
                    {
                        if (task is null || task.Description.StartsWith($"epoch {p.Epoch}/") == false && p.Finished is null)
                            task = ctx.AddTask($"epoch {p.Epoch}/{p.Epochs}", maxValue: p.StepsPerEpoch);
                        task.Value = p.Step;
                        task.Description = p.Finished is { } r
                            ? $"epoch {r.Epoch}/{p.Epochs}: loss {r.TrainLoss:F3}, val perplexity {r.ValPerplexity:F2}, val BLEU-4 {r.ValBleu4:F3}"
                            : $"epoch {p.Epoch}/{p.Epochs} loss {p.Loss:F3}";
                    }), cancel);
                });
                AnsiConsole.MarkupLine($"Best validation BLEU-4 {run!.History.BestBleu4:F3} at epoch {run.History.BestEpoch} ({Markup.Escape(run.History.StopReason)}).\n" +
                    $"Best checkpoint: {Markup.Escape(run.History.BestCheckpoint ?? "none")}");
            return Task.FromResult(0);
        });
        return command;
    }
}
