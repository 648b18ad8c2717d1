using System.Diagnostics;
using System.Text.Json;
using CaptioningKit.Data;
using CaptioningKit.Data.Generated;
using CaptioningKit.Evaluation;
using CaptioningKit.Inference;
using CaptioningKit.Training;
using CaptioningKit.Vocabulary;
using CaptioningKit.Vocabulary.Cleaning;
using TorchSharp;
using static TorchSharp.torch;

namespace CaptioningKit.Demo;

/// <summary>A stage of the demo, for a progress display.</summary>
public readonly record struct DemoProgress(string Stage, TrainingProgress? Training = null);

/// <summary>What the demo produced.</summary>
public sealed record DemoResult(DemoMetrics Metrics, string ReportPath, string MetricsPath, TrainingHistory History);

/// <summary>
/// The kit's main job, end to end and offline: generate a built-in dataset, build its vocabulary, train a captioner
/// with teacher forcing, caption the test split greedily and by beam search, score it (BLEU-1..4; attention
/// localisation for shapes; Levenshtein for formulas) and write an offline report.html and metrics.json.
/// </summary>
public static class DemoPipeline
{
    public static DemoResult Run(DemoOptions options, Device device, IProgress<DemoProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var total = Stopwatch.StartNew();
        var characters = options.Task switch
        {
            "shapes" => false,
            "formulas" => true,
            _ => throw new ArgumentException($"Unknown demo task '{options.Task}'. Use shapes or formulas."),
        };
        var outDir = Path.GetFullPath(options.OutputDirectory);
        CheckpointFolder.RefuseEarlierRun(Path.Combine(outDir, "checkpoints")); // before anything is generated or written
        Directory.CreateDirectory(outDir);

        progress?.Report(new DemoProgress($"generating the {options.Task} dataset"));
        var generated = BuiltInDatasets.Generate(options.Task, options.DataDirectory, options.Seed, options.TrainImages, options.ValImages, options.TestImages,
            cancellationToken: cancellationToken);
        var dataset = CaptionDatasets.Load("folder", generated.Folder).Images;

        var photos = !Encoder.EncoderFactory.IsTrainedFromScratch(options.Encoder);
        var run = photos
            ? new RunOptions(characters, options.Training, options.Config ?? Model.CaptionerConfig.ForShapes(0, options.Encoder))
            {
                FeatureCacheFolder = Path.Combine(outDir, "feature-cache"),
                CacheStorage = options.CacheStorage,
                CacheProgress = new InlineProgress<int>(n => progress?.Report(new DemoProgress($"encoding images into the feature cache: {n}/{dataset.Count}"))),
            }
            : new RunOptions(characters, options.Training,
                characters ? (options.Config ?? Model.CaptionerConfig.ForFormulas(0)) with { CleanScans = options.CleanScans } : options.Config);
        var trained = CaptioningRun.Train(dataset, run, Path.Combine(outDir, "checkpoints"), device,
            new InlineProgress<TrainingProgress>(p => progress?.Report(new DemoProgress("training", p))), cancellationToken);

        progress?.Report(new DemoProgress("captioning the test split"));
        var test = dataset.Where(x => x.Split == Split.Test).ToList();
        if (options.HardAttention) trained.Model.HardAttention = true;
        var scores = DatasetEvaluation.Run(trained.Model, trained.Vocab, test, device, options.BeamWidth, generated.Folder, cancellationToken);
        var history = trained.History;
        var metrics = new DemoMetrics
        {
            Task = options.Task, Bleu1 = scores.Greedy.Bleu1, Bleu2 = scores.Greedy.Bleu2, Bleu3 = scores.Greedy.Bleu3, Bleu4 = scores.Greedy.Bleu4,
            BeamBleu4 = scores.Beam.Bleu4, AttentionLocalization = scores.AttentionLocalisation,
            CharacterLocalisation = scores.CharacterLocalisation, CleanScans = trained.Model.Config.CleanScans,
            MeanLevenshtein = scores.EditDistance?.Mean, ExactMatch = scores.EditDistance?.ExactMatch,
            TrainSeconds = history.TotalSeconds, Epochs = history.Epochs.Count, BestEpoch = history.BestEpoch, StopReason = history.StopReason,
            CaptionsPerSecond = scores.CaptionsPerSecond, TestImages = test.Count, VocabularySize = trained.Vocab.Size, Device = device.ToString(),
        };

        progress?.Report(new DemoProgress("writing the report"));
        metrics = metrics with { TotalSeconds = total.Elapsed.TotalSeconds };
        var report = DemoReport.Write(Path.Combine(outDir, "report.html"), options, metrics, history,
            scores.GreedyCaptions, scores.BeamCaptions, trained.Model.Config, characters);
        var metricsPath = Path.Combine(outDir, "metrics.json");
        var temp = metricsPath + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(metrics, new JsonSerializerOptions { WriteIndented = true }));
        File.Move(temp, metricsPath, overwrite: true);
        return new DemoResult(metrics, report, metricsPath, history);
    }
}
