using System.Text.Json;
using CaptioningKit.Demo;
using Xunit;
using static TorchSharp.torch;

namespace CaptioningKit.Tests.Training;

[Collection(TorchRandomCollection.Name)]
public class DemoPipelineTests
{
    [Theory]
    [InlineData("shapes")]
    [InlineData("formulas")]
    public void The_quick_demo_writes_an_offline_report_and_metrics(string task)
    {
        var dir = Directory.CreateTempSubdirectory("ck-demo-").FullName;
        var options = new DemoOptions(task, Path.Combine(dir, "data"), Path.Combine(dir, "run")).Quick();
        var stages = new List<string>();
        var result = DemoPipeline.Run(options, CPU, new Inline(p => stages.Add(p.Stage)));

        using var metrics = JsonDocument.Parse(File.ReadAllText(result.MetricsPath));
        foreach (var key in new[] { "bleu1", "bleu2", "bleu3", "bleu4", "train_seconds", "epochs", "captions_per_second" })
            Assert.True(metrics.RootElement.TryGetProperty(key, out _), $"metrics.json lacks {key}");
        Assert.Equal(task == "shapes", metrics.RootElement.GetProperty("attention_localization").ValueKind == JsonValueKind.Number);
        Assert.Equal(task == "formulas", metrics.RootElement.GetProperty("mean_levenshtein").ValueKind == JsonValueKind.Number);

        var html = File.ReadAllText(result.ReportPath);
        Assert.Contains("plotly.js v2", html);
        Assert.DoesNotContain("<script src=", html);
        Assert.Contains("data:image/png;base64,", html);
        Assert.Contains("\"type\":\"image\"", html); // attention overlays
        Assert.Contains("Loss (cross-entropy per token)", html);
        Assert.Contains("training", stages);
        Assert.True(File.Exists(Path.Combine(dir, "run", "checkpoints", "best.safetensors")));
        if (task == "formulas")
        {
            Assert.Equal(JsonValueKind.Number, metrics.RootElement.GetProperty("character_localisation").ValueKind);
            Assert.True(metrics.RootElement.GetProperty("clean_scans").GetBoolean());
            Assert.Contains("Scan cleaning: what the encoder reads", html);
            Assert.Contains("character localisation", html);
            var (model, _, _) = Captioner.Load(Path.Combine(dir, "run", "checkpoints", "best.safetensors"), CPU);
            Assert.Equal(("line-cnn", true), (model.Config.Encoder, model.Config.CleanScans)); // the checkpoint keeps how it reads
        }
    }

    [Fact]
    public void The_formulas_demo_without_cleaning_reads_the_raw_scans()
    {
        var dir = Directory.CreateTempSubdirectory("ck-demo-").FullName;
        var options = new DemoOptions("formulas", Path.Combine(dir, "data"), Path.Combine(dir, "run")).Quick() with { CleanScans = false };
        var result = DemoPipeline.Run(options, CPU);
        Assert.False(result.Metrics.CleanScans);
        Assert.NotNull(result.Metrics.CharacterLocalisation);
        Assert.DoesNotContain("Scan cleaning: what the encoder reads", File.ReadAllText(result.ReportPath));
        var (model, _, _) = Captioner.Load(Path.Combine(dir, "run", "checkpoints", "best.safetensors"), CPU);
        Assert.False(model.Config.CleanScans);
    }

    [Fact]
    public void The_formulas_demo_defaults_to_many_scans_few_epochs_and_cleaning()
    {
        var formulas = new DemoOptions("formulas");
        Assert.Equal((DemoOptions.FormulasTrainImages, true, 64), (formulas.TrainImages, formulas.CleanScans, formulas.Training.BatchSize));
        var shapes = new DemoOptions("shapes");
        Assert.Equal((2000, false, 32), (shapes.TrainImages, shapes.CleanScans, shapes.Training.BatchSize));
    }

    [Fact]
    public void An_unknown_task_is_refused()
    {
        Assert.Contains("shapes or formulas", Assert.Throws<ArgumentException>(() => DemoPipeline.Run(new DemoOptions("cats"), CPU)).Message);
    }

    sealed class Inline(Action<DemoProgress> report) : IProgress<DemoProgress>
    {
        public void Report(DemoProgress value) => report(value);
    }
}
