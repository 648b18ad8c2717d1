using System.CommandLine;
using CaptioningKit.Images;
using Spectre.Console;

namespace CaptioningKit.Cli.Commands;

/// <summary><c>images inspect &lt;folder&gt;</c>: load every image through the kit's guarded pipeline and report each.</summary>
static class ImagesCommand
{
    public static Command Create()
    {
        var folder = new Argument<string>("folder") { Description = "A folder of images (searched recursively, links followed once), or one image file" };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table" };
        var inspect = new Command("inspect", "Load every image: size, colour type, EXIF orientation applied, and ok or the exact problem") { folder, json };
        inspect.SetAction(result =>
        {
            var path = Path.GetFullPath(result.GetValue(folder)!);
            var rows = Directory.Exists(path) ? ImageInspector.Inspect(path)
                : File.Exists(path) || new FileInfo(path).LinkTarget is not null ? [ImageInspector.InspectFile(path, Path.GetFileName(path))]
                : throw new DirectoryNotFoundException($"{path} does not exist. Fix: check the folder path.");
            if (result.GetValue(json)) Console.WriteLine(ImageInspector.ToJson(rows));
            else
            {
                var table = new Table().AddColumns("file", "size", "format", "colour", "orientation", "status");
                foreach (var r in rows)
                    table.AddRow(Markup.Escape(r.File), r.Ok ? $"{r.Width}x{r.Height}" : "", Markup.Escape(r.Format ?? ""), Markup.Escape(r.ColourType ?? ""),
                        Markup.Escape(r.Orientation ?? ""), r.Ok ? "[green]ok[/]" : $"[red]{Markup.Escape(r.Error ?? "error")}[/]");
                AnsiConsole.Write(table);
                AnsiConsole.MarkupLine($"{rows.Count(r => r.Ok)} of {rows.Count} images load.");
            }
            return rows.All(r => r.Ok) ? 0 : 1;
        });
        return new Command("images", "Image files") { inspect };
    }
}
