using System.CommandLine;
using CaptioningKit.Data;
using CaptioningKit.Decoder;
using CaptioningKit.Encoder;
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
        var dataset = new Option<string>("--dataset") { Description = CommonOptions.DatasetDescription, Required = true };
        var characters = new Option<bool>("--characters") { Description = "A character-level task (formulas, InChI) instead of words" };
        var epochs = new Option<int>("--epochs") { Description = "Maximum epochs", DefaultValueFactory = _ => 12 }.AtLeast(1);
        var batch = new Option<int>("--batch-size") { Description = "Images per step (each with all its captions)", DefaultValueFactory = _ => 32 }.AtLeast(1);
        var lr = new Option<double>("--lr") { Description = "Adam's initial learning rate (cosine schedule)", DefaultValueFactory = _ => 3e-3 }.Positive();
        var sampling = new Option<double>("--scheduled-sampling") { Description = "Probability of feeding back the model's own word (0 = pure teacher forcing)" }.Probability();
        var cell = new Option<RecurrentCellKind>("--cell") { Description = "Lstm or Gru", DefaultValueFactory = _ => RecurrentCellKind.Lstm };
        var ctcWeight = new Option<double?>("--ctc-weight") { Description = "Weight of the auxiliary CTC loss on the line encoder's columns (--characters; default 1, 0 turns it off, e.g. for captions longer than the encoder's 32 columns can read)" }
            .Must(v => v is null || (double.IsFinite(v.Value) && v.Value is >= 0 and <= 100), "must be a number from 0 to 100");
        var noAttention = new Option<bool>("--no-attention") { Description = "Train the Show-and-Tell baseline (no attention) for comparison" };
        var vocabFile = new Option<string?>("--vocab") { Description = "Train with this vocabulary file (written by vocab build) instead of building one; --preset, --threshold and --top-k then do not apply" };
        var preset = new Option<string>("--preset") { Description = $"Word cleaning: {string.Join(", ", CleaningPresets.All.Select(p => p.Name))} (same default as vocab build)", DefaultValueFactory = _ => CleaningPresets.DefaultName };
        var threshold = new Option<int>("--threshold") { Description = "Keep tokens seen at least this often in the training split (same default as vocab build)", DefaultValueFactory = _ => VocabularyOptions.DefaultMinCount }.AtLeast(1);
        var topK = new Option<int?>("--top-k") { Description = "Keep at most this many tokens, most frequent first (same default as vocab build: no cap)" }.AtLeast(1);
        var resume = new Option<string?>("--resume") { Description = "Continue from this checkpoint (same configuration)" };
        var output = new Option<string>("--out") { Description = "Where checkpoints go", DefaultValueFactory = _ => "runs/train" };
        var encoder = new Option<string>("--encoder") { Description = "small-cnn (trained from scratch on small images), resnet18-imagenet (ImageNet weights ship with the kit: photos, 224x224) or resnet18..resnet152 (with --weights)", DefaultValueFactory = _ => "small-cnn" };
        var weights = new Option<string?>("--weights") { Description = "torchvision .pth or .safetensors weights for a resnet18..resnet152 encoder (default: looked up in $CAPTIONINGKIT_WEIGHTS)" };
        var fineTune = new Option<int>("--fine-tune-blocks") { Description = "Train a pretrained encoder's last N blocks too (0: frozen, its features computed once and cached)" };
        var cacheFolder = new Option<string?>("--feature-cache") { Description = "Folder of the feature cache of a frozen pretrained encoder (default: <kit cache>/features/<dataset>-<encoder>-<grid>)" };
        var noCache = new Option<bool>("--no-feature-cache") { Description = "Run the frozen encoder on every batch instead of caching its features" };
        var storage = new Option<FeatureStorage>("--cache-storage") { Description = "How cached features are stored: Float16 (half the disk) or Float32", DefaultValueFactory = _ => FeatureStorage.Float16 };
        var device = CommonOptions.Device();
        var command = new Command("train", "Train a captioner with teacher forcing (Adam, clipping, cosine schedule, early stopping on validation BLEU-4)")
            { dataset, characters, epochs, batch, lr, sampling, cell, ctcWeight, noAttention, vocabFile, preset, threshold, topK, resume, output, encoder, weights, fineTune, cacheFolder, noCache, storage, device };
        command.SetAction((result, cancel) =>
        {
            Kit.Initialize(result.GetValue(device));
            var datasetPath = result.GetValue(dataset)!;
            var items = DatasetReport.LoadAndPrint(datasetPath).Images;
            var chars = result.GetValue(characters);
            var training = new TrainingOptions
            {
                Epochs = result.GetValue(epochs), BatchSize = result.GetValue(batch), LearningRate = result.GetValue(lr),
                ScheduledSampling = result.GetValue(sampling),
            };
            // The vocabulary size is filled in by CaptioningRun.Train once it has built the vocabulary.
            var encoderName = result.GetValue(encoder)!;
            var photos = !EncoderFactory.IsTrainedFromScratch(encoderName);
            var config = photos ? CaptionerConfig.ForPhotos(vocabSize: 0, encoderName)
                : chars ? CaptionerConfig.ForFormulas(vocabSize: 0) : CaptionerConfig.ForShapes(vocabSize: 0);
            config = config with { Attention = !result.GetValue(noAttention), Decoder = config.Decoder with { Cell = result.GetValue(cell) } };
            if (result.GetValue(ctcWeight) is { } ctc) config = config with { CtcWeight = ctc };
            var options = new RunOptions(chars, training, config)
            {
                Vocab = result.GetValue(vocabFile),
                Vocabulary = VocabularyOptions.For(chars ? VocabularyLevel.Char : VocabularyLevel.Word, result.GetValue(threshold), result.GetValue(preset)!, result.GetValue(topK)),
                ResumeFrom = result.GetValue(resume),
                EncoderWeights = result.GetValue(weights),
                FineTuneEncoderBlocks = result.GetValue(fineTune),
                // Used only when the encoder is pretrained and frozen (CaptioningRun decides); fine-tuning keeps the image path.
                FeatureCacheFolder = result.GetValue(noCache) ? null
                    : result.GetValue(cacheFolder) ?? FeatureCacheBuilder.DefaultFolder(datasetPath, encoderName, config.Grid),
                CacheStorage = result.GetValue(storage),
            };
            var outDir = Path.GetFullPath(result.GetValue(output)!);
            if (options.ResumeFrom is null) CheckpointFolder.RefuseEarlierRun(outDir); // a fresh run never replaces an earlier one's checkpoints
            TrainedRun? run = null;
            AnsiConsole.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(ctx =>
                {
                    ProgressTask? task = null;
                    ProgressTask? encoding = null;
                    options = options with { CacheProgress = new InlineProgress<int>(n =>
                    {
                        encoding ??= ctx.AddTask("encoding images into the feature cache", maxValue: items.Count);
                        encoding.Value = n;
                    }) };
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
                if (run!.Cache is { } c)
                    AnsiConsole.MarkupLine($"Feature cache ({c.Storage}, {c.Images} images): {Markup.Escape(c.Folder)} — {(c.Built ? $"built ({Markup.Escape(c.Reason ?? "")})" : "reused")}" +
                        (c.Unreadable.Count == 0 ? "" : $"; [yellow]{c.Unreadable.Count} unreadable images left out[/], e.g. {Markup.Escape(c.Unreadable[0])}"));
                AnsiConsole.MarkupLine($"Best validation BLEU-4 {run!.History.BestBleu4:F3} at epoch {run.History.BestEpoch} ({Markup.Escape(run.History.StopReason)}).\n" +
                    $"Best checkpoint: {Markup.Escape(run.History.BestCheckpoint ?? "none")}");
            return Task.FromResult(0);
        });
        return command;
    }
}
