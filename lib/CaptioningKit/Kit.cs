using CaptioningKit.Native;
using TorchSharp;

namespace CaptioningKit;

/// <summary>
/// The kit's one entry point. Every host calls <see cref="Initialize"/> first (the CLI, the test host, a notebook's
/// first cell): it makes TorchSharp's native library load on this machine and picks the device once.
/// </summary>
public static class Kit
{
    /// <summary>Set by the notebook test (and by anyone in a hurry) to shrink every notebook's work to seconds.</summary>
    public const string QuickEnvironmentVariable = "CAPTIONINGKIT_QUICK";

    static torch.Device? _device;

    /// <summary>True when <see cref="QuickEnvironmentVariable"/> is 1/true: notebooks use tiny settings.</summary>
    public static bool Quick => Environment.GetEnvironmentVariable(QuickEnvironmentVariable) is "1" or "true" or "TRUE" or "True";

    /// <summary>The device chosen at <see cref="Initialize"/>.</summary>
    public static torch.Device Device => _device ?? throw new InvalidOperationException("Call Kit.Initialize() first.");

    /// <summary>
    /// Loads TorchSharp's native libraries (patching a copy where this system's libstdc++ is too old) and picks the
    /// device: <paramref name="device"/> if given, else $CAPTIONINGKIT_DEVICE, else CUDA when available, else CPU.
    /// Calling it again returns the same status; a different device request changes the device.
    /// </summary>
    public static NativeStatus Initialize(string? device = null)
    {
        var status = TorchNativeLoader.EnsureLoaded();
        if (_device is null || device is not null) _device = DeviceChoice.Resolve(device);
        return status;
    }
}
