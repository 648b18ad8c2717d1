using System.Diagnostics;
using CaptioningKit.Demo;

namespace CaptioningKit.Bench;

/// <summary>
/// The main job against its targets: `demo` on the shapes set (≤ 5 minutes on 2 CPU cores, test BLEU-4 ≥ 0.6,
/// attention localisation ≥ 90 %) and on the formulas set (mean Levenshtein distance). Prints Markdown rows for
/// bench/README.md, with the memory after the first and last epoch (flat = no native leak).
/// </summary>
static class DemoBenchmark
{
    public static int Run(string[] args)
    {
        Kit.Initialize("cpu");
        var tasks = args.Length > 0 ? args : ["shapes", "formulas"];
        var rows = new List<string>();
        foreach (var task in tasks)
        {
            var dir = Directory.CreateTempSubdirectory("ck-bench-demo-").FullName;
            var clock = Stopwatch.StartNew();
            var result = DemoPipeline.Run(new DemoOptions(task, Path.Combine(dir, "data"), Path.Combine(dir, "run")), Kit.Device,
                new Progress<DemoProgress>(p => { if (p.Training?.Finished is { } e) Console.Error.WriteLine($"{task} epoch {e.Epoch}: val BLEU-4 {e.ValBleu4:F3}, {e.Seconds:F0} s, {e.ProcessMemoryBytes / 1e6:F0} MB, {e.LiveTensors} live tensors"); }));
            var m = result.Metrics;
            var first = result.History.Epochs[0];
            var last = result.History.Epochs[^1];
            rows.Add($"| {task} | {clock.Elapsed.TotalSeconds:F0} | {m.TrainSeconds:F0} | {m.Epochs} (best {m.BestEpoch}) | {m.Bleu4:F3} | {m.BeamBleu4:F3} | " +
                $"{(m.AttentionLocalization is { } l ? $"{l:P1}" : "–")} | {(m.MeanLevenshtein is { } d ? $"{d:F2} (exact {m.ExactMatch:P0})" : "–")} | {m.CaptionsPerSecond:F0} | " +
                $"{first.ProcessMemoryBytes / 1e6:F0} → {last.ProcessMemoryBytes / 1e6:F0} | {first.LiveTensors} → {last.LiveTensors} |");
            Directory.Delete(dir, recursive: true);
        }
        Console.WriteLine("| task | total s | train s | epochs | BLEU-4 greedy | BLEU-4 beam 3 | attention localisation | mean Levenshtein | captions/s | process MB (epoch 1 → last) | live tensors (epoch 1 → last) |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in rows) Console.WriteLine(r);
        return 0;
    }
}
