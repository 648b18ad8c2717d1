using System.Diagnostics;
using CaptioningKit.Data.Generated;

namespace CaptioningKit.Bench;

/// <summary>
/// Times <see cref="DatasetGenerator"/> end to end (draw, PNG encode, write files, CSVs, rename) for each built-in
/// set into a temporary folder, after one warm-up round, and prints images per second (best and median of the rounds).
/// </summary>
static class GenerateBenchmark
{
    public static int Run(string[] args)
    {
        int images = args.Length > 0 ? int.Parse(args[0]) : 2400;
        int rounds = args.Length > 1 ? int.Parse(args[1]) : 3;
        int train = images * 10 / 12, val = images / 12, test = images - train - val;
        Console.WriteLine($"generate benchmark: {images} images per set ({train}/{val}/{test}), {rounds} rounds, {Environment.ProcessorCount} cores");
        Console.WriteLine($"{"set",-10} {"best img/s",12} {"median img/s",13} {"MB written",11}");
        foreach (var name in BuiltInDatasets.Names)
        {
            var dir = Path.Combine(Path.GetTempPath(), "captioningkit-bench-" + Guid.NewGuid().ToString("N"));
            try
            {
                var rates = new List<double>();
                long bytes = 0;
                for (int r = -1; r < rounds; r++) // round -1 warms up the JIT
                {
                    var options = new GenerationOptions { Seed = r + 100, Train = r < 0 ? 100 : train, Val = r < 0 ? 10 : val, Test = r < 0 ? 10 : test, Force = true };
                    var watch = Stopwatch.StartNew();
                    var result = BuiltInDatasets.Generate(name, dir, options);
                    watch.Stop();
                    if (r < 0) continue;
                    rates.Add(result.Images / watch.Elapsed.TotalSeconds);
                    bytes = Directory.EnumerateFiles(result.Folder, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
                }
                rates.Sort();
                Console.WriteLine($"{name,-10} {rates[^1],12:F0} {rates[rates.Count / 2],13:F0} {bytes / 1e6,11:F1}");
            }
            finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
        }
        return 0;
    }
}
