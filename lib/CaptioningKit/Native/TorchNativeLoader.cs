using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace CaptioningKit.Native;

/// <summary>What the loader found and did; shown by <c>doctor</c> and notebook 00.</summary>
public sealed record NativeStatus(
    string Platform,
    bool FixNeeded,
    bool FixApplied,
    string? ShippedLibrary,
    string? LoadedLibrary,
    string? LibTorchDirectory,
    IReadOnlyList<ElfFieldChange> Changes,
    string Reason,
    MklDispatch? Mkl = null,
    HugePages? HugePages = null);

/// <summary>
/// Makes TorchSharp's native library loadable before the first TorchSharp call, for every host (CLI, test host,
/// notebook kernel). On Debian 12 / Ubuntu 22.04 the shipped libLibTorchSharp.so asks for GLIBCXX_3.4.32, which their
/// libstdc++ lacks; only one never-called symbol needs it. The loader first tries the shipped file as it is; only if
/// that fails for that reason does it write a patched copy (see <see cref="ElfVersionPatcher"/>) into the kit's own cache
/// folder (never the NuGet folder), atomically, and load that copy. Safe to call many times and from several processes.
/// </summary>
public static class TorchNativeLoader
{
    public const string MissingVersion = "GLIBCXX_3.4.32";
    public static readonly string[] ExpectedSymbols = ["_ZSt21ios_base_library_initv"];

    static readonly Lock Gate = new();
    static NativeStatus? _status;

    /// <summary>The status of the first successful call in this process, or null if none was made.</summary>
    public static NativeStatus? Status => _status;

    public static NativeStatus EnsureLoaded(string? cacheDirectory = null)
    {
        lock (Gate)
        {
            return _status ??= Load(cacheDirectory ?? KitPaths.CacheDirectory);
        }
    }

    static NativeStatus Load(string cacheDirectory)
    {
        var platform = $"{RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture})";
        if (!OperatingSystem.IsLinux())
            return new NativeStatus(platform, false, false, null, null, null, [], "not Linux: TorchSharp loads as shipped");
        if (RuntimeInformation.ProcessArchitecture != Architecture.X64)
            throw new NativeSetupException(
                $"TorchSharp-cpu {TorchNativeFiles.TorchSharpVersion} ships Linux native libraries for x86-64 only; this process is {RuntimeInformation.ProcessArchitecture}. " +
                "Fix: run the kit on an x86-64 Linux machine, or on Windows/macOS.");

        var files = TorchNativeFiles.Locate();
        var hugePages = HugePageTensors.Apply(); // before libtorch: its allocator reads the switch once
        var mkl = MklVendorCheck.Apply(cacheDirectory); // before libtorch: its oneMKL must see the shim first
        foreach (var lib in TorchNativeFiles.LibTorchLibraries)
            LoadOrExplain(Path.Combine(files.LibTorchDirectory, lib), "a libtorch library");
        var libTorchCpuPath = Path.Combine(files.LibTorchDirectory, "libtorch_cpu.so");
        var libTorchCpu = NativeLibrary.Load(libTorchCpuPath); // loaded above: this only takes its handle
        FindOneDnnSwitchAndTurnOffNnpack(libTorchCpu, libTorchCpuPath);
        mkl = mkl with { KernelSet = MklVendorCheck.KernelSet(libTorchCpu) };

        string? shippedError = null;
        try
        {
            NativeLibrary.Load(files.TorchSharpLibrary);
            return new NativeStatus(platform, false, false, files.TorchSharpLibrary, files.TorchSharpLibrary, files.LibTorchDirectory, [],
                "the shipped library loads as it is", mkl, hugePages);
        }
        catch (DllNotFoundException e) { shippedError = e.Message; }

        if (!shippedError.Contains(MissingVersion, StringComparison.Ordinal))
            throw new NativeSetupException($"{files.TorchSharpLibrary} does not load: {shippedError}\n" +
                "Fix: check that TorchSharp-cpu and libtorch-cpu-linux-x64 were restored completely (delete their folders in the NuGet cache and restore again).");

        var (patchedPath, changes) = WritePatchedCopy(files.TorchSharpLibrary, cacheDirectory);
        LoadOrExplain(patchedPath, "the patched copy of libLibTorchSharp.so");
        return new NativeStatus(platform, true, true, files.TorchSharpLibrary, patchedPath, files.LibTorchDirectory, changes,
            $"the shipped library needs {MissingVersion}, which this libstdc++ lacks; loaded a copy with that version made weak", mkl, hugePages);
    }

    /// <summary>
    /// Writes (or reuses) the patched copy of <paramref name="shipped"/> in a folder named after the original's SHA-256,
    /// via a temporary file and an atomic rename, and returns its path and the field changes.
    /// </summary>
    public static (string Path, IReadOnlyList<ElfFieldChange> Changes) WritePatchedCopy(string shipped, string cacheDirectory)
    {
        var bytes = File.ReadAllBytes(shipped);
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes))[..16];
        var result = ElfVersionPatcher.Patch(bytes, shipped, MissingVersion, ExpectedSymbols);
        var dir = Path.Combine(cacheDirectory, "native", $"torchsharp-{TorchNativeFiles.TorchSharpVersion}-{hash}");
        var target = Path.Combine(dir, TorchNativeFiles.LibTorchSharpFileName);
        try
        {
            AtomicFile.WriteAllBytesUnlessSame(target, bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NativeSetupException(
                $"Could not write the patched TorchSharp library to {target}: {e.Message}\n" +
                $"Fix: make {cacheDirectory} writable, or point CAPTIONINGKIT_CACHE at a writable folder.", e);
        }
        return (target, result.Changes);
    }

    static unsafe delegate* unmanaged<IntPtr, byte, void> _setMkldnn;
    static IntPtr _context;

    /// <summary>
    /// Turns libtorch's oneDNN (mkldnn) convolutions on or off, as <c>torch.backends.mkldnn.enabled</c> does in Python.
    /// They are ON by default (three to five times faster than libtorch's own convolutions on 2 cores). libtorch 2.10's
    /// bundled oneDNN 3.7 computes wrong outputs (off by 0.1-0.6, never NaN) for a k x k convolution (k &gt; 1) whose input
    /// channels are more than 16 and not a multiple of 16 (17, 20, 33, 100, 130 ...; 1-16 and 32, 48, 64 ... are exact):
    /// the kit's encoders never run such a convolution on oneDNN (Encoder/SafeConv2d.cs pads the channels),
    /// and <c>OneDnnConvolutionTests</c> compares both paths for every channel count the kit uses. Tests flip this switch
    /// to compare; a host has no reason to.
    /// </summary>
    public static unsafe void SetOneDnn(bool enabled)
    {
        EnsureLoaded();
        if (_setMkldnn == null) throw new InvalidOperationException("oneDNN can only be switched where the kit loads libtorch itself (Linux x86-64).");
        _setMkldnn(_context, enabled ? (byte)1 : (byte)0);
    }

    /// <summary>
    /// Keeps the handle on libtorch's oneDNN switch (<see cref="SetOneDnn"/>) and turns NNPACK off
    /// (<c>torch.backends.nnpack.set_flags(False)</c>): on CPUs NNPACK does not support (most servers) libtorch logs
    /// "Could not initialize NNPACK! Reason: Unsupported hardware." on every convolution oneDNN does not take, which
    /// buries the CLI's and notebooks' output; so every machine runs the same convolution code.
    /// </summary>
    static unsafe void FindOneDnnSwitchAndTurnOffNnpack(IntPtr handle, string libTorchCpu)
    {
        if (!NativeLibrary.TryGetExport(handle, "_ZN2at13globalContextEv", out var context) ||
            !NativeLibrary.TryGetExport(handle, "_ZN2at7Context20setUserEnabledMkldnnEb", out var setEnabled))
            throw new NativeSetupException($"{libTorchCpu} does not export at::globalContext / setUserEnabledMkldnn, so the kit cannot switch oneDNN. Fix: use TorchSharp-cpu 0.107.0, the version the kit pins.");
        _context = ((delegate* unmanaged<IntPtr>)context)();
        _setMkldnn = (delegate* unmanaged<IntPtr, byte, void>)setEnabled;
        if (NativeLibrary.TryGetExport(handle, "_ZN2at7Context20setUserEnabledNNPACKEb", out var setNnpack))
            ((delegate* unmanaged<IntPtr, byte, void>)setNnpack)(_context, 0);
    }

    static void LoadOrExplain(string path, string what)
    {
        try { NativeLibrary.Load(path); }
        catch (DllNotFoundException e)
        {
            throw new NativeSetupException($"Could not load {what}, {path}: {e.Message}\n" +
                "Fix: restore the packages again (dotnet restore); if the error names a missing system library, install it with your package manager.", e);
        }
    }
}

/// <summary>TorchSharp's native libraries could not be set up; the message names the file and the fix.</summary>
public sealed class NativeSetupException(string message, Exception? inner = null) : Exception(message, inner);
