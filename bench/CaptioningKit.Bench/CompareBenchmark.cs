using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CaptioningKit.Data;
using CaptioningKit.Decoder;
using CaptioningKit.Encoder;
using CaptioningKit.Evaluation;
using CaptioningKit.Images;
using CaptioningKit.Inference;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using TorchSharp;
using static TorchSharp.torch;

namespace CaptioningKit.Bench;

/// <summary>
/// The kit's half of the side-by-side benchmark (bench/run.sh runs it, then bench/peer.py in the same shapes):
/// image decode + transform, encoder forward, decoder train step, greedy, beam 3, sgemm; one JSON line per stage.
/// <code>
/// CaptioningKit.Bench compare [--stages train,greedy,beam,encoder,images,sgemm,memory] [--jpegs DIR]
///     [--batch 64 --pixels 64 --features 2048 --attention 512 --embed 256 --hidden 512 --vocab 5000 --steps 20]
///     [--config NAME] [--repeats 5] [--threads 2] [--memory-steps 1000]
/// CaptioningKit.Bench make-jpegs DIR [count]
/// </code>
/// </summary>
public static class CompareBenchmark
{
    /// <summary>The decoder's sizes (shared with peer.py's flags of the same names).</summary>
    public sealed record Shapes(string Config, int Batch, int Pixels, int Features, int Attention, int Embed, int Hidden, int Vocab, int Steps)
    {
        /// <summary>
        /// Multiply-add FLOPs (2 per multiply-add) of one teacher-forced train step per caption, matmuls only, as
        /// written out in bench/README.md. Backward costs 2x forward for a layer whose input needs a gradient and 1x
        /// for one whose input is the cached features (no gradient): the feature projection, init_h/init_c and the
        /// context bmm's features side.
        /// </summary>
        public double TrainFlopsPerCaption()
        {
            double p = Pixels, f = Features, a = Attention, e = Embed, h = Hidden, v = Vocab, t = Steps;
            var once = 2 * p * f * a + 2 * (2 * f * h);                     // W_f f for every pixel; init_h, init_c
            var perStep = 2 * h * a + 2 * p * a + 2 * h * f                 // W_h h; v^T tanh(.); gate f_beta(h)
                        + 2 * (e + f) * 4 * h + 2 * h * 4 * h              // LSTM cell: input and hidden weights
                        + 2 * h * v;                                        // output layer
            var context = 2 * p * f;                                        // alpha^T F (features need no gradient)
            return 2 * once + t * (3 * perStep + 2 * context);
        }
    }

    public static int Run(string[] args)
    {
        var o = Options.Parse(args);
        if (o is null) return 2;
        Kit.Initialize("cpu");
        torch.set_num_threads(o.Threads);
        torch.manual_seed(1);
        var device = torch.CPU;
        var shapes = new Shapes(o.Config, o.Batch, o.Pixels, o.Features, o.Attention, o.Embed, o.Hidden, o.Vocab, o.Steps);
        foreach (var stage in o.Stages)
        {
            switch (stage)
            {
                case "train": Train(shapes, o, device); break;
                case "greedy": Decode(shapes, o, device, beam: 0); break;
                case "beam": Decode(shapes, o, device, beam: 3); break;
                case "encoder": EncoderForward(o, device); break;
                case "images": Images(o, device); break;
                case "sgemm": Sgemm(o, device); break;
                case "memory": Memory(shapes, o, device); break;
                case "image-steps": ImageSteps(o); break;
                default: Console.Error.WriteLine($"compare: unknown stage '{stage}'. Fix: one of train, greedy, beam, encoder, images, sgemm, memory."); return 2;
            }
        }
        return 0;
    }

    /// <summary>Writes <paramref name="count"/> fixed 500x375 JPEGs (quality 90) into <paramref name="folder"/>; bench/run.sh
    /// makes them once so the kit and the peer decode the same files.</summary>
    public static int MakeJpegs(string[] args)
    {
        if (args.Length < 1) { Console.Error.WriteLine("usage: CaptioningKit.Bench make-jpegs <folder> [count, default 256]"); return 2; }
        var count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 256;
        Directory.CreateDirectory(args[0]);
        const int width = 500, height = 375;
        var random = new Random(7);
        for (var i = 0; i < count; i++)
        {
            // A smooth scene (two gradients and a few discs) with mild noise: compresses like a photo, not like static.
            using var image = new Image<Rgb24>(width, height);
            var discs = Enumerable.Range(0, 4).Select(_ => (X: random.Next(width), Y: random.Next(height), R: 20 + random.Next(80),
                C: new Rgb24((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)))).ToArray();
            for (var y = 0; y < height; y++)
                for (var x = 0; x < width; x++)
                {
                    var pixel = new Rgb24((byte)(x * 255 / width), (byte)(y * 255 / height), (byte)((x + y + i * 17) % 256));
                    foreach (var d in discs)
                        if ((x - d.X) * (x - d.X) + (y - d.Y) * (y - d.Y) < d.R * d.R) pixel = d.C;
                    var n = random.Next(-6, 7);
                    image[x, y] = new Rgb24(Clamp(pixel.R + n), Clamp(pixel.G + n), Clamp(pixel.B + n));
                }
            image.Save(Path.Combine(args[0], $"{i:D4}.jpg"), new JpegEncoder { Quality = 90 });
        }
        Console.Error.WriteLine($"make-jpegs: {count} JPEGs {width}x{height} in {args[0]}");
        return 0;

        static byte Clamp(int v) => (byte)Math.Clamp(v, 0, 255);
    }

    static AttentionDecoder NewDecoder(Shapes s, Device device) =>
        new(new DecoderOptions(s.Vocab, s.Features, s.Embed, s.Hidden, s.Attention, Dropout: 0.5, Gate: true, DoublyStochasticWeight: 1.0), device);

    /// <summary>Random cached features and captions of exactly <c>Steps + 1</c> tokens (no padding), as the peer makes them.</summary>
    static (Tensor Features, Tensor Captions) Inputs(Shapes s, Device device)
    {
        var features = torch.rand(s.Batch, s.Pixels, s.Features, device: device); // (batch, pixels, features)
        var captions = torch.randint(4, s.Vocab, [s.Batch, s.Steps + 1], dtype: ScalarType.Int64, device: device); // (batch, steps+1)
        captions[TensorIndex.Colon, 0] = torch.tensor(1L); // <start>
        return (features, captions);
    }

    /// <summary>One train step exactly as Trainer.TrainStep does it: teacher-forced forward, masked cross-entropy plus the
    /// doubly stochastic penalty, backward, gradient clipping, Adam.</summary>
    static Action TrainStep(AttentionDecoder decoder, optim.Optimizer optimizer, Tensor features, Tensor captions)
    {
        var pad = decoder.Tokens.Pad;
        var parameters = decoder.parameters().ToArray();
        return () =>
        {
            using var scope = torch.NewDisposeScope();
            var (inputs, targets) = TeacherForcing.Split(captions); // (batch, steps) each
            var output = decoder.Forward(features, inputs); // logits (batch, steps, vocab), weights (batch, steps, pixels)
            var loss = MaskedCrossEntropy.Mean(output.Logits, targets, pad) + decoder.AttentionPenalty(output.Weights, targets.ne(pad)); // scalar
            optimizer.zero_grad();
            loss.backward();
            nn.utils.clip_grad_norm_(parameters, 5.0);
            optimizer.step();
            loss.item<float>();
        };
    }

    static void Train(Shapes s, Options o, Device device)
    {
        using var decoder = NewDecoder(s, device);
        decoder.train();
        var optimizer = optim.Adam(decoder.parameters(), lr: 4e-4);
        var (features, captions) = Inputs(s, device);
        var step = TrainStep(decoder, optimizer, features, captions);
        var seconds = Time(step, o.Repeats);
        var flops = s.TrainFlopsPerCaption() * s.Batch;
        Emit("train", s.Config, s.Batch / seconds, "captions/s", seconds, new()
        {
            ["flops_per_step"] = flops, ["gflops"] = flops / seconds / 1e9, ["shapes"] = Describe(s),
        });
    }

    static void Decode(Shapes s, Options o, Device device, int beam)
    {
        using var decoder = NewDecoder(s, device);
        decoder.eval();
        var (features, _) = Inputs(s, device);
        var seconds = Time(() =>
        {
            using var result = beam == 0 ? GreedyDecoding.Decode(decoder, features, s.Steps) : BeamSearch.Decode(decoder, features, beam, s.Steps);
        }, o.Repeats);
        Emit(beam == 0 ? "greedy" : $"beam{beam}", s.Config, s.Batch / seconds, "captions/s", seconds, new() { ["shapes"] = Describe(s) });
    }

    static void EncoderForward(Options o, Device device)
    {
        const int batch = 32, size = 224;
        using var encoder = EncoderFactory.Create(ImageNetResNet18.Name, device); // the pretrained encoder's network (weights do not change speed)
        encoder.eval();
        using var noGrad = torch.no_grad();
        using var x = torch.rand(batch, 3, size, size, device: device); // (32, 3, 224, 224)
        var seconds = Time(() => { using var scope = torch.NewDisposeScope(); encoder.call(x); }, o.Repeats); // (32, 49, 512)
        Emit("encoder", "resnet18-224-b32", batch / seconds, "images/s", seconds, new() { ["encoder"] = ImageNetResNet18.Name });
    }

    static void Images(Options o, Device device)
    {
        if (o.Jpegs is null) { Console.Error.WriteLine("compare: the images stage needs --jpegs DIR (CaptioningKit.Bench make-jpegs DIR writes them)."); return; }
        var items = Directory.GetFiles(o.Jpegs, "*.jpg").Order(StringComparer.Ordinal)
            .Select((path, i) => new CaptionedImage($"{i}", path, ["an image"], Split.Train)).ToList();
        foreach (var workers in new[] { 1, 2 })
        {
            var loader = new ImageBatchLoader(items, new ImageBatchLoaderOptions
            {
                BatchSize = 32, Shuffle = false, Workers = workers, Transform = ImageTransform.Evaluation(224, 256),
            });
            var seconds = Time(() => { foreach (var b in loader.Batches(device)) b.Dispose(); }, Math.Max(1, o.Repeats / 2));
            Emit("images", $"{workers}worker", items.Count / seconds, "images/s", seconds, new() { ["images"] = items.Count, ["workers"] = workers });
        }
    }

    /// <summary>Where one worker's time goes, per image: read, header, decode, resize, crop, normalise (kit only).</summary>
    static void ImageSteps(Options o)
    {
        if (o.Jpegs is null) { Console.Error.WriteLine("compare: the image-steps stage needs --jpegs DIR."); return; }
        var paths = Directory.GetFiles(o.Jpegs, "*.jpg").Order(StringComparer.Ordinal).ToArray();
        var transform = ImageTransform.Evaluation(224, 256);
        var floats = new float[transform.FloatsPerImage];
        var t = new double[7];
        for (var round = 0; round < 3; round++)
        {
            Array.Clear(t);
            foreach (var path in paths)
            {
                var sw = Stopwatch.StartNew();
                var bytes = ImageLoader.ReadFile(path);
                t[0] += sw.Elapsed.TotalMilliseconds; sw.Restart();
                ImageLoader.Identify(bytes, path);
                t[1] += sw.Elapsed.TotalMilliseconds; sw.Restart();
                using var loaded = ImageLoader.Load(bytes, path);
                t[2] += sw.Elapsed.TotalMilliseconds; sw.Restart();
                using var resized = ImageTransforms.ResizeShorterSide(loaded.Image, 256);
                t[3] += sw.Elapsed.TotalMilliseconds; sw.Restart();
                using var cropped = ImageTransforms.CenterCrop(resized, 224, 224);
                t[4] += sw.Elapsed.TotalMilliseconds; sw.Restart();
                transform.Normalization.WritePlanar(cropped, floats);
                t[5] += sw.Elapsed.TotalMilliseconds; sw.Restart();
                transform.Apply(loaded.Image, ["x"], new Random(1), floats);
                t[6] += sw.Elapsed.TotalMilliseconds;
            }
        }
        string[] names = ["read", "identify", "load (identify + decode)", "resize", "crop", "normalise", "transform.Apply"];
        Emit("image-steps", "1worker", 1000 * paths.Length / (t[0] + t[2] + t[6]), "images/s", (t[0] + t[2] + t[6]) / 1000 / paths.Length,
            names.Select((n, i) => (n, i)).ToDictionary(x => x.n + " ms", x => (object)(t[x.i] / paths.Length)));
    }

    static void Sgemm(Options o, Device device)
    {
        const int n = 2048;
        using var a = torch.rand(n, n, device: device); // (n, n)
        using var b = torch.rand(n, n, device: device); // (n, n)
        var seconds = Time(() => torch.mm(a, b).Dispose(), Math.Max(5, o.Repeats * 2));
        Emit("sgemm", "2048", 2.0 * n * n * n / seconds / 1e9, "GFLOP/s", seconds, new());
    }

    /// <summary>Resident memory of the process at the start and end of <c>--memory-steps</c> train steps.</summary>
    static void Memory(Shapes s, Options o, Device device)
    {
        using var decoder = NewDecoder(s, device);
        decoder.train();
        var optimizer = optim.Adam(decoder.parameters(), lr: 4e-4);
        var (features, captions) = Inputs(s, device);
        var step = TrainStep(decoder, optimizer, features, captions);
        for (var i = 0; i < 10; i++) step(); // warm-up: allocator pools and Adam state exist after the first steps
        var start = ResidentBytes();
        var peak = start;
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < o.MemorySteps; i++)
        {
            step();
            if (i % 50 == 49) peak = Math.Max(peak, ResidentBytes());
        }
        var end = ResidentBytes();
        Emit("memory", s.Config, 100.0 * (end - start) / start, "% growth", sw.Elapsed.TotalSeconds / o.MemorySteps, new()
        {
            ["steps"] = o.MemorySteps, ["rss_start_mb"] = start / 1048576.0, ["rss_end_mb"] = end / 1048576.0, ["rss_peak_mb"] = peak / 1048576.0,
            ["shapes"] = Describe(s),
        });
    }

    /// <summary>VmRSS from /proc/self/status (Linux), in bytes.</summary>
    static long ResidentBytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        return Environment.WorkingSet;
    }

    /// <summary>The fastest of the timed runs of the last <see cref="Time"/>: on a shared machine the least disturbed one.</summary>
    static double _best;

    /// <summary>Two untimed warm-up runs, then the median of <paramref name="repeats"/> timed runs, in seconds (the
    /// fastest is kept in <see cref="_best"/>).</summary>
    static double Time(Action run, int repeats)
    {
        run();
        run();
        var times = new double[repeats];
        for (var i = 0; i < repeats; i++)
        {
            var sw = Stopwatch.StartNew();
            run();
            times[i] = sw.Elapsed.TotalSeconds;
        }
        Array.Sort(times);
        _best = times[0];
        return repeats % 2 == 1 ? times[repeats / 2] : (times[repeats / 2 - 1] + times[repeats / 2]) / 2;
    }

    static string Describe(Shapes s) =>
        $"batch {s.Batch}, pixels {s.Pixels}, features {s.Features}, attention {s.Attention}, embed {s.Embed}, hidden {s.Hidden}, vocab {s.Vocab}, steps {s.Steps}";

    static void Emit(string stage, string config, double value, string unit, double seconds, Dictionary<string, object> extra)
    {
        var line = new Dictionary<string, object>
        {
            ["side"] = "kit", ["variant"] = "kit", ["stage"] = stage, ["config"] = config, ["value"] = Math.Round(value, 3), ["unit"] = unit,
            ["seconds"] = Math.Round(seconds, 5), ["threads"] = torch.get_num_threads(),
        };
        if (unit.EndsWith("/s", StringComparison.Ordinal) && _best > 0) // a rate: the same rate from the fastest run
            line["best"] = Math.Round(value * seconds / _best, 3);
        _best = 0;
        foreach (var (k, v) in extra) line[k] = v is double d ? Math.Round(d, 3) : v;
        Console.WriteLine(JsonSerializer.Serialize(line));
    }

    sealed class Options
    {
        public string Config = "custom";
        public int Batch = 64, Pixels = 64, Features = 2048, Attention = 512, Embed = 256, Hidden = 512, Vocab = 5000, Steps = 20;
        public int Repeats = 5, Threads = 2, MemorySteps = 1000;
        public string? Jpegs;
        public string[] Stages = ["train", "greedy", "beam"];

        public static Options? Parse(string[] args)
        {
            var o = new Options();
            for (var i = 0; i < args.Length; i++)
            {
                var name = args[i];
                if (i + 1 >= args.Length) { Console.Error.WriteLine($"compare: {name} needs a value."); return null; }
                var value = args[++i];
                int Int() => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0
                    ? v : throw new ArgumentException($"compare: {name} takes a positive whole number, not '{value}'.");
                try
                {
                    switch (name)
                    {
                        case "--config": o.Config = value; break;
                        case "--batch": o.Batch = Int(); break;
                        case "--pixels": o.Pixels = Int(); break;
                        case "--features": o.Features = Int(); break;
                        case "--attention": o.Attention = Int(); break;
                        case "--embed": o.Embed = Int(); break;
                        case "--hidden": o.Hidden = Int(); break;
                        case "--vocab": o.Vocab = Int(); break;
                        case "--steps": o.Steps = Int(); break;
                        case "--repeats": o.Repeats = Int(); break;
                        case "--threads": o.Threads = Int(); break;
                        case "--memory-steps": o.MemorySteps = Int(); break;
                        case "--jpegs": o.Jpegs = value; break;
                        case "--stages": o.Stages = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
                        default: Console.Error.WriteLine($"compare: unknown option {name}. Fix: see bench/README.md."); return null;
                    }
                }
                catch (ArgumentException e) { Console.Error.WriteLine(e.Message); return null; }
            }
            return o;
        }
    }
}

/// <summary>
/// <c>make-checkpoint &lt;path&gt; small-cnn|resnet18-imagenet</c>: an untrained captioner saved as the trainer saves one
/// (weights, configuration, vocabulary), for the cold-start measurement of <c>caption</c>. The resnet18-imagenet one
/// starts from the shipped ImageNet weights (converted to safetensors in the kit's cache on first use).
/// </summary>
public static class ColdStartCheckpoint
{
    public static int Make(string[] args)
    {
        if (args.Length != 2 || !EncoderFactory.Names.Contains(args[1]))
        {
            Console.Error.WriteLine($"usage: CaptioningKit.Bench make-checkpoint <path> <{string.Join("|", EncoderFactory.Names)}>");
            return 2;
        }
        Kit.Initialize("cpu");
        var words = "a red green blue circle square triangle above below left of right the and big small in on".Split(' ');
        var (vocab, _) = CaptioningKit.Vocabulary.VocabularyBuilder.Build(words.Select(w => $"a {w} shape"),
            CaptioningKit.Vocabulary.VocabularyOptions.For(CaptioningKit.Vocabulary.VocabularyLevel.Word, minCount: 1));
        var config = EncoderFactory.IsSmallCnn(args[1]) ? Model.CaptionerConfig.ForShapes(vocab.Size) : Model.CaptionerConfig.ForPhotos(vocab.Size, args[1]);
        using var model = new Model.Captioner(config, torch.CPU);
        if (EncoderFactory.IsPretrained(args[1]))
        {
            var (pretrained, _) = EncoderFactory.CreatePretrained(args[1], torch.CPU, config.Grid);
            using (pretrained) model.Encoder.load_state_dict(pretrained.state_dict());
        }
        Training.TrainingCheckpoint.Save(args[0], model, null, vocab, epoch: 0, step: 0, seed: 1);
        Console.Error.WriteLine($"make-checkpoint: {args[0]} ({config.Encoder}, vocabulary {vocab.Size})");
        return 0;
    }
}

/// <summary>
/// <c>coldstart-steps &lt;checkpoint&gt; &lt;image&gt;</c>: where a cold <c>caption</c> spends its time, as the CLI does it
/// (native load, checkpoint read, caption with beam 3), each step's end in seconds since the process started.
/// </summary>
public static class ColdStartSteps
{
    public static int Run(string[] args)
    {
        if (args.Length != 2) { Console.Error.WriteLine("usage: CaptioningKit.Bench coldstart-steps <checkpoint> <image>"); return 2; }
        var started = Process.GetCurrentProcess().StartTime.ToUniversalTime();
        double Since() => (DateTime.UtcNow - started).TotalSeconds;
        var steps = new Dictionary<string, object> { ["main entered"] = Math.Round(Since(), 3) };
        Kit.Initialize("cpu");
        steps["native libraries loaded"] = Math.Round(Since(), 3);
        var config = Model.CaptionerConfig.FromJson(Model.Checkpoint.ReadInfo(args[0]).ConfigurationJson, args[0]);
        using (new Model.Captioner(config, Kit.Device)) { }
        steps["a model of the checkpoint's configuration built (random weights)"] = Math.Round(Since(), 3);
        var (model, vocab, _) = Model.Captioner.Load(args[0], Kit.Device);
        steps["Captioner.Load (build again + read the weights)"] = Math.Round(Since(), 3);
        var first = ImageCaptioning.Files(model, [args[1]], vocab, Kit.Device, beamWidth: 3);
        steps["first caption"] = Math.Round(Since(), 3);
        ImageCaptioning.Files(model, [args[1]], vocab, Kit.Device, beamWidth: 3);
        steps["second caption"] = Math.Round(Since(), 3);
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object> { ["side"] = "kit", ["stage"] = "coldstart-steps", ["checkpoint"] = args[0], ["seconds_since_start"] = steps }));
        return 0;
    }
}
