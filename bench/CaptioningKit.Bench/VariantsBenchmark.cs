using System.Globalization;
using CaptioningKit.Demo;
using CaptioningKit.Model;

namespace CaptioningKit.Bench;

/// <summary>
/// `variants [names…] [--epochs N] [--results path] [--dry]`: trains the shapes demo (full size, default settings) once
/// per variant of <see cref="ShapesVariants"/> — the default with one switch flipped — and writes BLEU-4 greedy/beam,
/// localisation and time per variant to bench/results/shapes-variants.json (rows are merged by name, so variants can be
/// measured in several runs) and prints Markdown rows for bench/README.md. `--dry` prints without writing the file
/// (for trying settings); `--lambda`, `--widths a,b,c` and `--lr` change the base settings of such a trial.
/// </summary>
static class VariantsBenchmark
{
    public static int Run(string[] args)
    {
        var names = new List<string>();
        int? epochs = null;
        double? lambda = null, lr = null;
        int[]? widths = null;
        var dry = false;
        var results = ShapesVariants.ResultsFile;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--epochs": epochs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--lambda": lambda = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--lr": lr = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--widths": widths = args[++i].Split(',').Select(int.Parse).ToArray(); break;
                case "--results": results = args[++i]; break;
                case "--dry": dry = true; break;
                default: ShapesVariants.Get(args[i]); names.Add(args[i]); break;
            }
        }
        if (names.Count == 0) names = ShapesVariants.All.Select(v => v.Name).ToList();
        Kit.Initialize("cpu");
        var recorded = !dry && File.Exists(results) ? ShapesVariants.Load(results) : new ShapesVariantResults();
        var rows = recorded.Variants.ToList();
        var skipHard = false;
        foreach (var name in names.ToList())
        {
            if (name == "hard-attention" && skipHard) continue;
            var dir = Directory.CreateTempSubdirectory("ck-bench-variant-").FullName;
            var options = new DemoOptions("shapes", Path.Combine(dir, "data"), Path.Combine(dir, "run"));
            if (epochs is { } e) options = options with { Training = options.Training with { Epochs = e } };
            if (lr is { } rate) options = options with { Training = options.Training with { LearningRate = rate } };
            if (lambda is not null || widths is not null)
            {
                var config = CaptionerConfig.ForShapes(0);
                if (widths is not null) config = config with { EncoderWidths = widths };
                if (lambda is { } l) config = config with { Decoder = config.Decoder with { DoublyStochasticWeight = l } };
                options = options with { Config = config };
            }
            var variant = ShapesVariants.Get(name);
            var result = DemoPipeline.Run(variant.Apply(options), Kit.Device,
                new Progress<DemoProgress>(p => { if (p.Training?.Finished is { } f) Console.Error.WriteLine($"{name} epoch {f.Epoch}: val BLEU-4 {f.ValBleu4:F3}, {f.Seconds:F0} s"); }));
            var measured = new List<ShapesVariantResult> { ShapesVariantResult.From(variant, result.Metrics) };
            if (name == "default" && names.Contains("hard-attention"))
            {
                // Hard attention changes decoding only: the default's own best model, decoded hard (no second training).
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var (model, vocab, _) = Captioner.Load(Path.Combine(dir, "run", "checkpoints", "best.safetensors"), Kit.Device);
                model.HardAttention = true;
                var folder = CaptioningKit.Data.Generated.BuiltInDatasets.Generate("shapes", options.DataDirectory, options.Seed, options.TrainImages, options.ValImages, options.TestImages).Folder; // already there: returns at once
                var test = CaptioningKit.Data.CaptionDatasets.Load("folder", folder).Images.Where(i => i.Split == CaptioningKit.Data.Split.Test).ToList();
                var s = CaptioningKit.Inference.DatasetEvaluation.Run(model, vocab, test, Kit.Device, options.BeamWidth, folder);
                var hard = ShapesVariants.Get("hard-attention");
                measured.Add(ShapesVariantResult.From(hard, result.Metrics with
                {
                    Bleu4 = s.Greedy.Bleu4, BeamBleu4 = s.Beam.Bleu4, AttentionLocalization = s.AttentionLocalisation,
                    TotalSeconds = result.Metrics.TotalSeconds + clock.Elapsed.TotalSeconds,
                }));
                names.Remove("hard-attention");
                names.Add("hard-attention"); // printed with the others
                skipHard = true;
            }
            foreach (var row in measured)
            {
                Console.Error.WriteLine($"{row.Name}: BLEU-4 {row.Bleu4:F3} / beam {row.BeamBleu4:F3}, localisation {row.AttentionLocalization:P1}, {row.TotalSeconds:F0} s, {row.Epochs} epochs (best {row.BestEpoch})");
                rows.RemoveAll(r => r.Name == row.Name);
                rows.Add(row);
            }
            Directory.Delete(dir, recursive: true);
            if (!dry)
            {
                var order = ShapesVariants.All.Select(v => v.Name).ToList();
                ShapesVariants.Save(recorded with
                {
                    Measured = $"{DateTime.UtcNow:yyyy-MM-dd}, 2 CPU cores, Release build, one variant at a time",
                    Settings = $"demo defaults (2000/200/200 images, seed 42, beam 3){(epochs is { } n ? $", {n} epochs at most" : $", {CaptioningKit.Demo.DemoOptions.ShapesTraining.Epochs} epochs at most")}",
                    Variants = rows.OrderBy(r => order.IndexOf(r.Name)).ToList(),
                }, results);
            }
        }
        Console.WriteLine("| variant | switch | BLEU-4 greedy | BLEU-4 beam 3 | localisation | total s | epochs (best) |");
        Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in rows.Where(r => names.Contains(r.Name)))
            Console.WriteLine($"| {r.Name} | {r.Switch} | {r.Bleu4:F3} | {r.BeamBleu4:F3} | {(r.AttentionLocalization is { } a ? $"{a:P1}" : "–")} | {r.TotalSeconds:F0} | {r.Epochs} ({r.BestEpoch}) |");
        return 0;
    }
}
