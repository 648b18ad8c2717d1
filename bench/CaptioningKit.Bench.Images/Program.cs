// Throughput of the image batch loader and of the encoders, in images per second, on this machine.
// Run: dotnet run -c Release --project bench/CaptioningKit.Bench.Images [-- --quick]
using System.Diagnostics;
using CaptioningKit;
using CaptioningKit.Data;
using CaptioningKit.Encoder;
using CaptioningKit.Images;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using TorchSharp;

Kit.Initialize();
var device = Kit.Device;
var quick = args.Contains("--quick");
Console.WriteLine($"cores: {Environment.ProcessorCount}, device: {device}, torch threads: {torch.get_num_threads()}");

var folder = Directory.CreateTempSubdirectory("ck-bench-images-").FullName;
try
{
    var items = MakeJpegs(folder, count: quick ? 32 : 128, width: 500, height: 375); // Flickr8k-like size
    foreach (var workers in new[] { 1, Environment.ProcessorCount })
    {
        var loader = new ImageBatchLoader(items, new ImageBatchLoaderOptions
        {
            BatchSize = 32, Seed = 1, Workers = workers, Transform = ImageTransform.Training(HorizontalFlip.Never, 224),
        });
        Report($"loader 500x375 JPEG → 224 crop, {workers} worker(s)", items.Count, () => { foreach (var b in loader.Batches(device)) b.Dispose(); });
    }
    var small = MakeJpegs(Path.Combine(folder, "small"), count: quick ? 64 : 512, width: 64, height: 64);
    var smallLoader = new ImageBatchLoader(small, new ImageBatchLoaderOptions { BatchSize = 64, Transform = ImageTransform.Fixed(64, 64) });
    Report($"loader 64x64 JPEG, {Environment.ProcessorCount} workers", small.Count, () => { foreach (var b in smallLoader.Batches(device)) b.Dispose(); });

    Encoder("small-cnn 64x64 (grid 4x4)", new SmallCnnEncoder(GridSize.Square(4), device: device), 64, 64, quick ? 2 : 8);
    Encoder("resnet18 64x64 (grid 2x2)", new ResNetEncoder(ResNetSpec.ResNet18, GridSize.Square(2), device), 64, 64, quick ? 2 : 8);
    Encoder("resnet18 224x224 (grid 14x14)", new ResNetEncoder(ResNetSpec.ResNet18, GridSize.Square(14), device), 32, 224, quick ? 1 : 4);
    Encoder("small-cnn 224x224 (grid 14x14)", new SmallCnnEncoder(GridSize.Square(14), device: device), 32, 224, quick ? 1 : 4);
}
finally
{
    Directory.Delete(folder, true);
}

void Encoder(string name, ImageEncoder encoder, int batch, int size, int batches)
{
    using (encoder)
    {
        encoder.eval();
        using var noGrad = torch.no_grad();
        void Run()
        {
            for (var i = 0; i < batches; i++)
            {
                using var scope = torch.NewDisposeScope();
                var x = torch.rand(batch, 3, size, size, device: device); // (B, 3, size, size)
                encoder.call(x);                                           // (B, pixels, channels)
            }
        }
        Run(); // warm-up
        Report($"encoder {name}, forward, batch {batch}", batch * batches, Run);
    }
}

static void Report(string name, int images, Action run)
{
    var sw = Stopwatch.StartNew();
    run();
    sw.Stop();
    Console.WriteLine($"{name,-60} {images / sw.Elapsed.TotalSeconds,10:F1} images/s  ({images} in {sw.Elapsed.TotalSeconds:F2} s)");
}

static List<CaptionedImage> MakeJpegs(string folder, int count, int width, int height)
{
    Directory.CreateDirectory(folder);
    var random = new Random(5);
    var items = new List<CaptionedImage>();
    for (var i = 0; i < count; i++)
    {
        using var image = new Image<Rgb24>(width, height);
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                image[x, y] = new Rgb24((byte)(x * 255 / width), (byte)(y * 255 / height), (byte)random.Next(256));
        var path = Path.Combine(folder, $"{i:D4}.jpg");
        image.Save(path, new JpegEncoder { Quality = 85 });
        items.Add(new CaptionedImage($"{i}", path, ["an image"], Split.Train));
    }
    return items;
}
