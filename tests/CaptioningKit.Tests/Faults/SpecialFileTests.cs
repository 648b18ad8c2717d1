using System.Diagnostics;
using CaptioningKit.Data;
using CaptioningKit.Images;
using CaptioningKit.Tests.Cli;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit;
using static CaptioningKit.Tests.Cli.CliRun;

namespace CaptioningKit.Tests.Faults;

/// <summary>
/// Only regular files are read as images: FIFOs, devices, link loops and self-links never hang, allocate or repeat;
/// a link inside images/ that leads out is refused without showing the outside file; files are never read whole before
/// their signature is known; every frame of an animated image is covered by the limits; special files are never
/// replaced by a write.
/// </summary>
[Collection(CliCollection.Name)]
[Trait("Category", "Faults")]
public sealed class SpecialFileTests(CliFiles files)
{
    static void MakeFifo(string path)
    {
        using var p = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
    }

    /// <summary>Runs <paramref name="work"/> and fails (instead of hanging the suite) if it takes more than 30 s.</summary>
    static async Task<T> WithinSeconds<T>(Task<T> work, int seconds = 30)
    {
        var done = await Task.WhenAny(work, Task.Delay(TimeSpan.FromSeconds(seconds)));
        Assert.True(done == work, $"still running after {seconds} s: it blocks");
        return await work;
    }

    string ImagesFolder(int realImages = 2)
    {
        var folder = Path.Combine(files.NewFolder("images"), "images");
        Directory.CreateDirectory(folder);
        for (int i = 0; i < realImages; i++) File.Copy(files.Image, Path.Combine(folder, $"real{i}.png"));
        return folder;
    }

    [SkippableFact]
    public async Task A_fifo_named_like_an_image_is_reported_not_opened()
    {
        Skip.If(OperatingSystem.IsWindows());
        var folder = ImagesFolder();
        MakeFifo(Path.Combine(folder, "pipe.jpg"));
        var r = await WithinSeconds(Run("images", "inspect", folder, "--json"));
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("\"problem\": \"NotARegularFile\"", r.Output);
        Assert.Contains("pipe.jpg", r.Output);
        var e = await WithinSeconds(Task.Run(() => Assert.Throws<ImageLoadException>(() => ImageLoader.Load(Path.Combine(folder, "pipe.jpg")))));
        Assert.Equal(ImageLoadProblem.NotARegularFile, e.Problem);
    }

    [SkippableFact]
    public async Task Caption_of_a_fifo_fails_at_once_naming_it()
    {
        Skip.If(OperatingSystem.IsWindows());
        var fifo = Path.Combine(files.NewFolder(), "photo.jpg");
        MakeFifo(fifo);
        var r = await WithinSeconds(Run("caption", fifo, "--checkpoint", files.Checkpoint, "--device", "cpu"));
        AssertBadInput(r, fifo, "not a regular file");
    }

    [SkippableFact]
    public void A_link_to_a_device_is_refused_without_reading()
    {
        Skip.IfNot(OperatingSystem.IsLinux() && File.Exists("/dev/zero"));
        var link = Path.Combine(files.NewFolder(), "zero.png");
        File.CreateSymbolicLink(link, "/dev/zero");
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<ImageLoadException>(() => ImageLoader.Load(link));
        Assert.Equal(ImageLoadProblem.NotARegularFile, e.Problem);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20, "bytes were read from the device");
    }

    [SkippableFact]
    public void A_link_loop_is_refused_naming_the_link()
    {
        Skip.If(OperatingSystem.IsWindows());
        var folder = files.NewFolder();
        var a = Path.Combine(folder, "a.png");
        var b = Path.Combine(folder, "b.png");
        File.CreateSymbolicLink(a, b);
        File.CreateSymbolicLink(b, a);
        var e = Assert.Throws<ImageLoadException>(() => ImageLoader.Load(a));
        Assert.Equal(ImageLoadProblem.NotARegularFile, e.Problem);
        Assert.Contains(a, e.Message);
    }

    [SkippableFact]
    public async Task Directory_link_loops_are_walked_once_and_each_image_listed_once()
    {
        Skip.If(OperatingSystem.IsWindows());
        var folder = ImagesFolder(realImages: 3);
        var sub = Path.Combine(folder, "sub");
        Directory.CreateDirectory(sub);
        File.Copy(files.Image, Path.Combine(sub, "deep.png"));
        Directory.CreateSymbolicLink(Path.Combine(folder, "self"), folder);   // a self-link
        Directory.CreateSymbolicLink(Path.Combine(sub, "up"), folder);        // a loop through a parent
        Directory.CreateSymbolicLink(Path.Combine(sub, "up2"), folder);       // and another
        var rows = await WithinSeconds(Task.Run(() => ImageInspector.Inspect(folder)));
        Assert.Equal(["real0.png", "real1.png", "real2.png", Path.Combine("sub", "deep.png")], rows.Select(r => r.File).ToArray());
        Assert.Equal(4, CaptionDatasets.ImagesIn(folder).Count);
    }

    [SkippableFact]
    public void A_symlink_inside_images_leading_out_of_the_dataset_is_refused_without_its_bytes()
    {
        Skip.If(OperatingSystem.IsWindows());
        var dataset = files.NewFolder("linked-set");
        var images = Path.Combine(dataset, "images");
        Directory.CreateDirectory(images);
        File.Copy(files.Image, Path.Combine(images, "ok.png"));
        var secret = Path.Combine(files.NewFolder("outside"), "secret.png");
        File.WriteAllText(secret, "TOP-SECRET-BYTES");
        File.CreateSymbolicLink(Path.Combine(images, "leak.png"), secret);
        File.WriteAllText(Path.Combine(dataset, "captions.csv"), "image,caption,split\nok.png,a red square,train\nleak.png,a blue circle,train\n");

        var (loaded, report) = CaptionDatasets.Load(dataset);

        Assert.Equal(["ok.png"], loaded.Select(i => i.Id).ToArray());
        var issue = Assert.Single(report.Issues);
        Assert.Equal(3, issue.Line);
        Assert.Contains("a symbolic link in its path leads outside the images folder", issue.Problem);
        Assert.DoesNotContain(secret, issue.ToString());
        Assert.DoesNotContain("TOP-SECRET", issue.ToString());
        Assert.DoesNotContain(Convert.ToHexString("TOP-SECRET"u8), issue.ToString());
    }

    [SkippableFact]
    public void An_images_folder_that_is_itself_a_link_is_read()
    {
        Skip.If(OperatingSystem.IsWindows());
        var elsewhere = files.NewFolder("big-disk");
        File.Copy(files.Image, Path.Combine(elsewhere, "ok.png"));
        var dataset = files.NewFolder("set-with-linked-images");
        Directory.CreateSymbolicLink(Path.Combine(dataset, "images"), elsewhere);
        File.WriteAllText(Path.Combine(dataset, "captions.csv"), "image,caption,split\nok.png,a red square,train\n");
        var (loaded, report) = CaptionDatasets.Load(dataset);
        Assert.Single(loaded);
        Assert.Equal(0, report.IssueCount);
    }

    [Fact]
    public void A_large_file_without_an_image_signature_is_refused_after_reading_its_first_bytes_only()
    {
        var path = Path.Combine(files.NewFolder(), "big.jpg");
        using (var f = File.Create(path)) f.SetLength(20L << 20); // 20 MB of zeros
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<ImageLoadException>(() => ImageLoader.Load(path));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(ImageLoadProblem.UnsupportedFormat, e.Problem);
        Assert.True(allocated < 1 << 20, $"{allocated} bytes allocated: the file was read whole before its signature was checked");
    }

    [Fact]
    public void A_file_over_the_size_limit_is_too_large_not_missing()
    {
        var path = Path.Combine(files.NewFolder(), "huge.png");
        File.Copy(files.Image, path);
        var limits = new ImageLimits { MaxFileBytes = 10 };
        var e = Assert.Throws<ImageLoadException>(() => ImageLoader.Load(path, new ImageLoadOptions { Limits = limits }));
        Assert.Equal(ImageLoadProblem.TooLarge, e.Problem);
        Assert.Contains("over the limit of 10", e.Message);
    }

    [Fact]
    public void An_empty_file_is_named_as_such()
    {
        var path = Path.Combine(files.NewFolder(), "empty.png");
        File.WriteAllBytes(path, []);
        var e = Assert.Throws<ImageLoadException>(() => ImageLoader.Load(path));
        Assert.Equal(ImageLoadProblem.NotARegularFile, e.Problem);
        Assert.Contains("It is empty", e.Message);
    }

    [Fact]
    public void An_animated_gif_decodes_only_its_first_frame()
    {
        var path = Path.Combine(files.NewFolder(), "animated.gif");
        using (var gif = new Image<Rgba32>(64, 48, new Rgba32(255, 0, 0)))
        {
            for (int i = 0; i < 30; i++) gif.Frames.AddFrame(new Image<Rgba32>(64, 48, new Rgba32(0, (byte)(i * 8), 255)).Frames.RootFrame);
            gif.SaveAsGif(path);
        }
        using (var all = Image.Load<Rgba32>(path)) Assert.Equal(31, all.Frames.Count); // the file really holds 31 frames (and the kit left ImageSharp's defaults alone)
        using var loaded = ImageLoader.Load(path);
        Assert.Equal(1, loaded.Image.Frames.Count);
        Assert.Equal((64, 48), (loaded.Width, loaded.Height));
        Assert.Equal(new Rgb24(255, 0, 0), loaded.Image[0, 0]);
    }

    [Fact]
    public async Task Images_inspect_of_one_file_inspects_it()
    {
        var r = await Run("images", "inspect", files.Image);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("1 of 1 images load.", r.Output);
    }

    [Fact]
    public async Task Caption_with_attention_into_a_folder_refuses_before_captioning_and_leaves_no_temp_file()
    {
        var folder = files.NewFolder("attention-target");
        var r = await Run("caption", files.Image, "--checkpoint", files.Checkpoint, "--attention", folder, "--device", "cpu");
        AssertBadInput(r, $"'{folder}' is a folder", "--attention");
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
        Assert.Empty(Directory.EnumerateFiles(Path.GetDirectoryName(folder)!, "*.tmp"));
    }

    [SkippableFact]
    public async Task Caption_with_attention_onto_a_fifo_never_replaces_it()
    {
        Skip.If(OperatingSystem.IsWindows());
        var fifo = Path.Combine(files.NewFolder(), "page.html");
        MakeFifo(fifo);
        var r = await WithinSeconds(Run("caption", files.Image, "--checkpoint", files.Checkpoint, "--attention", fifo, "--device", "cpu"));
        AssertBadInput(r, fifo, "special file", "--attention");
        Assert.Equal(FileKind.Special, FileTree.KindOf(fifo));
        Assert.Single(Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(fifo)!));
    }

    [Fact]
    public async Task Vocab_build_out_onto_a_folder_refuses_and_leaves_no_temp_file()
    {
        var target = files.NewFolder("vocab-target");
        var r = await Run("vocab", "build", "--dataset", files.Dataset, "--out", target);
        AssertBadInput(r, $"'{target}' is a folder");
        Assert.Empty(Directory.EnumerateFileSystemEntries(target));
        Assert.Empty(Directory.EnumerateFiles(Path.GetDirectoryName(target)!, "*.tmp"));
    }

    [SkippableFact]
    public async Task Vocab_build_out_onto_a_symlink_refuses_and_keeps_the_link_and_its_target()
    {
        Skip.If(OperatingSystem.IsWindows());
        var folder = files.NewFolder();
        var target = Path.Combine(folder, "precious.json");
        File.WriteAllText(target, "precious");
        var link = Path.Combine(folder, "vocab.json");
        File.CreateSymbolicLink(link, target);
        var r = await Run("vocab", "build", "--dataset", files.Dataset, "--out", link);
        AssertBadInput(r, link, "symbolic link");
        Assert.Equal(target, new FileInfo(link).LinkTarget);
        Assert.Equal("precious", File.ReadAllText(target));
        Assert.Equal(2, Directory.EnumerateFileSystemEntries(folder).Count());
    }

    [Fact]
    public async Task Caption_with_attention_and_a_model_without_attention_says_so()
    {
        var vocab = CaptioningKit.Vocabulary.VocabularyBuilder.Build(["a red square"], new CaptioningKit.Vocabulary.VocabularyOptions()).Vocab;
        var path = Path.Combine(files.NewFolder("no-attention"), "plain.safetensors");
        using (var model = new CaptioningKit.Model.Captioner(CaptioningKit.Model.CaptionerConfig.ForShapes(vocab.Size) with { Attention = false }, TorchSharp.torch.CPU))
            CaptioningKit.Training.TrainingCheckpoint.Save(path, model, optimizer: null, vocab, epoch: 0, step: 0, seed: 0);
        var page = Path.Combine(files.NewFolder(), "page.html");
        var r = await Run("caption", files.Image, "--checkpoint", path, "--attention", page, "--device", "cpu");
        AssertBadInput(r, "--attention", path, "trained without attention");
        Assert.False(File.Exists(page));
    }
}
