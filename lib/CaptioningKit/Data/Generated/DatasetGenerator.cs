using System.Diagnostics;
using System.Text;
using CaptioningKit.Data.Generated.Csv;
using SixLabors.ImageSharp;

namespace CaptioningKit.Data.Generated;

/// <summary>
/// Writes a generated set to disk in the <see cref="DatasetLayout"/>. Images are drawn in parallel, each from its own
/// seeded <see cref="Random"/> (see <see cref="SeedMixer"/>), so the output never depends on thread timing. All
/// files go to a temporary folder beside the target that is renamed into place at the end: an interrupted run never
/// leaves a half-written dataset behind.
/// </summary>
public static class DatasetGenerator
{
    /// <summary>
    /// Generates <paramref name="set"/> into <c>&lt;dataDir&gt;/&lt;set.Name&gt;</c>, unless that folder's dataset.json
    /// already records the same settings (then it returns at once with <see cref="GenerationResult.Skipped"/>).
    /// Progress is reported about every 1% of the images, in increasing order, from the worker threads.
    /// </summary>
    public static GenerationResult Generate(IGeneratedSet set, string dataDir, GenerationOptions options,
        IProgress<GenerationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options.Validate();
        var watch = Stopwatch.StartNew();
        var manifest = new DatasetManifest(set.Name, set.Version, options.Seed, options.Train, options.Val, options.Test,
            options.Width ?? set.DefaultWidth, options.Height ?? set.DefaultHeight, options.CaptionsPerImage ?? set.DefaultCaptionsPerImage);
        var target = Path.GetFullPath(Path.Combine(dataDir, set.Name));
        if (!options.Force && DatasetManifest.TryRead(target) == manifest && Directory.Exists(Path.Combine(target, DatasetLayout.ImagesFolder)))
            return new GenerationResult(target, true, manifest, options.Total, options.Total * manifest.CaptionsPerImage, watch.Elapsed);

        if (!options.Force && (Directory.Exists(target) || File.Exists(target)) && Directory.EnumerateFileSystemEntries(target).Any())
            throw new IOException(DescribeExisting(target, manifest));
        Directory.CreateDirectory(dataDir);
        var temp = Path.Combine(dataDir, $".{set.Name}.tmp-{Guid.NewGuid():N}");
        try
        {
            WriteAll(set, temp, manifest, options, progress, cancellationToken);
            Replace(target, temp, set.Name, dataDir);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
        return new GenerationResult(target, false, manifest, options.Total, options.Total * manifest.CaptionsPerImage, watch.Elapsed);
    }

    /// <summary>Why an existing folder is not replaced, and the two ways on.</summary>
    static string DescribeExisting(string target, DatasetManifest wanted)
    {
        if (File.Exists(target)) return $"'{target}' is a file, not a dataset folder. Fix: choose another data folder (--data-dir) or move the file.";
        var existing = DatasetManifest.TryRead(target);
        var holds = existing is null
            ? "files that are not a dataset generated with these settings"
            : $"a {existing.Generator} dataset with other settings ({existing.Train}/{existing.Val}/{existing.Test} images, seed {existing.Seed}, {existing.Width}x{existing.Height})";
        var extra = Directory.EnumerateFileSystemEntries(target).Select(Path.GetFileName)
            .Where(n => n is not (DatasetLayout.ImagesFolder or DatasetLayout.CaptionsFile or ObjectBoxesCsv.FileName or DatasetManifest.FileName)).Order(StringComparer.Ordinal).Take(3).ToList();
        return $"'{target}' already holds {holds}" + (extra.Count > 0 ? $" and your files ({string.Join(", ", extra)})" : "") +
               $"; generating {wanted.Train}/{wanted.Val}/{wanted.Test} images would replace it. Fix: use another data folder (--data-dir), " +
               "or move that folder away (or pass --force to generate to replace it).";
    }

    static void WriteAll(IGeneratedSet set, string folder, DatasetManifest m, GenerationOptions options,
        IProgress<GenerationProgress>? progress, CancellationToken ct)
    {
        var images = Path.Combine(folder, DatasetLayout.ImagesFolder);
        Directory.CreateDirectory(images);
        int total = options.Total, done = 0, reported = 0, step = Math.Max(1, total / 100);
        var ids = new string[total];
        var captions = new IReadOnlyList<string>[total];
        var objects = new IReadOnlyList<ObjectBox>[total];
        progress?.Report(new GenerationProgress(set.Name, 0, total));
        var parallel = new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = options.MaxDegreeOfParallelism ?? Environment.ProcessorCount };
        try
        {
            Parallel.For(0, total, parallel, i => WriteImage(i));
        }
        catch (AggregateException e) when (e.InnerExceptions.Count >= 1)
        {
            // Show the real problem (e.g. "does not fit a 64x64 image"), not a wrapper: when several images fail
            // at once (one per worker) they fail for the same reason, so the first one tells it.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }

        void WriteImage(int i)
        {
            var id = DatasetLayout.ImageId(set.Name, i, total);
            using var sample = set.Make(id, new Random(SeedMixer.Mix(m.Seed, i)), m.Width, m.Height, m.CaptionsPerImage);
            using (var file = new FileStream(Path.Combine(images, id), FileMode.CreateNew, FileAccess.Write, FileShare.None, 16384))
                sample.Image.Save(file, set.Encoder);
            (ids[i], captions[i], objects[i]) = (id, sample.Captions, sample.Objects);
            int n = Interlocked.Increment(ref done);
            if (progress is not null && (n % step == 0 || n == total))
                lock (ids) // reports arrive in order: a slow thread never reports an older count after a newer one
                    if (n > reported) { reported = n; progress.Report(new GenerationProgress(set.Name, n, total)); }
        }

        var csv = new StringBuilder(CsvText.Record(DatasetLayout.CaptionsHeader)).Append(CsvText.NewLine);
        for (int i = 0; i < total; i++)
        {
            var split = DatasetLayout.SplitWord(options.SplitOf(i));
            foreach (var caption in captions[i])
                csv.Append(CsvText.Record(ids[i], caption, split)).Append(CsvText.NewLine);
        }
        File.WriteAllText(Path.Combine(folder, DatasetLayout.CaptionsFile), csv.ToString());
        if (set.HasObjects)
            File.WriteAllText(Path.Combine(folder, ObjectBoxesCsv.FileName),
                ObjectBoxesCsv.Format(objects.SelectMany(o => o)));
        File.WriteAllText(Path.Combine(folder, DatasetManifest.FileName), m.ToJson()); // last: marks the folder complete
    }

    /// <summary>Moves the finished temporary folder into place, moving an old dataset aside first and deleting it after.</summary>
    static void Replace(string target, string temp, string name, string dataDir)
    {
        string? old = null;
        if (Directory.Exists(target))
        {
            old = Path.Combine(dataDir, $".{name}.old-{Guid.NewGuid():N}");
            Directory.Move(target, old);
        }
        try { Directory.Move(temp, target); }
        catch (IOException e)
        {
            if (old is not null && !Directory.Exists(target)) Directory.Move(old, target);
            throw new IOException($"Could not move the generated {name} dataset into {target}: {e.Message}. Close programs using that folder and run again.", e);
        }
        if (old is not null) TryDelete(old);
    }

    static void TryDelete(string folder)
    {
        try { if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true); }
        catch (IOException) { } // a leftover temporary folder is harmless; its name starts with '.'
        catch (UnauthorizedAccessException) { }
    }
}

/// <summary>
/// What a generation did: the dataset folder, whether it was already up to date (<see cref="Skipped"/>), how many
/// images and caption rows it holds and how long the call took.
/// </summary>
public sealed record GenerationResult(string Folder, bool Skipped, DatasetManifest Manifest, int Images, int CaptionRows, TimeSpan Elapsed)
{
    /// <summary>Images drawn per second (0 when skipped).</summary>
    public double ImagesPerSecond => Skipped || Elapsed <= TimeSpan.Zero ? 0 : Images / Elapsed.TotalSeconds;
}

/// <summary>How far a generation has got: <see cref="Done"/> of <see cref="Total"/> images of <see cref="Dataset"/>.</summary>
public sealed record GenerationProgress(string Dataset, int Done, int Total);
