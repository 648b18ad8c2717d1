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
    /// <summary>
    /// `demo-try formulas TRAIN EPOCHS [BATCH] [LR] [MAXSTEPS]`: one demo run with other settings, to search for them on a
    /// small budget; prints each epoch and the test scores.
    /// </summary>
    public static int Try(string[] args)
    {
        Kit.Initialize("cpu");
        var task = args[0];
        var o = new DemoOptions(task);
        o = o with { TrainImages = int.Parse(args[1]), Training = o.Training with { Epochs = int.Parse(args[2]) } };
        if (args.Length > 3) o = o with { Training = o.Training with { BatchSize = int.Parse(args[3]) } };
        if (args.Length > 4) o = o with { Training = o.Training with { LearningRate = double.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) } };
        if (args.Length > 5 && args[5] != "-") o = o with { Training = o.Training with { MaxSteps = int.Parse(args[5]) } };
        if (args.Contains("raw")) o = o with { CleanScans = false };
        var dir = Directory.CreateTempSubdirectory("ck-bench-try-").FullName;
        var clock = Stopwatch.StartNew();
        var result = DemoPipeline.Run(o with { DataDirectory = Path.Combine(dir, "data"), OutputDirectory = Path.Combine(dir, "run") }, Kit.Device,
            new Progress<DemoProgress>(p =>
            {
                if (p.Training?.Finished is { } e) Console.Error.WriteLine($"{task} epoch {e.Epoch}: train loss {e.TrainLoss:F3} val acc {e.ValTokenAccuracy:P1} val BLEU-4 {e.ValBleu4:F3}, {e.Seconds:F0} s");
                else if (p.Training is { } t) { if (t.Step % 25 == 0) Console.Error.WriteLine($"[{clock.Elapsed.TotalSeconds:F0} s] epoch {t.Epoch} step {t.Step}/{t.StepsPerEpoch} loss {t.Loss:F3}"); }
                else Console.Error.WriteLine($"[{clock.Elapsed.TotalSeconds:F0} s] {p.Stage}");
            }));
        var m = result.Metrics;
        Console.WriteLine($"{task} clean {o.CleanScans} train {o.TrainImages} epochs {m.Epochs} batch {o.Training.BatchSize} lr {o.Training.LearningRate}: total {clock.Elapsed.TotalSeconds:F0} s, train {m.TrainSeconds:F0} s, exact {m.ExactMatch:P1}, Levenshtein {m.MeanLevenshtein:F3}, char localisation {m.CharacterLocalisation:P1}, BLEU-4 {m.Bleu4:F3}");
        Console.WriteLine($"run folder: {dir}");
        return 0;
    }

    public static int Run(string[] args)
    {
        Kit.Initialize("cpu");
        var tasks = args.Length > 0 ? args : ["shapes", "formulas"];
        var rows = new List<string>();
        foreach (var name in tasks)
        {
            var task = name == "formulas-raw" ? "formulas" : name; // formulas-raw: the formulas demo with --no-clean
            var dir = Directory.CreateTempSubdirectory("ck-bench-demo-").FullName;
            var clock = Stopwatch.StartNew();
            var options = new DemoOptions(task, Path.Combine(dir, "data"), Path.Combine(dir, "run"));
            if (name == "formulas-raw") options = options with { CleanScans = false };
            var result = DemoPipeline.Run(options, Kit.Device,
                new Progress<DemoProgress>(p => { if (p.Training?.Finished is { } e) Console.Error.WriteLine($"{task} epoch {e.Epoch}: val BLEU-4 {e.ValBleu4:F3}, {e.Seconds:F0} s, {e.ProcessMemoryBytes / 1e6:F0} MB, {e.LiveTensors} live tensors"); }));
            var m = result.Metrics;
            var first = result.History.Epochs[0];
            var last = result.History.Epochs[^1];
            rows.Add($"| {name} | {clock.Elapsed.TotalSeconds:F0} | {m.TrainSeconds:F0} | {m.Epochs} (best {m.BestEpoch}) | {m.Bleu4:F3} | {m.BeamBleu4:F3} | " +
                $"{(m.AttentionLocalization is { } l ? $"{l:P1}" : "–")} | {(m.MeanLevenshtein is { } d ? $"{d:F2} (exact {m.ExactMatch:P1})" : "–")} | {(m.CharacterLocalisation is { } cl ? $"{cl:P1}" : "–")} | {m.CaptionsPerSecond:F0} | " +
                $"{first.ProcessMemoryBytes / 1e6:F0} → {last.ProcessMemoryBytes / 1e6:F0} | {first.LiveTensors} → {last.LiveTensors} |");
            Directory.Delete(dir, recursive: true);
        }
        Console.WriteLine("| task | total s | train s | epochs | BLEU-4 greedy | BLEU-4 beam 3 | attention localisation | mean Levenshtein | character localisation | captions/s | process MB (epoch 1 → last) | live tensors (epoch 1 → last) |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in rows) Console.WriteLine(r);
        return 0;
    }
}

/// <summary>`formulas-speed [widths…]`: seconds per training step of the formulas model's parts on random input (batch 64).</summary>
static class FormulasSpeed
{
    public static int Run(string[] args)
    {
        Kit.Initialize("cpu");
        var config = CaptioningKit.Model.CaptionerConfig.ForFormulas(24);
        var w = int.Parse(args[0]); var h = int.Parse(args[1]);
        config = config with { ImageWidth = w, ImageHeight = h };
        if (args.Length > 2) config = config with { EncoderWidths = args.Skip(2).Select(int.Parse).ToArray(), Decoder = config.Decoder with { FeatureChannels = int.Parse(args[^1]) + 2 } };
        using var model = new CaptioningKit.Model.Captioner(config, TorchSharp.torch.CPU);
        model.train();
        var images = TorchSharp.torch.rand(64, 3, h, w);
        var tokens = TorchSharp.torch.randint(4, 24, [64, 17]);
        for (int round = 0; round < 4; round++)
        {
            using var scope = TorchSharp.torch.NewDisposeScope();
            var c = Stopwatch.StartNew();
            var features = model.Features(images);
            var encode = c.Elapsed.TotalSeconds;
            var output = model.Decoder.Forward(features, tokens, null, null);
            var forward = c.Elapsed.TotalSeconds;
            output.Logits.sum().backward();
            var total = c.Elapsed.TotalSeconds;
            var c2 = Stopwatch.StartNew();
            model.Decoder.Forward(features.detach(), tokens, null, null).Logits.sum().backward();
            Console.WriteLine($"encoder fwd {encode:F3} s, decoder fwd {forward - encode:F3} s, backward {total - forward:F3} s; decoder alone fwd+bwd {c2.Elapsed.TotalSeconds:F3} s");
        }
        return 0;
    }
}

/// <summary>`formulas-look FOLDER`: a few formula scans as the model sees them (raw, and cleaned, at the model's input size) as PNGs.</summary>
static class FormulasLook
{
    public static int Run(string[] args)
    {
        Kit.Initialize("cpu");
        Directory.CreateDirectory(args[0]);
        var config = CaptioningKit.Model.CaptionerConfig.ForFormulas(24);
        for (var i = 0; i < 4; i++)
        {
            var formula = CaptioningKit.Data.Generated.Formulas.FormulaSampler.Sample(new Random(i));
            using var scan = CaptioningKit.Data.Generated.Formulas.FormulaRenderer.Draw(formula, 256, 64, new Random(50 + i)).CloneAs<SixLabors.ImageSharp.PixelFormats.Rgb24>();
            foreach (var (name, transform) in new[] { ("raw", config.Transform), ("clean", (config with { CleanScans = true }).Transform) })
            {
                var data = new float[transform.FloatsPerImage];
                transform.Apply(scan, [formula], new Random(0), data);
                using var t = TorchSharp.torch.tensor(data, [3, transform.Height, transform.Width]);
                var mean = TorchSharp.torch.tensor(new float[] { 0.485f, 0.456f, 0.406f }).reshape(3, 1, 1);
                var std = TorchSharp.torch.tensor(new float[] { 0.229f, 0.224f, 0.225f }).reshape(3, 1, 1);
                using var image = CaptioningKit.Display.TensorImage.ToImage(t * std + mean);
                SixLabors.ImageSharp.ImageExtensions.SaveAsPng(image, Path.Combine(args[0], $"{i}-{formula}-{name}.png"));
            }
        }
        return 0;
    }
}
