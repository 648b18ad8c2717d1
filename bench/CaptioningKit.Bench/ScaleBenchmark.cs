using System.Diagnostics;
using CaptioningKit.Data;
using CaptioningKit.Encoder;
using CaptioningKit.Model;
using CaptioningKit.Training;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using TorchSharp;

namespace CaptioningKit.Bench;

/// <summary>
/// The feature-cache path at real dataset sizes (throughput and memory, not caption quality):
/// <list type="bullet">
/// <item><c>scale flickr8k TOKENS [TRAINLIST] [epochs]</c>: a Flickr8k-layout folder with the real caption file and one
/// stand-in 500x375 JPEG per image name (generated: gradients and boxes), encoded once by the frozen
/// resnet18-imagenet into a float16 cache, then the decoder trained from the cache (<c>CaptioningRun.Train</c>, what
/// <c>train --encoder resnet18-imagenet</c> runs). Prints images/s encoded, cache size, captions/s, seconds and
/// resident memory per epoch.</item>
/// <item><c>scale coco [rows]</c>: a cache of 123,287 rows of generated (49, 512) features, then one epoch of batches
/// read in the trainer's shuffled order; prints the resident memory every 500 batches (the file is far larger than
/// the memory the process may use).</item>
/// </list>
/// </summary>
static class ScaleBenchmark
{
    public static int Run(string[] args) => args.FirstOrDefault() switch
    {
        "flickr8k" when args.Length > 1 => Flickr8k(args[1], args.Length > 2 && File.Exists(args[2]) ? args[2] : null,
            args.Length > 2 && int.TryParse(args[^1], out var e) ? e : 1),
        "coco" => Coco(args.Length > 1 && int.TryParse(args[1], out var n) ? n : 123_287),
        _ => Usage(),
    };

    static int Usage()
    {
        Console.Error.WriteLine("usage: CaptioningKit.Bench scale flickr8k <Flickr8k.token.txt> [Flickr_8k.trainImages.txt] [epochs, default 1]\n       CaptioningKit.Bench scale coco [rows, default 123287]");
        return 2;
    }

    static double ResidentMb() { using var p = Process.GetCurrentProcess(); return p.WorkingSet64 / 1e6; }

    static int Flickr8k(string tokenFile, string? trainList, int epochs)
    {
        Kit.Initialize("cpu");
        var root = Path.Combine(Path.GetTempPath(), "ck-scale-flickr8k");
        var images = Path.Combine(root, "Flicker8k_Dataset");
        Directory.CreateDirectory(images);
        var names = File.ReadLines(tokenFile).Select(l => l.Split('\t')[0]).Select(k => k[..Math.Max(0, k.LastIndexOf('#'))])
            .Where(n => n.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase)).Distinct().Order(StringComparer.Ordinal).ToList();
        var clock = Stopwatch.StartNew();
        var made = MakeStandIns(images, names);
        Console.Error.WriteLine($"{names.Count} image names; {made} stand-in JPEGs written in {clock.Elapsed.TotalSeconds:F0} s ({images})");
        File.Copy(tokenFile, Path.Combine(root, "Flickr8k.token.txt"), overwrite: true);
        WriteSplitLists(root, names, trainList);

        var dataset = CaptionDatasets.Load(root);
        var items = dataset.Images;
        var config = CaptionerConfig.ForPhotos(0);
        var cacheFolder = Path.Combine(root, "cache");
        if (Directory.Exists(cacheFolder)) Directory.Delete(cacheFolder, recursive: true); // measure the encoding every time

        // Encode every image once (the same call CaptioningRun.Train makes; it then finds the cache valid).
        var (encoder, hash) = EncoderFactory.CreatePretrained(config.Encoder, Kit.Device, config.Grid);
        EncoderTraining.Freeze(encoder);
        clock.Restart();
        var built = FeatureCacheBuilder.GetOrBuild(cacheFolder, items, encoder, config.Transform, hash, Kit.Device,
            progress: new Progress<int>(k => { if (k % 1024 == 0) Console.Error.WriteLine($"encoded {k}/{items.Count}, {k / clock.Elapsed.TotalSeconds:F1} images/s, {ResidentMb():F0} MB"); }),
            storage: FeatureStorage.Float16);
        var encodeSeconds = clock.Elapsed.TotalSeconds;
        var cacheBytes = new FileInfo(Path.Combine(cacheFolder, built.Cache.Metadata.FeaturesFile)).Length;
        var encoded = built.Cache.Count;
        built.Cache.Dispose();
        encoder.Dispose();

        var training = new TrainingOptions { Epochs = epochs, BatchSize = 32, LearningRate = 1e-3, ValidationImages = 200, Patience = 99 };
        var options = new RunOptions(false, training, config) { FeatureCacheFolder = cacheFolder, CacheStorage = FeatureStorage.Float16 };
        var stepClock = new Stopwatch();
        var stepSeconds = new List<double>();
        var run = CaptioningRun.Train(items, options, Path.Combine(root, "run"), Kit.Device, new InlineProgress<TrainingProgress>(p =>
        {
            if (p.Finished is not null) return;
            if (p.Step == 1) stepClock.Restart();
            if (p.Step % 50 == 0) Console.Error.WriteLine($"epoch {p.Epoch} step {p.Step}/{p.StepsPerEpoch} loss {p.Loss:F3}, {ResidentMb():F0} MB");
            if (p.Step == p.StepsPerEpoch) stepSeconds.Add(stepClock.Elapsed.TotalSeconds);
        }));
        var train = items.Where(i => i.Split == Split.Train).ToList();
        var trainCaptions = train.Sum(i => i.Captions.Count);
        Console.WriteLine($"Flickr8k-size run: {items.Count} images ({train.Count} train, {trainCaptions} train captions), vocabulary {run.Vocab.Size}, " +
            $"longest caption {run.Model.Config.MaxCaptionLength} tokens, cache reused by training: {!run.Cache!.Built}");
        Console.WriteLine("| stage | value |");
        Console.WriteLine("| --- | ---: |");
        Console.WriteLine($"| images encoded (resnet18-imagenet, 224x224, decode + resize + forward), images/s | {encoded / encodeSeconds:F1} ({encodeSeconds:F0} s for {encoded}) |");
        Console.WriteLine($"| feature cache size (float16, 49 x 512 per image) | {cacheBytes / 1e6:F0} MB ({cacheBytes / (double)encoded / 1e3:F1} kB per image) |");
        foreach (var e in run.History.Epochs)
        {
            var steps = stepSeconds[e.Epoch - 1];
            Console.WriteLine($"| epoch {e.Epoch}: decoder training, captions/s | {trainCaptions / steps:F0} ({steps:F0} s of steps) |");
            Console.WriteLine($"| epoch {e.Epoch}: seconds (steps + validation on {training.ValidationImages} images) | {e.Seconds:F0} |");
            Console.WriteLine($"| epoch {e.Epoch}: resident memory, MB | {e.ProcessMemoryBytes / 1e6:F0} |");
            Console.WriteLine($"| epoch {e.Epoch}: validation BLEU-4 (stand-in images: no signal expected) | {e.ValBleu4:F3} |");
        }
        using (var p = Process.GetCurrentProcess()) Console.WriteLine($"| peak resident memory of the process, MB | {p.PeakWorkingSet64 / 1e6:F0} |");
        return 0;
    }

    /// <summary>One 500x375 JPEG per name (skipped when it exists): a colour gradient with a few boxes, seeded by the name.</summary>
    static int MakeStandIns(string folder, IReadOnlyList<string> names)
    {
        var made = 0;
        Parallel.ForEach(names, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, name =>
        {
            var path = Path.Combine(folder, name);
            if (File.Exists(path)) return;
            var random = new Random(StringComparer.Ordinal.GetHashCode(name) ^ name.Length);
            using var image = new Image<Rgb24>(500, 375);
            var (r0, g0, b0) = (random.Next(256), random.Next(256), random.Next(256));
            var boxes = Enumerable.Range(0, random.Next(1, 5)).Select(_ => (X: random.Next(450), Y: random.Next(325), W: random.Next(30, 200), H: random.Next(30, 150),
                C: new Rgb24((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)))).ToList();
            image.ProcessPixelRows(rows =>
            {
                for (var y = 0; y < rows.Height; y++)
                {
                    var row = rows.GetRowSpan(y);
                    for (var x = 0; x < row.Length; x++)
                    {
                        row[x] = new Rgb24((byte)((r0 + x / 2) & 255), (byte)((g0 + y / 2) & 255), (byte)((b0 + (x + y) / 4) & 255));
                        foreach (var b in boxes)
                            if (x >= b.X && x < b.X + b.W && y >= b.Y && y < b.Y + b.H) row[x] = b.C;
                    }
                }
            });
            var temp = path + ".tmp";
            image.SaveAsJpeg(temp, new JpegEncoder { Quality = 90 });
            File.Move(temp, path);
            Interlocked.Increment(ref made);
        });
        return made;
    }

    /// <summary>The real train list when given; otherwise, and for dev/test, 1000 + 1000 of the other names (stand-ins for the release's lists).</summary>
    static void WriteSplitLists(string root, IReadOnlyList<string> names, string? trainList)
    {
        var train = trainList is null ? names.Take(names.Count - 2000).ToHashSet() : File.ReadLines(trainList).Select(l => l.Trim()).Where(l => l.Length > 0).ToHashSet();
        var rest = names.Where(n => !train.Contains(n)).ToList();
        File.WriteAllLines(Path.Combine(root, "Flickr_8k.trainImages.txt"), train.Order(StringComparer.Ordinal));
        File.WriteAllLines(Path.Combine(root, "Flickr_8k.devImages.txt"), rest.Take(1000));
        File.WriteAllLines(Path.Combine(root, "Flickr_8k.testImages.txt"), rest.Skip(1000).Take(1000));
    }

    static int Coco(int rows)
    {
        Kit.Initialize("cpu");
        var folder = Path.Combine(Path.GetTempPath(), "ck-scale-coco-cache");
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        var metadata = new FeatureCacheMetadata("resnet18-imagenet", "generated", 224, 224, "generated features", 7, 7, 512, FeatureStorage.Float16);
        var clock = Stopwatch.StartNew();
        torch.manual_seed(1);
        using (var writer = new FeatureCacheWriter(folder, metadata))
        {
            for (var start = 0; start < rows; start += 512)
            {
                using var scope = torch.NewDisposeScope();
                var count = Math.Min(512, rows - start);
                var features = torch.rand([count, 49, 512]); // (count, pixels, channels) in [0, 1), like post-ReLU activations
                writer.Append(Enumerable.Range(start, count).Select(i => $"COCO_{i:D12}.jpg").ToList(), features);
            }
            writer.Commit();
        }
        var writeSeconds = clock.Elapsed.TotalSeconds;
        var bytes = new FileInfo(Path.Combine(folder, metadata.FeaturesFile)).Length;
        var startMb = ResidentMb();
        using var cache = FeatureCache.TryOpen(folder, metadata, out var reason) ?? throw new InvalidOperationException(reason);
        var ids = cache.Ids.ToList();
        var order = Images.ImageBatchLoader.EpochOrder(ids.Count, seed: 1, epoch: 1, shuffle: true);
        var (maxMb, batches, sum) = (startMb, 0, 0.0);
        clock.Restart();
        foreach (var chunk in order.Chunk(32))
        {
            using var scope = torch.NewDisposeScope();
            var batch = cache.ReadBatch(chunk.Select(i => ids[i]).ToList(), torch.CPU); // (32, 49, 512) float32
            sum += batch.mean().item<float>();
            if (++batches % 500 == 0)
            {
                var mb = ResidentMb();
                maxMb = Math.Max(maxMb, mb);
                Console.Error.WriteLine($"batch {batches}: {batches * 32 / clock.Elapsed.TotalSeconds:F0} rows/s, resident {mb:F0} MB");
            }
        }
        var readSeconds = clock.Elapsed.TotalSeconds;
        maxMb = Math.Max(maxMb, ResidentMb());
        Console.WriteLine($"COCO-size cache: {rows} rows x 49 x 512 float16 (mean feature {sum / batches:F3})");
        Console.WriteLine("| stage | value |");
        Console.WriteLine("| --- | ---: |");
        Console.WriteLine($"| cache file | {bytes / 1e9:F2} GB, written in {writeSeconds:F0} s |");
        Console.WriteLine($"| one epoch of shuffled batches of 32 read (as the trainer reads them), rows/s | {rows / readSeconds:F0} ({readSeconds:F0} s) |");
        Console.WriteLine($"| resident memory before the epoch → largest during it, MB | {startMb:F0} → {maxMb:F0} |");
        Directory.Delete(folder, recursive: true);
        return 0;
    }
}
