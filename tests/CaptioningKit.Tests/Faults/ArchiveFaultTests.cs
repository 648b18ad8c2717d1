using System.IO.Compression;
using CaptioningKit.Data;
using CaptioningKit.Tests.Data;
using Xunit;

namespace CaptioningKit.Tests.Faults;

/// <summary>An archive whose entries collide with the kit's own folders never deletes the downloaded archives.</summary>
[Trait("Category", "Faults")]
public sealed class ArchiveFaultTests
{
    static void Zip(string path, params string[] entries)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var entry in entries)
        {
            using var w = new StreamWriter(zip.CreateEntry(entry).Open());
            w.Write("content of " + entry);
        }
    }

    [Fact]
    public async Task An_archive_with_a_top_level_downloads_folder_is_refused_and_the_archives_are_kept()
    {
        using var dir = new TempFolder();
        var target = dir["flickr8k"];
        var archive = Path.Combine(target, "downloads", "images.zip");
        var other = Path.Combine(target, "downloads", "text.zip");
        Zip(archive, "images/a.txt", "downloads/evil.txt");
        Zip(other, "captions.txt");

        var e = await Assert.ThrowsAsync<ArchiveException>(() => new ArchiveExtractor().ExtractAsync(archive, target));

        Assert.Contains("top-level 'downloads' that would replace the kit's own folder of downloaded archives", e.Message);
        Assert.True(File.Exists(archive));
        Assert.True(File.Exists(other));
        Assert.Equal(["downloads"], Directory.EnumerateFileSystemEntries(target).Select(p => Path.GetFileName(p)!).ToArray()); // nothing moved in, no marker
        Assert.Empty(Directory.EnumerateDirectories(dir.Path, ".*extracting*"));
    }

    [Fact]
    public async Task An_archive_carrying_an_extraction_marker_is_refused()
    {
        using var dir = new TempFolder();
        var target = dir["set"];
        var archive = dir["images.zip"];
        Zip(archive, "images/a.txt", ".images.zip.extracted");
        var e = await Assert.ThrowsAsync<ArchiveException>(() => new ArchiveExtractor().ExtractAsync(archive, target));
        Assert.Contains("extraction marker", e.Message);
        Assert.False(Directory.Exists(Path.Combine(target, "images")));
    }

    [Fact]
    public async Task An_ordinary_archive_still_unpacks_beside_the_downloads_folder()
    {
        using var dir = new TempFolder();
        var target = dir["flickr8k"];
        var archive = Path.Combine(target, "downloads", "images.zip");
        Zip(archive, "images/a.txt");
        var result = await new ArchiveExtractor().ExtractAsync(archive, target);
        Assert.Equal(1, result.Entries);
        Assert.True(File.Exists(Path.Combine(target, "images", "a.txt")));
        Assert.True(File.Exists(archive));
    }
}
