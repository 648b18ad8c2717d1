using System.Diagnostics;
using System.Text.Json;
using CaptioningKit.Data;
using CaptioningKit.Data.Generated;
using CaptioningKit.Display;
using CaptioningKit.Evaluation;
using CaptioningKit.Inference;
using CaptioningKit.Training;
using CaptioningKit.Vocabulary;
using CaptioningKit.Vocabulary.Cleaning;
using TorchSharp;
using static TorchSharp.torch;
using EvalBox = CaptioningKit.Evaluation.ObjectBox;

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
        Directory.CreateDirectory(outDir);

        progress?.Report(new DemoProgress($"generating the {options.Task} dataset"));
        var generated = BuiltInDatasets.Generate(options.Task, options.DataDirectory, options.Seed, options.TrainImages, options.ValImages, options.TestImages,
            cancellationToken: cancellationToken);
        var dataset = CaptionDatasets.Load("folder", generated.Folder).Images;
        List<CaptionedImage> Part(Split s) => dataset.Where(x => x.Split == s).ToList();

        progress?.Report(new DemoProgress("building the vocabulary"));
        var vocabOptions = characters ? VocabularyOptions.Characters() : new VocabularyOptions { Cleaning = CleaningPresets.Plain };
        var vocab = VocabularyBuilder.Build(Part(Split.Train).SelectMany(x => x.Captions), vocabOptions).Vocab;
        var config = characters ? CaptionerConfig.ForFormulas(vocab.Size) : CaptionerConfig.ForShapes(vocab.Size);

        progress?.Report(new DemoProgress("decoding images"));
        using var train = PreparedSplit.Prepare(Part(Split.Train), vocab, config);
        using var val = PreparedSplit.Prepare(Part(Split.Val), vocab, config);
        using var test = PreparedSplit.Prepare(Part(Split.Test), vocab, config);

        torch.manual_seed(options.Seed);
        var model = new Captioner(config, device);
        var trainer = new Trainer(model, vocab, options.Training, device);
        var history = trainer.Fit(train, val, Path.Combine(outDir, "checkpoints"), new SyncProgress<TrainingProgress>(p => progress?.Report(new DemoProgress("training", p))), cancellationToken);

        progress?.Report(new DemoProgress("captioning the test split"));
        var (best, _, _) = TrainingCheckpoint.LoadModel(history.BestCheckpoint ?? throw new InvalidOperationException("Training wrote no checkpoint."), device);
        var clock = Stopwatch.StartNew();
        var greedy = SplitDecoding.Generate(best, test.Images, test.Items, vocab, device);
        var captionsPerSecond = test.Count / clock.Elapsed.TotalSeconds;
        var beam = SplitDecoding.Generate(best, test.Images, test.Items, vocab, device, beamWidth: options.BeamWidth);

        var references = test.References.ToList();
        var bleu = CorpusBleu.Bleu1To4(references, greedy.Select(g => g.Words).ToList());
        var beamBleu = CorpusBleu.Bleu1To4(references, beam.Select(g => g.Words).ToList());
        double? localisation = null, levenshtein = null, exact = null;
        if (characters)
        {
            var summary = EditDistance.Summarise(greedy.Select(g => g.Text(true)).ToList(), test.Items.Select(x => x.Captions[0]).ToList());
            (levenshtein, exact) = (summary.Mean, summary.ExactMatch);
        }
        else localisation = Localisation(generated.Folder, greedy, config);

        var metrics = new DemoMetrics
        {
            Task = options.Task, Bleu1 = bleu.Bleu1, Bleu2 = bleu.Bleu2, Bleu3 = bleu.Bleu3, Bleu4 = bleu.Bleu4, BeamBleu4 = beamBleu.Bleu4,
            AttentionLocalization = localisation, MeanLevenshtein = levenshtein, ExactMatch = exact,
            TrainSeconds = history.TotalSeconds, Epochs = history.Epochs.Count, BestEpoch = history.BestEpoch, StopReason = history.StopReason,
            CaptionsPerSecond = captionsPerSecond, TestImages = test.Count, VocabularySize = vocab.Size, Device = device.ToString(),
        };

        progress?.Report(new DemoProgress("writing the report"));
        var report = DemoReport.Write(Path.Combine(outDir, "report.html"), options, metrics with { TotalSeconds = total.Elapsed.TotalSeconds }, history, greedy, beam, config, characters);
        metrics = metrics with { TotalSeconds = total.Elapsed.TotalSeconds };
        var metricsPath = Path.Combine(outDir, "metrics.json");
        var temp = metricsPath + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(metrics, new JsonSerializerOptions { WriteIndented = true }));
        File.Move(temp, metricsPath, overwrite: true);
        return new DemoResult(metrics, report, metricsPath, history);
    }

    /// <summary>Share of generated colour/shape words whose most-attended cell lies inside the object they name.</summary>
    static double? Localisation(string datasetFolder, IReadOnlyList<GeneratedCaption> captions, CaptionerConfig config)
    {
        var boxes = ObjectBoxesCsv.ByImage(ObjectBoxesCsv.Read(datasetFolder));
        var objectWords = boxes.Values.SelectMany(b => b).SelectMany(b => b.Words).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var attended = captions.Select(c => new AttendedCaption(c.Words, c.Weights.Select(w => (IReadOnlyList<float>)w).ToList(),
            config.ImageWidth, config.ImageHeight,
            boxes.GetValueOrDefault(Path.GetFileName(c.Item.ImagePath), boxes.GetValueOrDefault(c.Item.Id, []))
                .Select(b => new EvalBox(b.Colour, b.Shape, b.Box.X0, b.Box.Y0, b.Box.X1, b.Box.Y1)).ToList()));
        return AttentionLocalisation.Score(attended, config.GridRows, config.GridColumns, objectWords).Share;
    }

    /// <summary>An IProgress that reports on the caller's thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
