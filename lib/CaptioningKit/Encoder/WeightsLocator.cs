namespace CaptioningKit.Encoder;

/// <summary>
/// Finds a weights file: an explicit path wins; otherwise the folder in $CAPTIONINGKIT_WEIGHTS is searched for the
/// torchvision file name (e.g. resnet50-11ad3fa6.pth), then any resnet50*.pth / resnet50*.safetensors.
/// These machines cannot download; fetch the file elsewhere from <see cref="ResNetSpec.DownloadUrl"/>.
/// </summary>
public static class WeightsLocator
{
    public const string EnvironmentVariable = "CAPTIONINGKIT_WEIGHTS";

    /// <summary>The path to use, or a <see cref="WeightLoadException"/> that says where to get the file.</summary>
    public static string Resolve(ResNetSpec spec, string? explicitPath = null, string? folder = null)
    {
        if (!string.IsNullOrEmpty(explicitPath))
            return File.Exists(explicitPath) ? explicitPath
                : throw new WeightLoadException(explicitPath, $"The weights file '{explicitPath}' does not exist.");
        folder ??= Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(folder) && Directory.Exists(folder))
        {
            if (spec.TorchvisionFileName is { } exact && File.Exists(Path.Combine(folder, exact))) return Path.Combine(folder, exact);
            var any = Directory.EnumerateFiles(folder, spec.Name + "*")
                .Where(f => f.EndsWith(".pth") || f.EndsWith(".pt") || f.EndsWith(".safetensors"))
                .Where(f => !char.IsDigit(Path.GetFileName(f).ElementAtOrDefault(spec.Name.Length))) // resnet50 must not match resnet501
                .OrderBy(f => f, StringComparer.Ordinal).FirstOrDefault();
            if (any is not null) return any;
        }
        throw new WeightLoadException(folder ?? "",
            $"No weights for {spec.Name}: pass a path (--weights), or put {spec.TorchvisionFileName ?? spec.Name + ".pth"} in the folder named by ${EnvironmentVariable}" +
            (string.IsNullOrEmpty(folder) ? " (not set)" : $" (now '{folder}')") +
            $". Download it on a machine with internet from {spec.DownloadUrl ?? "the model's publisher"}.");
    }
}
