using System.Security.Cryptography;
using TorchSharp.PyBridge;
using TorchSharp;

namespace CaptioningKit.Encoder;

/// <summary>
/// Loads torchvision weights into a module by name with TorchSharp.PyBridge (load_py for .pth, load_safetensors for
/// .safetensors), after comparing the file's names and shapes with the module's state_dict. A mismatch is an error
/// listing every missing, unexpected and mis-shaped key, unless the caller allows partial loading.
///
/// Where to get real weights: on a machine with internet, download torchvision's ImageNet files, e.g.
/// https://download.pytorch.org/models/resnet18-f37072fd.pth, .../resnet34-b627a593.pth, .../resnet50-11ad3fa6.pth
/// (or V1 resnet50-0676ba61.pth), .../resnet101-cd907fc2.pth, .../resnet152-f82ba261.pth, and copy them into the
/// folder named by $CAPTIONINGKIT_WEIGHTS (see <see cref="WeightsLocator"/>).
/// </summary>
public static class WeightLoader
{
    /// <summary>torchvision's classifier head: in every ImageNet file, never used by an encoder.</summary>
    public static IReadOnlyList<string> ClassifierPrefixes { get; } = ["fc."];

    /// <summary>Compares the file with the module without loading anything.</summary>
    public static WeightLoadReport Compare(torch.nn.Module module, string path, IReadOnlyList<string>? ignorePrefixes = null)
    {
        ignorePrefixes ??= ClassifierPrefixes;
        var file = StateDictFile.ReadShapes(path);
        var expected = module.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.shape);
        var ignored = file.Keys.Where(k => !expected.ContainsKey(k) && ignorePrefixes.Any(k.StartsWith)).OrderBy(k => k, StringComparer.Ordinal).ToList();
        var unexpected = file.Keys.Where(k => !expected.ContainsKey(k) && !ignored.Contains(k)).OrderBy(k => k, StringComparer.Ordinal).ToList();
        var missing = expected.Keys.Where(k => !file.ContainsKey(k)).OrderBy(k => k, StringComparer.Ordinal).ToList();
        var mismatched = expected.Where(kv => file.TryGetValue(kv.Key, out var s) && !s.SequenceEqual(kv.Value))
            .Select(kv => new ShapeMismatch(kv.Key, file[kv.Key], kv.Value)).OrderBy(m => m.Name, StringComparer.Ordinal).ToList();
        var matched = expected.Count - missing.Count - mismatched.Count;
        return new WeightLoadReport(path, matched, missing, unexpected, mismatched, ignored);
    }

    /// <summary>
    /// Loads <paramref name="path"/> into <paramref name="module"/>. Throws <see cref="WeightLoadException"/> (with the
    /// report) when the file does not match, unless <paramref name="allowPartial"/>: then only the matching tensors
    /// are loaded and the report says what was left out.
    /// </summary>
    public static WeightLoadReport Load(torch.nn.Module module, string path, bool allowPartial = false, IReadOnlyList<string>? ignorePrefixes = null)
    {
        var report = Compare(module, path, ignorePrefixes);
        if (!report.IsExact && !allowPartial) throw new WeightLoadException(report);
        // Keys in the file that must not be copied: ignored, unexpected and mis-shaped ones.
        var skip = report.Ignored.Concat(report.Unexpected).Concat(report.ShapeMismatches.Select(m => m.Name)).ToList();
        // load_py copies the file's tensors into the module's storage by name and sets requires_grad from the file
        // (false for a saved state dict), so the flags are remembered and restored. load_py (PyBridge 1.4.4) also does
        // not honour its skip list when copying (a mis-shaped tensor would be written over the wrong storage), so a
        // partial .pth load reads the tensors and loads only the matching ones.
        var trainable = module.parameters().Select(p => p.requires_grad).ToList();
        try
        {
            if (StateDictFile.IsSafetensors(path)) module.load_safetensors(path, strict: report.IsExact, skip: skip);
            else if (report.IsExact) module.load_py(path, strict: true, skip: skip);
            else LoadMatchingPickleTensors(module, path, skip);
        }
        catch (Exception e)
        {
            throw new WeightLoadException(path, $"Loading '{path}' failed after its names and shapes matched: {e.Message}", e);
        }
        foreach (var (p, flag) in module.parameters().Zip(trainable)) p.requires_grad = flag;
        return report with { Loaded = true };
    }

    static void LoadMatchingPickleTensors(torch.nn.Module module, string path, IReadOnlyList<string> skip)
    {
        using var scope = torch.NewDisposeScope();
        var table = PyTorchUnpickler.UnpickleStateDict(path);
        var state = module.state_dict();
        var matching = new Dictionary<string, torch.Tensor>();
        foreach (System.Collections.DictionaryEntry e in table)
            if (e.Key is string key && e.Value is torch.Tensor t && state.ContainsKey(key) && !skip.Contains(key)) matching[key] = t;
        module.load_state_dict(matching, strict: false);
    }
}

/// <summary>A weights file that cannot be used: missing, unreadable, or not matching the module (see <see cref="Report"/>).</summary>
public sealed class WeightLoadException : Exception
{
    public WeightLoadException(string path, string message, Exception? inner = null) : base(message, inner) => Path = path;

    public WeightLoadException(WeightLoadReport report)
        : base(report.Describe() + "\nPass allowPartial: true to load the matching tensors anyway (the rest keep their random values).") =>
        (Path, Report) = (report.File, report);

    public string Path { get; }

    /// <summary>The comparison of file and module, when the file could be read.</summary>
    public WeightLoadReport? Report { get; }
}

/// <summary>Identifies the weights an encoder ran with, for feature-cache metadata.</summary>
public static class WeightsHash
{
    /// <summary>The first 16 hex digits of the file's SHA-256.</summary>
    public static string OfFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream))[..16];
    }

    /// <summary>For an encoder with random (seeded) weights: useful in tests and benchmarks only.</summary>
    public static string Random(int seed) => $"random-seed-{seed}";
}
