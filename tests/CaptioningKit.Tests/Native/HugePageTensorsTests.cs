using CaptioningKit.Native;
using Xunit;
using static TorchSharp.torch;

namespace CaptioningKit.Tests.Native;

/// <summary>The kit turns on libtorch's huge-page allocation before libtorch loads, and libtorch honours it.</summary>
public class HugePageTensorsTests
{
    const long TwoMegabytes = 2L << 20;

    /// <summary>The "THPeligible" flag of the mapping in /proc/self/smaps that holds <paramref name="address"/>.</summary>
    static bool HugePageEligible(long address)
    {
        var inside = false;
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            var dash = line.IndexOf('-');
            if (dash > 0 && line.Length > dash + 1 && Uri.IsHexDigit(line[0]) && line.IndexOf(' ') > dash)
            {
                var start = Convert.ToInt64(line[..dash], 16);
                var end = Convert.ToInt64(line[(dash + 1)..line.IndexOf(' ')], 16);
                inside = start <= address && address < end;
            }
            else if (inside && line.StartsWith("THPeligible:", StringComparison.Ordinal))
                return line.EndsWith('1');
        }
        return false;
    }

    [Fact]
    public void LargeTensorsAreAlignedForHugePagesWhenTheSwitchIsOn()
    {
        var status = Kit.Initialize();
        if (!OperatingSystem.IsLinux()) { Assert.Null(status.HugePages); return; }
        var pages = Assert.IsType<HugePages>(status.HugePages);
        Assert.Equal(HugePageTensors.KernelMode(), pages.KernelMode);
        var preset = pages.Reason.Contains("was set before the kit started", StringComparison.Ordinal);
        if (!preset) Assert.True(pages.Applied, pages.Reason);

        // With THP_MEM_ALLOC_ENABLE=1 read, libtorch's CPU allocator page-aligns every block of 2 MB or more and marks it
        // with madvise(MADV_HUGEPAGE), which /proc/self/smaps shows as "THPeligible: 1" on the block's mapping when the
        // kernel's mode is 'madvise'. Without it a block is 64-byte aligned: glibc puts a 16-byte header before a mapped
        // block, so none of eight lands on a page boundary.
        var tensors = Enumerable.Range(0, 8).Select(i => empty(3 * TwoMegabytes / 4 + i * 1000, ScalarType.Float32)).ToList();
        try
        {
            var addresses = tensors.Select(t => (long)t.storage<float>().data_ptr()).ToList();
            var pageAligned = addresses.Count(a => a % 4096 == 0);
            var listed = string.Join(", ", addresses.Select(a => $"0x{a:X}"));
            if (!pages.Applied) { Assert.True(pageAligned < tensors.Count, $"blocks are page aligned although the switch is off: {listed}"); return; }
            Assert.True(pageAligned == tensors.Count, $"not page aligned, so libtorch did not read the switch: {listed}");
            if (pages.KernelMode == "madvise")
                foreach (var a in addresses)
                    Assert.True(HugePageEligible(a), $"the mapping of block 0x{a:X} is not marked for huge pages (THPeligible)");
        }
        finally { tensors.ForEach(t => t.Dispose()); }
    }
}
