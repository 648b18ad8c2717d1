using System.Runtime.InteropServices;

namespace CaptioningKit.Native;

/// <summary>What <see cref="HugePageTensors.Apply"/> found and did; one line of <c>doctor</c>.</summary>
public sealed record HugePages(bool Applied, string KernelMode, string Reason);

/// <summary>
/// Every large tensor libtorch makes is fresh memory from the kernel (glibc maps anything above 32 MB on its own and
/// unmaps it on free), which the kernel zero-fills one 4 KB page fault at a time. A ResNet-18 forward on 32 images at
/// 224x224 makes a 103 MB tensor after its first convolution, and measured on 2 cores the forward spent more time in
/// such faults than in its convolutions (oneDNN's own timings added up to less than half of the wall time).
///
/// libtorch has a switch for this, read once from the environment by its CPU allocator (c10/core/alloc_cpu.cpp):
/// <c>THP_MEM_ALLOC_ENABLE=1</c> page-aligns every allocation of 2 MB or more and asks the kernel for transparent
/// huge pages there (<c>madvise(MADV_HUGEPAGE)</c>), so a fault brings in 2 MB instead of 4 KB. The kit sets it in the
/// process environment (the C library's, which libtorch reads) before it loads libtorch, unless it is already set:
/// <c>THP_MEM_ALLOC_ENABLE=0</c> keeps 4 KB pages. It only helps where the kernel's transparent huge pages are
/// <c>madvise</c> or <c>always</c> (/sys/kernel/mm/transparent_hugepage/enabled; most distributions); with
/// <c>never</c> it changes nothing. Measured (bench/README.md): the encoder stage 15 -> 42 images/s.
/// </summary>
public static class HugePageTensors
{
    public const string Variable = "THP_MEM_ALLOC_ENABLE";
    public const string KernelSetting = "/sys/kernel/mm/transparent_hugepage/enabled";

    /// <summary>The kernel's transparent huge page mode (the bracketed word of <see cref="KernelSetting"/>), or "unknown".</summary>
    public static string KernelMode()
    {
        try
        {
            var text = File.ReadAllText(KernelSetting);
            int open = text.IndexOf('['), close = text.IndexOf(']');
            return open >= 0 && close > open ? text[(open + 1)..close] : "unknown";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return "unknown"; }
    }

    /// <summary>Sets libtorch's switch for this process unless it is set already. Call before libtorch is loaded.</summary>
    public static HugePages Apply()
    {
        if (!OperatingSystem.IsLinux()) return new(false, "n/a", "not Linux: libtorch's own default");
        var mode = KernelMode();
        var existing = Marshal.PtrToStringUTF8(getenv(Variable));
        if (existing is not null)
            return new(existing == "1", mode, $"{Variable}={existing} was set before the kit started: left as it is");
        if (setenv(Variable, "1", 0) != 0)
            return new(false, mode, $"could not set {Variable}: libtorch's own default (4 KB pages)");
        return mode == "never"
            ? new(true, mode, $"{Variable}=1, but this kernel's transparent huge pages are 'never', so tensors stay on 4 KB pages")
            : new(true, mode, $"{Variable}=1: tensors of 2 MB or more on transparent huge pages (kernel mode '{mode}'; set {Variable}=0 to undo)");
    }

    [DllImport("libc.so.6")] static extern IntPtr getenv(string name);
    [DllImport("libc.so.6")] static extern int setenv(string name, string value, int overwrite);
}
