using TorchSharp;

namespace CaptioningKit.Native;

/// <summary>
/// Chooses the torch device once, at start-up: "auto" (the default) takes CUDA when <c>torch.cuda.is_available()</c>,
/// else the CPU; "cpu", "cuda" or "cuda:N" force one. The request comes from the CLI option <c>--device</c>, else from
/// the environment variable <see cref="EnvironmentVariable"/>. The chosen device is then passed down; nothing deeper
/// decides again.
/// </summary>
public static class DeviceChoice
{
    public const string EnvironmentVariable = "CAPTIONINGKIT_DEVICE";

    public static torch.Device Resolve(string? requested, Func<bool>? cudaAvailable = null)
    {
        cudaAvailable ??= torch.cuda.is_available;
        var text = (requested ?? Environment.GetEnvironmentVariable(EnvironmentVariable) ?? "auto").Trim().ToLowerInvariant();
        if (text is "" or "auto") return cudaAvailable() ? new torch.Device(DeviceType.CUDA) : new torch.Device(DeviceType.CPU);
        if (text == "cpu") return new torch.Device(DeviceType.CPU);
        if (text == "cuda" || text.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!cudaAvailable())
                throw new ArgumentException(
                    $"Device '{text}' was requested (--device or {EnvironmentVariable}) but CUDA is not available here: the kit uses TorchSharp-cpu. " +
                    "Fix: use --device cpu (or auto), or reference a CUDA build of TorchSharp on a machine with an NVIDIA GPU.");
            return text == "cuda" ? new torch.Device(DeviceType.CUDA) : new torch.Device(DeviceType.CUDA, ParseIndex(text));
        }
        throw new ArgumentException($"Unknown device '{requested}'. Use auto, cpu, cuda or cuda:N (--device or {EnvironmentVariable}).");
    }

    static int ParseIndex(string text) =>
        int.TryParse(text.AsSpan(5), out var i) && i >= 0 ? i : throw new ArgumentException($"Bad CUDA device index in '{text}'; use cuda:0, cuda:1, ...");
}
