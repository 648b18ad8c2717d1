using System.CommandLine;
using CaptioningKit.Encoder;
using CaptioningKit.Model;
using Spectre.Console;

namespace CaptioningKit.Cli.Commands;

/// <summary><c>features build</c>: encode every image of a dataset once into a memory-mapped feature cache.</summary>
static class FeaturesCommandLine
{
    public static Command Create()
    {
        var dataset = new Option<string>("--dataset") { Description = CommonOptions.DatasetDescription + "; a folder of images with no captions file works too", Required = true };
        var encoder = new Option<string>("--encoder") { Description = "resnet18-imagenet (ImageNet weights ship with the kit), small-cnn, or resnet18/34/50/101/152 (with --weights)", DefaultValueFactory = _ => "resnet18-imagenet" };
        var weights = new Option<string?>("--weights") { Description = "PyTorch .pth or .safetensors weights with torchvision's names (default: looked up in $CAPTIONINGKIT_WEIGHTS)" };
        var random = new Option<bool>("--allow-random-weights") { Description = "Use random weights when none are found (for trying the pipeline only)" };
        var storage = new Option<FeatureStorage>("--storage") { Description = "Float16 (half the disk; what train uses by default) or Float32", DefaultValueFactory = _ => FeatureStorage.Float16 };
        var device = CommonOptions.Device();
        var build = new Command("build", "Encode every image once and cache its (pixels, channels) features; a stale cache is rebuilt") { dataset, encoder, weights, random, storage, device };
        build.SetAction(result =>
        {
            Kit.Initialize(result.GetValue(device));
            var name = result.GetValue(encoder)!;
            // A photo encoder is cached exactly as `train --encoder NAME` reads it: the same transform, grid and folder.
            var photos = EncoderFactory.IsTrainedFromScratch(name) ? null : CaptionerConfig.ForPhotos(0, name);
            var summary = FeatureCacheBuilder.BuildForDataset(result.GetValue(dataset)!, name, Kit.Device,
                new FeatureBuildOptions
                {
                    WeightsPath = result.GetValue(weights), AllowRandomWeights = result.GetValue(random), Storage = result.GetValue(storage),
                    Grid = photos?.Grid, Transform = photos?.Transform,
                });
            AnsiConsole.MarkupLine($"{(summary.Built ? "[green]Built[/]" : "[green]Reused[/]")} the cache for {summary.Images} images: {Markup.Escape(summary.CacheFolder)}" +
                (summary.Reason is null ? "" : $" ({Markup.Escape(summary.Reason)})"));
            foreach (var bad in summary.Skipped) AnsiConsole.MarkupLine($"[yellow]skipped[/] {Markup.Escape(bad.Message)}");
            return 0;
        });
        return new Command("features", "Encoder feature caches") { build };
    }
}
