using System.Runtime.InteropServices;
using CaptioningKit.Native;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace CaptioningKit.Tests.Native;

/// <summary>
/// The oneMKL vendor-check shim: the ELF the kit writes loads and answers 1, the process that loaded libtorch has it
/// (on a non-Intel CPU) and oneMKL then leaves its generic kernels, and products stay right with it in place.
/// </summary>
public class MklVendorCheckTests
{
    [Fact]
    public unsafe void TheShimLoadsAndItsOneFunctionReturnsOne()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != System.Runtime.InteropServices.Architecture.X64) return;
        var dir = Directory.CreateTempSubdirectory("ck-mkl-shim-");
        try
        {
            var path = MklVendorCheck.WriteShim(dir.FullName);
            Assert.Equal(560, new FileInfo(path).Length);
            Assert.Equal(path, MklVendorCheck.WriteShim(dir.FullName)); // an identical file is reused, not rewritten
            var handle = NativeLibrary.Load(path);                      // dlopen: ld.so accepts the headers and hash table
            var function = (delegate* unmanaged<int>)NativeLibrary.GetExport(handle, MklVendorCheck.Symbol);
            Assert.Equal(1, function());
            Assert.False(NativeLibrary.TryGetExport(handle, "mkl_serv_intel_cpu", out _)); // exports that one name only
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public void TheLoaderAppliesItOnNonIntelCpusAndOneMklLeavesItsGenericKernels()
    {
        var status = TorchNativeLoader.EnsureLoaded();
        if (!OperatingSystem.IsLinux()) { Assert.Null(status.Mkl); return; }
        var mkl = Assert.IsType<MklDispatch>(status.Mkl);
        Assert.Equal(MklVendorCheck.CpuVendor(), mkl.CpuVendor);
        var keep = string.Equals(Environment.GetEnvironmentVariable(MklVendorCheck.EnvironmentVariable), "keep", StringComparison.OrdinalIgnoreCase);
        var expected = mkl.CpuVendor != "GenuineIntel" && !keep;
        Assert.Equal(expected, mkl.Applied);
        Assert.NotNull(mkl.KernelSet);
        if (mkl.Applied) Assert.True(mkl.KernelSet > 0, $"oneMKL still runs its generic kernels (set {mkl.KernelSet}) with {mkl.ShimPath} loaded");
    }

    [Fact]
    public void KeepLeavesOneMklAlone()
    {
        var before = Environment.GetEnvironmentVariable(MklVendorCheck.EnvironmentVariable);
        var dir = Directory.CreateTempSubdirectory("ck-mkl-keep-");
        try
        {
            Environment.SetEnvironmentVariable(MklVendorCheck.EnvironmentVariable, "keep");
            var result = MklVendorCheck.Apply(dir.FullName);
            Assert.False(result.Applied);
            Assert.Empty(dir.GetFileSystemInfos()); // nothing written
        }
        finally
        {
            Environment.SetEnvironmentVariable(MklVendorCheck.EnvironmentVariable, before);
            dir.Delete(recursive: true);
        }
    }

    /// <summary>Products through oneMKL's chosen kernels (sgemm, transposed operands, batched, odd sizes) against float64.</summary>
    [Theory]
    [InlineData(1, 1, 1, false, false)]
    [InlineData(7, 13, 5, false, false)]
    [InlineData(33, 65, 17, true, false)]
    [InlineData(64, 512, 96, false, true)]
    [InlineData(130, 257, 129, true, true)]
    public void ProductsMatchAFloat64Reference(int m, int k, int n, bool transposeA, bool transposeB)
    {
        Kit.Initialize();
        using var scope = NewDisposeScope();
        var generator = new Generator((ulong)(12345 + m));
        var a = transposeA ? randn(k, m, generator: generator).t() : randn(m, k, generator: generator); // (m, k)
        var b = transposeB ? randn(n, k, generator: generator).t() : randn(k, n, generator: generator); // (k, n)
        var product = mm(a, b);                                                                          // (m, n)
        var batched = bmm(a.unsqueeze(0).expand(3, m, k), b.unsqueeze(0).expand(3, k, n));            // (3, m, n)

        var av = a.contiguous().data<float>().ToArray();
        var bv = b.contiguous().data<float>().ToArray();
        var pv = product.data<float>().ToArray();
        var bpv = batched.contiguous().data<float>().ToArray();
        for (var i = 0; i < m; i++)
        for (var j = 0; j < n; j++)
        {
            double sum = 0, magnitude = 0;
            for (var t = 0; t < k; t++) { sum += (double)av[i * k + t] * bv[t * n + j]; magnitude += Math.Abs((double)av[i * k + t] * bv[t * n + j]); }
            var tolerance = 1e-5 * magnitude + 1e-6;
            Assert.True(Math.Abs(pv[i * n + j] - sum) <= tolerance, $"mm {m}x{k}x{n} [{i},{j}]: {pv[i * n + j]} vs {sum}");
            Assert.True(Math.Abs(bpv[2 * m * n + i * n + j] - sum) <= tolerance, $"bmm {m}x{k}x{n} [{i},{j}]: {bpv[2 * m * n + i * n + j]} vs {sum}");
        }
    }
}
