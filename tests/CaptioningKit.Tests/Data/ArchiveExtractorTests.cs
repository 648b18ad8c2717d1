using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using CaptioningKit.Data;
using Xunit;

namespace CaptioningKit.Tests.Data;

public sealed class ArchiveExtractorTests : IDisposable
{
    readonly TempFolder _dir = new();

    string Zip(string name, params (string Entry, string Text)[] entries)
    {
        var path = _dir[name];
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (entry, text) in entries)
        {
            using var w = new StreamWriter(zip.CreateEntry(entry).Open());
            w.Write(text);
        }
        return path;
    }

    string Tar(string name, bool gzip, params TarEntry[] entries)
    {
        var path = _dir[name];
        using var file = File.Create(path);
        using Stream stream = gzip ? new GZipStream(file, CompressionLevel.Fastest) : file;
        using var tar = new TarWriter(stream, TarEntryFormat.Pax);
        foreach (var e in entries) tar.WriteEntry(e);
        return path;
    }

    static PaxTarEntry TarFile(string name, string text) =>
        new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) };

    /// <summary>No ".extracting-" temp folder may survive beside the target.</summary>
    void AssertNoTempLeft() => Assert.Empty(Directory.GetDirectories(_dir.Path, "*.extracting-*"));

    [Fact]
    public async Task A_zip_is_extracted_with_a_marker_and_a_second_run_is_skipped()
    {
        var zip = Zip("set.zip", ("Images/a.jpg", "A"), ("captions.txt", "image,caption\n"), ("__MACOSX/._a.jpg", "junk"));
        var target = _dir["out"];

        var first = await new ArchiveExtractor().ExtractAsync(zip, target);
        var second = await new ArchiveExtractor().ExtractAsync(zip, target);

        Assert.False(first.AlreadyExtracted);
        Assert.Equal("A", File.ReadAllText(Path.Combine(target, "Images", "a.jpg")));
        Assert.False(Directory.Exists(Path.Combine(target, "__MACOSX")));
        var marker = File.ReadAllText(ExtractionMarker.PathFor(target, zip));
        Assert.Contains("archive: set.zip", marker);
        Assert.Contains($"size: {new FileInfo(zip).Length}", marker);
        Assert.True(second.AlreadyExtracted);
        AssertNoTempLeft();
    }

    [Fact]
    public async Task Two_archives_merge_into_one_dataset_folder()
    {
        var images = Zip("images.zip", ("Flicker8k_Dataset/a.jpg", "A"));
        var text = Tar("text.tar.gz", gzip: true, TarFile("Flickr8k.token.txt", "a.jpg#0\thello\n"));
        var target = _dir["flickr8k"];

        await new ArchiveExtractor().ExtractAsync(images, target);
        var r = await new ArchiveExtractor().ExtractAsync(text, target);

        Assert.Equal(1, r.Entries);
        Assert.True(File.Exists(Path.Combine(target, "Flicker8k_Dataset", "a.jpg")));
        Assert.Equal("a.jpg#0\thello\n", File.ReadAllText(Path.Combine(target, "Flickr8k.token.txt")));
        Assert.True(ExtractionMarker.IsCurrent(target, images));
        Assert.True(ExtractionMarker.IsCurrent(target, text));
    }

    [Fact]
    public async Task A_zip_slip_entry_is_refused_and_nothing_is_written()
    {
        var zip = Zip("slip.zip", ("ok.txt", "fine"), ("../evil.txt", "pwned"));
        var target = _dir["out"];

        var e = await Assert.ThrowsAsync<ArchiveException>(() => new ArchiveExtractor().ExtractAsync(zip, target));

        Assert.Equal("../evil.txt", e.EntryName);
        Assert.Contains("../evil.txt", e.Message);
        Assert.Contains(zip, e.Message);
        Assert.False(File.Exists(_dir["evil.txt"]));
        Assert.False(Directory.Exists(target));
        AssertNoTempLeft();
    }

    [Fact]
    public async Task An_absolute_tar_entry_is_refused()
    {
        var tar = Tar("abs.tar", gzip: false, TarFile("/tmp/ck-evil-abs.txt", "pwned"));

        var e = await Assert.ThrowsAsync<ArchiveException>(() => new ArchiveExtractor().ExtractAsync(tar, _dir["out"]));

        Assert.Contains("absolute", e.Message);
        Assert.False(File.Exists("/tmp/ck-evil-abs.txt"));
        AssertNoTempLeft();
    }

    [Fact]
    public async Task A_symlink_tar_entry_is_refused()
    {
        var tar = Tar("link.tgz", gzip: true, new PaxTarEntry(TarEntryType.SymbolicLink, "data/link") { LinkName = "/etc/passwd" });

        var e = await Assert.ThrowsAsync<ArchiveException>(() => new ArchiveExtractor().ExtractAsync(tar, _dir["out"]));

        Assert.Contains("symbolic link", e.Message);
        Assert.Contains("/etc/passwd", e.Message);
    }

    /// <summary>A target that already holds a dataset: a refused archive must leave it exactly as it was.</summary>
    string ExistingTarget()
    {
        var target = _dir["existing"];
        Directory.CreateDirectory(Path.Combine(target, "data"));
        File.WriteAllText(Path.Combine(target, "data", "kept.txt"), "kept");
        return target;
    }

    static void AssertOnly(string target, params string[] files) =>
        Assert.Equal(files.Order(), Directory.GetFileSystemEntries(target, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(target, f).Replace('\\', '/')).Order());

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("data/ok.txt")] // even a link to a file of the same archive: links are refused, not judged
    public async Task A_symlink_zip_entry_is_refused_and_the_target_is_left_as_it_was(string linkTarget)
    {
        var path = _dir["link.zip"];
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using (var w = new StreamWriter(zip.CreateEntry("data/ok.txt").Open())) w.Write("fine");
            var link = zip.CreateEntry("data/link");
            link.ExternalAttributes = unchecked((int)((0xA000u | 0x1FFu) << 16)); // Unix mode lrwxrwxrwx in the high 16 bits
            using (var w = new StreamWriter(link.Open())) w.Write(linkTarget); // a zip symlink's data is its target
        }
        var target = ExistingTarget();

        var e = await Assert.ThrowsAsync<ArchiveException>(() => new ArchiveExtractor().ExtractAsync(path, target));

        Assert.Equal("data/link", e.EntryName);
        Assert.Equal($"Refused to extract '{path}': entry 'data/link' is a symbolic link. Links and special files could point outside " +
                     "the data folder, so the kit does not unpack them; unpack this archive by hand if you trust it.", e.Message);
        AssertOnly(target, "data", "data/kept.txt"); // data/ok.txt, written before the link was met, did not arrive
        Assert.False(ExtractionMarker.IsCurrent(target, path));
        AssertNoTempLeft();
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("data/a.txt")] // a hard link to an earlier entry of the same archive is refused too
    public async Task A_hard_link_tar_entry_is_refused_and_the_target_is_left_as_it_was(string linkTarget)
    {
        var tar = Tar("hard.tar", gzip: false, TarFile("data/a.txt", "A"), new PaxTarEntry(TarEntryType.HardLink, "data/b.txt") { LinkName = linkTarget });
        var target = ExistingTarget();

        var e = await Assert.ThrowsAsync<ArchiveException>(() => new ArchiveExtractor().ExtractAsync(tar, target));

        Assert.Equal("data/b.txt", e.EntryName);
        Assert.Equal($"Refused to extract '{tar}': entry 'data/b.txt' is a hard link to '{linkTarget}'. Links and special files could point outside " +
                     "the data folder, so the kit does not unpack them; unpack this archive by hand if you trust it.", e.Message);
        AssertOnly(target, "data", "data/kept.txt");
        Assert.False(ExtractionMarker.IsCurrent(target, tar));
        AssertNoTempLeft();
    }

    [Fact]
    public async Task A_bomb_over_the_byte_limit_is_refused()
    {
        var zip = Zip("bomb.zip", ("zeros.bin", new string('\0', 1_000_000)));
        var extractor = new ArchiveExtractor(new ExtractionOptions { MaxTotalBytes = 100_000 });

        var e = await Assert.ThrowsAsync<ArchiveException>(() => extractor.ExtractAsync(zip, _dir["out"]));

        Assert.Contains("MaxTotalBytes", e.Message);
        Assert.False(Directory.Exists(_dir["out"]));
        AssertNoTempLeft();
    }

    [Fact]
    public async Task A_tar_bomb_is_stopped_by_bytes_counted_while_writing()
    {
        var tar = Tar("bomb.tar.gz", gzip: true, TarFile("a.bin", new string('x', 60_000)), TarFile("b.bin", new string('y', 60_000)));
        var extractor = new ArchiveExtractor(new ExtractionOptions { MaxTotalBytes = 100_000 });

        var e = await Assert.ThrowsAsync<ArchiveException>(() => extractor.ExtractAsync(tar, _dir["out"]));

        Assert.Equal("b.bin", e.EntryName);
        AssertNoTempLeft();
    }

    [Fact]
    public async Task Too_many_entries_are_refused()
    {
        var zip = Zip("many.zip", ("a", "1"), ("b", "2"), ("c", "3"));
        var extractor = new ArchiveExtractor(new ExtractionOptions { MaxEntries = 2 });

        var e = await Assert.ThrowsAsync<ArchiveException>(() => extractor.ExtractAsync(zip, _dir["out"]));

        Assert.Contains("MaxEntries", e.Message);
    }

    [Fact]
    public async Task A_damaged_archive_says_to_download_again()
    {
        File.WriteAllText(_dir["broken.zip"], "this is not a zip");

        var e = await Assert.ThrowsAsync<ArchiveException>(() => new ArchiveExtractor().ExtractAsync(_dir["broken.zip"], _dir["out"]));

        Assert.Contains("download it again", e.Message);
        AssertNoTempLeft();
    }

    [Theory]
    [InlineData("a/b.txt", true)]
    [InlineData("./a/./b.txt", true)]
    [InlineData("../b.txt", false)]
    [InlineData("a/../../b.txt", false)]
    [InlineData("a\\..\\..\\b.txt", false)]
    [InlineData("/etc/passwd", false)]
    [InlineData("C:\\Windows\\x", false)]
    public void Entry_names_are_checked(string name, bool safe)
    {
        var full = SafeEntryPath.Resolve(_dir.Path, name, out var reason);
        Assert.Equal(safe, full is not null);
        Assert.Equal(safe, reason is null);
        if (full is not null) Assert.StartsWith(_dir.Path, full);
    }

    public void Dispose() => _dir.Dispose();
}
