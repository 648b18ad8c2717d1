using CaptioningKit.Data;
using CaptioningKit.Data.Generated;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using Xunit;

namespace CaptioningKit.Tests.Data.Generated;

public class GeneratedDatasetTests
{
    static GenerationResult Make(string name, string dir, int seed = 42, int train = 40, int val = 6, int test = 6) =>
        BuiltInDatasets.Generate(name, dir, seed, train, val, test);

    static Dictionary<string, byte[]> Files(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f), File.ReadAllBytes);

    [Theory]
    [InlineData("shapes")]
    [InlineData("formulas")]
    public void Same_seed_gives_byte_identical_files_and_another_seed_differs(string name)
    {
        using var a = new TempFolder();
        using var b = new TempFolder();
        using var c = new TempFolder();
        var fa = Files(Make(name, a.Path, seed: 5).Folder);
        var fb = Files(BuiltInDatasets.Generate(name, b.Path, new GenerationOptions { Seed = 5, Train = 40, Val = 6, Test = 6, MaxDegreeOfParallelism = 1 }).Folder);
        var fc = Files(Make(name, c.Path, seed: 6).Folder);
        Assert.Equal(fa.Keys.Order(), fb.Keys.Order());
        Assert.All(fa, f => Assert.True(f.Value.AsSpan().SequenceEqual(fb[f.Key]), $"{f.Key} differs between two runs with seed 5"));
        Assert.Equal(52, fa.Keys.Count(k => k.EndsWith(".png")));
        Assert.False(fa["captions.csv"].AsSpan().SequenceEqual(fc["captions.csv"]), "seed 6 should give other captions");
        Assert.NotEqual(fa[Path.Combine("images", $"{name}-00000.png")], fc[Path.Combine("images", $"{name}-00000.png")]);
    }

    [Fact]
    public void Layout_captions_csv_objects_csv_and_manifest()
    {
        using var dir = new TempFolder();
        var result = Make("shapes", dir.Path, train: 30, val: 5, test: 7);
        Assert.False(result.Skipped);
        Assert.Equal(Path.Combine(dir.Path, "shapes"), result.Folder);
        var (images, report) = CaptionDatasets.Load(CaptionDatasets.Folder, result.Folder);
        Assert.Equal(0, report.IssueCount);
        Assert.Equal(42 * 5, report.CaptionsLoaded);
        Assert.StartsWith("image,caption,split\r\n", File.ReadAllText(Path.Combine(result.Folder, "captions.csv")));

        var boxes = ObjectBoxesCsv.ByImage(ObjectBoxesCsv.Read(result.Folder));
        Assert.Equal(42, boxes.Count);
        foreach (var image in images)
            foreach (var caption in image.Captions)
                Assert.Empty(CaptionTruth.Violations(caption, boxes[image.Id], 64, 64));

        var manifest = DatasetManifest.TryRead(result.Folder);
        Assert.Equal(new DatasetManifest("shapes", 2, 42, 30, 5, 7, 64, 64, 5), manifest);
        Assert.Empty(Directory.EnumerateDirectories(dir.Path, ".shapes*")); // no temporary folder left behind
    }

    [Theory]
    [InlineData("shapes", 5)]
    [InlineData("formulas", 1)]
    public void Generated_sets_load_with_the_folder_parser_ids_being_the_file_names(string name, int captionsPerImage)
    {
        using var dir = new TempFolder();
        var result = Make(name, dir.Path, train: 7, val: 2, test: 3);
        var (images, report) = CaptionDatasets.Load(CaptionDatasets.Folder, result.Folder, new LoadOptions { Strict = true });

        Assert.Equal(0, report.IssueCount);
        Assert.Equal(12, images.Count);
        var expectedIds = Enumerable.Range(0, 12).Select(i => DatasetLayout.ImageId(name, i, 12)).ToList();
        Assert.Equal(expectedIds, images.Select(i => i.Id));
        Assert.Equal($"{name}-00000.png", images[0].Id);
        Assert.All(images, i =>
        {
            Assert.Equal(i.Id, Path.GetFileName(i.ImagePath));
            Assert.Equal(Path.GetFullPath(Path.Combine(result.Folder, "images", i.Id)), Path.GetFullPath(i.ImagePath));
            Assert.True(File.Exists(i.ImagePath), i.ImagePath);
            Assert.Equal(captionsPerImage, i.Captions.Count);
        });
        Assert.Equal(new[] { (Split.Train, 7), (Split.Val, 2), (Split.Test, 3) },
            images.GroupBy(i => i.Split).Select(g => (g.Key, g.Count())));
        Assert.Equal(images.Take(7), images.Where(i => i.Split == Split.Train)); // the first images are train, then val, then test
        Assert.Equal(Directory.GetFiles(Path.Combine(result.Folder, "images")).Select(Path.GetFileName).Order(), images.Select(i => i.Id).Order());
        if (name == "shapes") // objects.csv names images by the same ids
            Assert.Equal(images.Select(i => i.Id), ObjectBoxesCsv.ByImage(ObjectBoxesCsv.Read(result.Folder)).Keys.Order());
    }

    [Fact]
    public void Formula_images_are_greyscale_pngs_of_the_right_size_with_one_caption_each()
    {
        using var dir = new TempFolder();
        var result = Make("formulas", dir.Path, train: 20, val: 3, test: 3);
        var (images, report) = CaptionDatasets.Load(CaptionDatasets.Folder, result.Folder);
        Assert.Equal(0, report.IssueCount);
        Assert.Equal(26, images.Count);
        Assert.All(images, i => Assert.Single(i.Captions));
        Assert.False(File.Exists(Path.Combine(result.Folder, "objects.csv")));
        foreach (var file in Directory.EnumerateFiles(Path.Combine(result.Folder, "images")))
        {
            var info = Image.Identify(file);
            Assert.Equal((256, 64), (info.Width, info.Height));
            Assert.Equal(8, info.PixelType.BitsPerPixel);
            Assert.Equal(PngColorType.Grayscale, info.Metadata.GetPngMetadata().ColorType);
        }
    }

    [Fact]
    public void Same_settings_are_skipped_and_new_settings_regenerate()
    {
        using var dir = new TempFolder();
        var progress = new List<GenerationProgress>();
        var first = BuiltInDatasets.Generate("shapes", dir.Path, 1, 10, 2, 2, new SyncProgress(progress));
        Assert.False(first.Skipped);
        Assert.Equal(14, progress[^1].Done);
        Assert.Equal(progress.Select(p => p.Done).Order(), progress.Select(p => p.Done)); // never goes backwards
        Assert.Equal(14, progress[^1].Total);
        var stamp = File.GetLastWriteTimeUtc(Path.Combine(first.Folder, "captions.csv"));

        var again = BuiltInDatasets.Generate("shapes", dir.Path, 1, 10, 2, 2);
        Assert.True(again.Skipped);
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(Path.Combine(first.Folder, "captions.csv")));

        var bigger = BuiltInDatasets.Generate("shapes", dir.Path, 1, 12, 2, 2);
        Assert.False(bigger.Skipped);
        Assert.Equal(16, Directory.GetFiles(Path.Combine(first.Folder, "images")).Length);
        Assert.Equal(12, DatasetManifest.TryRead(first.Folder)!.Train);
        Assert.Single(Directory.EnumerateFileSystemEntries(dir.Path)); // old copy and temp folder are gone
    }

    [Fact]
    public void Bad_requests_are_clear_errors()
    {
        using var dir = new TempFolder();
        Assert.Contains("shapes, formulas", Assert.Throws<ArgumentException>(() => BuiltInDatasets.Generate("cats", dir.Path)).Message);
        Assert.Throws<ArgumentException>(() => BuiltInDatasets.Generate("shapes", dir.Path, train: 0, val: 0, test: 0));
        Assert.Throws<ArgumentException>(() => BuiltInDatasets.Generate("shapes", dir.Path, train: -1));
        var tooNarrow = Assert.Throws<ArgumentException>(() => BuiltInDatasets.Generate("formulas", dir.Path, new GenerationOptions { Train = 20, Val = 0, Test = 0, Width = 40 }));
        Assert.Contains("does not fit", tooNarrow.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path)); // the temporary folder was removed
    }

    /// <summary>Progress&lt;T&gt; posts asynchronously; this one records at once.</summary>
    sealed class SyncProgress(List<GenerationProgress> sink) : IProgress<GenerationProgress>
    {
        public void Report(GenerationProgress value) { lock (sink) sink.Add(value); }
    }
}
