using System.CommandLine;
using CaptioningKit.Data.Generated;
using Spectre.Console;

namespace CaptioningKit.Cli.Commands;

/// <summary><c>generate shapes|formulas</c>: write a built-in offline dataset into the data folder.</summary>
static class GenerateCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("dataset") { Description = string.Join(" or ", BuiltInDatasets.Names) };
        name.AcceptOnlyFromAmong([.. BuiltInDatasets.Names]);
        var seed = new Option<int?>("--seed") { Description = "Random seed (default 42): the same seed gives byte-identical files" };
        var train = new Option<int?>("--train") { Description = "Training images (default 2000)" }.AtLeast(0);
        var val = new Option<int?>("--val") { Description = "Validation images (default 200)" }.AtLeast(0);
        var test = new Option<int?>("--test") { Description = "Test images (default 200)" }.AtLeast(0);
        var force = new Option<bool>("--force") { Description = "Generate again even when the folder is up to date with these settings (files you added there are kept)" };
        var dataDir = CommonOptions.DataDir();
        var command = new Command("generate", "Generate a built-in dataset (images/ + captions.csv, like your own folder); skipped when it already exists with the same settings")
            { name, seed, train, val, test, force, dataDir };
        command.SetAction(result =>
        {
            GenerationResult? done = null;
            AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn()).Start(ctx =>
            {
                var task = ctx.AddTask($"generating {result.GetValue(name)}");
                var defaults = new GenerationOptions();
                var options = defaults with
                {
                    Seed = result.GetValue(seed) ?? defaults.Seed, Train = result.GetValue(train) ?? defaults.Train, Val = result.GetValue(val) ?? defaults.Val,
                    Test = result.GetValue(test) ?? defaults.Test, Force = result.GetValue(force),
                };
                done = BuiltInDatasets.Generate(result.GetValue(name)!, result.GetValue(dataDir), options,
                    new InlineProgress<GenerationProgress>(p => { task.MaxValue = p.Total; task.Value = p.Done; }));
                task.Value = task.MaxValue;
            });
            AnsiConsole.MarkupLine(done!.Skipped
                ? $"[green]Already there[/] (same settings): {Markup.Escape(done.Folder)}"
                : $"[green]Wrote[/] {done.Images} images and {done.CaptionRows} captions to {Markup.Escape(done.Folder)} ({done.ImagesPerSecond:F0} images/s)");
            return 0;
        });
        return command;
    }
}
