using System.Security.Cryptography;
using CaptioningKit.Native;
using Xunit;

namespace CaptioningKit.Tests.Native;

/// <summary>The patcher, on copies of the real libLibTorchSharp.so of TorchSharp 0.107.0.</summary>
public class ElfVersionPatcherTests
{
    static byte[] Original() => File.ReadAllBytes(TorchNativeFiles.Locate().TorchSharpLibrary);

    static ElfPatchResult Patch(byte[] bytes) =>
        ElfVersionPatcher.Patch(bytes, "libLibTorchSharp.so", TorchNativeLoader.MissingVersion, TorchNativeLoader.ExpectedSymbols);

    [Fact]
    public void Changes_exactly_the_version_flag_and_the_one_symbol_version()
    {
        var original = Original();
        var patched = (byte[])original.Clone();
        var result = Patch(patched);

        Assert.False(result.AlreadyPatched);
        Assert.Equal(18, result.VersionIndex);
        Assert.Equal(["_ZSt21ios_base_library_initv"], result.Symbols);
        Assert.Collection(result.Changes,
            flag => Assert.Equal((0x3FA34L, (ushort)0, (ushort)2), (flag.FileOffset, flag.OldValue, flag.NewValue)),
            sym => Assert.Equal((0x3E372L, (ushort)18, (ushort)1), (sym.FileOffset, sym.OldValue, sym.NewValue)));

        var differing = Enumerable.Range(0, original.Length).Where(i => original[i] != patched[i]).ToArray();
        Assert.Equal([0x3FA34, 0x3E372], differing.OrderDescending().ToArray());
        var needed = ElfVersionPatcher.NeededVersions(patched, "patched");
        Assert.Contains(("GLIBCXX_3.4.32", true), needed);
        Assert.DoesNotContain(needed, v => v.Version == "GLIBCXX_3.4.31" && v.Weak);
    }

    [Fact]
    public void Second_run_is_a_no_op()
    {
        var bytes = Original();
        Patch(bytes);
        var once = (byte[])bytes.Clone();
        var again = Patch(bytes);
        Assert.True(again.AlreadyPatched);
        Assert.Empty(again.Changes);
        Assert.Equal(once, bytes);
    }

    [Fact]
    public void Refuses_a_file_that_is_not_elf()
    {
        var e = Assert.Throws<NativeSetupException>(() => Patch(new byte[4096]));
        Assert.Contains("libLibTorchSharp.so: not an ELF file", e.Message);
    }

    [Fact]
    public void Refuses_another_architecture()
    {
        var bytes = Original();
        bytes[18] = 0xB7; // EM_AARCH64
        var e = Assert.Throws<NativeSetupException>(() => Patch(bytes));
        Assert.Contains("not x86-64", e.Message);
    }

    [Fact]
    public void Refuses_a_truncated_file()
    {
        var bytes = Original()[..100_000];
        var e = Assert.Throws<NativeSetupException>(() => Patch(bytes));
        Assert.Contains("truncated or corrupt", e.Message);
    }

    [Fact]
    public void Refuses_a_library_without_the_expected_version_entry()
    {
        var libc10 = File.ReadAllBytes(Path.Combine(TorchNativeFiles.Locate().LibTorchDirectory, "libc10.so"));
        var e = Assert.Throws<NativeSetupException>(() => Patch(libc10));
        Assert.Contains("expected exactly one needed-version entry GLIBCXX_3.4.32", e.Message);
    }

    [Fact]
    public void Refuses_when_other_symbols_use_the_version()
    {
        var bytes = Original();
        var e = Assert.Throws<NativeSetupException>(() =>
            ElfVersionPatcher.Patch(bytes, "lib", "GLIBCXX_3.4.21", TorchNativeLoader.ExpectedSymbols));
        Assert.Contains("expected only [_ZSt21ios_base_library_initv]", e.Message);
    }

    [Fact]
    public async Task Concurrent_callers_all_get_the_same_verified_copy()
    {
        var cache = Directory.CreateTempSubdirectory("ck-native-").FullName;
        try
        {
            var shipped = TorchNativeFiles.Locate().TorchSharpLibrary;
            var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => TorchNativeLoader.WritePatchedCopy(shipped, cache))));
            Assert.Single(results.Select(r => r.Path).Distinct());
            var expected = Original();
            Patch(expected);
            Assert.Equal(expected, File.ReadAllBytes(results[0].Path));
            Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(results[0].Path)!, "*.tmp"));
            Assert.All(results, r => Assert.Equal(2, r.Changes.Count));
        }
        finally { Directory.Delete(cache, recursive: true); }
    }

    [Fact]
    public void A_corrupted_cached_copy_is_replaced()
    {
        var cache = Directory.CreateTempSubdirectory("ck-native-").FullName;
        try
        {
            var shipped = TorchNativeFiles.Locate().TorchSharpLibrary;
            var (path, _) = TorchNativeLoader.WritePatchedCopy(shipped, cache);
            File.WriteAllBytes(path, [1, 2, 3]);
            var (again, _) = TorchNativeLoader.WritePatchedCopy(shipped, cache);
            var expected = Original();
            Patch(expected);
            Assert.Equal(expected, File.ReadAllBytes(again));
        }
        finally { Directory.Delete(cache, recursive: true); }
    }

    [Fact]
    public void The_NuGet_cache_copy_is_byte_for_byte_the_one_in_the_package()
    {
        var nugetFile = KitPaths.NuGetPackageFolders()
            .Select(r => Path.Combine(r, "torchsharp", TorchNativeFiles.TorchSharpVersion, "runtimes", "linux-x64", "native", TorchNativeFiles.LibTorchSharpFileName))
            .First(File.Exists);
        var nupkg = Path.Combine(Path.GetDirectoryName(nugetFile)!, "..", "..", "..", $"torchsharp.{TorchNativeFiles.TorchSharpVersion}.nupkg");
        using var zip = System.IO.Compression.ZipFile.OpenRead(nupkg);
        using var entry = zip.GetEntry("runtimes/linux-x64/native/libLibTorchSharp.so")!.Open();
        Assert.Equal(Convert.ToHexString(SHA256.HashData(entry)), Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(nugetFile))));
    }
}
