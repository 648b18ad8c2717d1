using System.Runtime.InteropServices;
using TorchSharp;

namespace CaptioningKit.Native;

/// <summary>One line of the doctor's report: what was checked, what was found, and how to fix it when it is wrong.</summary>
public sealed record DoctorCheck(string Name, string Value, bool Ok, string? Hint = null);

/// <summary>
/// Checks that this machine can run the kit and says how to fix what it cannot: OS, libstdc++, the TorchSharp fix,
/// TorchSharp/libtorch, the device, ImageSharp, the data folder and its free disk. Used by the CLI's <c>doctor</c>.
/// </summary>
public static class Doctor
{
    /// <summary>Below this much free space in the data folder, doctor warns (Flickr8k alone is about 1 GB zipped).</summary>
    public const long MinimumFreeBytes = 2L << 30;

    public static IReadOnlyList<DoctorCheck> Run(string? dataDirectory = null, string? device = null)
    {
        var checks = new List<DoctorCheck>
        {
            new("OS", $"{RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture}), .NET {Environment.Version}", true),
        };
        var libstdcxx = LibStdCxx.Find();
        checks.Add(new("libstdc++", libstdcxx is null ? "not found (not Linux)" : $"{libstdcxx.NewestVersion} ({libstdcxx.Path})", true));

        NativeStatus? status = null;
        try
        {
            status = Kit.Initialize(device);
            checks.Add(new("TorchSharp fix", status.FixNeeded ? $"needed and applied: {status.LoadedLibrary}" : $"not needed ({status.Reason})", true));
            if (status.HugePages is { } pages) checks.Add(new("Tensor memory", pages.Reason, true));
            if (status.Mkl is { } mkl)
            {
                var failed = mkl.Applied && mkl.KernelSet == 0; // the shim is loaded but oneMKL still runs its generic code
                checks.Add(new("oneMKL kernels", $"kernel set {mkl.KernelSet?.ToString() ?? "unknown"}{(mkl.KernelSet == 0 ? " (generic)" : "")}: {mkl.Reason}", !failed,
                    failed ? $"oneMKL ignored {mkl.ShimPath}: matrix products run at its generic speed. Fix: report this with the doctor output; set {MklVendorCheck.EnvironmentVariable}=keep to silence it." : null));
            }
            using var sum = torch.ones(2, 2).sum();
            var ok = sum.item<float>() == 4f;
            checks.Add(new("TorchSharp", $"{InformationalVersion(typeof(torch).Assembly)} with libtorch {TorchNativeFiles.LibTorchVersion}; ones(2,2).sum() = {sum.item<float>()}", ok,
                ok ? null : "torch computed a wrong result: reinstall the packages (delete the torchsharp and libtorch-cpu-* folders in the NuGet cache, then dotnet restore)."));
            checks.Add(new("Device", $"{Kit.Device} (CUDA available: {torch.cuda.is_available()}; override with --device or {DeviceChoice.EnvironmentVariable}); torch threads {torch.get_num_threads()}, cores {Environment.ProcessorCount}", true));
        }
        catch (Exception e) when (e is NativeSetupException or ArgumentException or DllNotFoundException or TypeInitializationException)
        {
            checks.Add(new("TorchSharp", "does not load", false, e.Message));
        }

        checks.Add(new("ImageSharp", InformationalVersion(typeof(SixLabors.ImageSharp.Image).Assembly), true));

        var data = Path.GetFullPath(dataDirectory ?? KitPaths.DataDirectory);
        checks.Add(DataFolder(data));
        return checks;
    }

    /// <summary>The package version an assembly was built as (its informational version without the commit hash).</summary>
    public static string InformationalVersion(System.Reflection.Assembly assembly) =>
        (assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false).FirstOrDefault()
            as System.Reflection.AssemblyInformationalVersionAttribute)?.InformationalVersion.Split('+')[0]
        ?? assembly.GetName().Version?.ToString() ?? "unknown";

    static DoctorCheck DataFolder(string data)
    {
        try
        {
            Directory.CreateDirectory(data);
            var probe = Path.Combine(data, $".doctor-{Environment.ProcessId}.tmp");
            File.WriteAllText(probe, "ok");
            File.Delete(probe);
            var free = new DriveInfo(Path.GetPathRoot(data)!).AvailableFreeSpace;
            var text = $"{data} (writable, {free / (1L << 30):N1} GiB free)";
            return free >= MinimumFreeBytes
                ? new("Data folder", text, true)
                : new("Data folder", text, false, $"Less than {MinimumFreeBytes >> 30} GiB free: free some space or point --data-dir / CAPTIONINGKIT_DATA at a larger disk.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new("Data folder", data, false, $"Not writable ({e.Message}). Fix: choose another folder with --data-dir or CAPTIONINGKIT_DATA.");
        }
    }
}
