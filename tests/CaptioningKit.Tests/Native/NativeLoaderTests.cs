using CaptioningKit.Native;
using TorchSharp;
using Xunit;

namespace CaptioningKit.Tests.Native;

public class NativeLoaderTests
{
    [Fact]
    public void Torch_trains_a_step_after_initialize()
    {
        var status = Kit.Initialize();
        Assert.NotNull(status.LoadedLibrary);
        using var scope = torch.NewDisposeScope();
        var w = torch.zeros(3, requires_grad: true);
        var loss = (w - torch.tensor(new float[] { 1, 2, 3 })).pow(2).sum();
        loss.backward();
        Assert.Equal(new float[] { -2, -4, -6 }, w.grad!.data<float>().ToArray());
    }

    [Fact]
    public void The_fix_is_applied_only_where_the_system_libstdcxx_lacks_the_version()
    {
        var status = Kit.Initialize();
        var lib = LibStdCxx.Find();
        Assert.NotNull(lib);
        var level = int.Parse(lib!.NewestVersion!.Split('.').Last());
        Assert.Equal(level < 32, status.FixNeeded);
        if (status.FixNeeded)
        {
            Assert.StartsWith(Path.GetFullPath(KitPaths.CacheDirectory), status.LoadedLibrary);
            Assert.NotEqual(status.ShippedLibrary, status.LoadedLibrary);
        }
    }

    [Fact]
    public void Initialize_twice_returns_the_same_status()
    {
        Assert.Same(Kit.Initialize(), Kit.Initialize());
    }

    [Fact]
    public void Libstdcxx_level_is_read_from_the_version_strings()
    {
        var image = System.Text.Encoding.ASCII.GetBytes("xx\0GLIBCXX_3.4\0GLIBCXX_3.4.9\0GLIBCXX_3.4.30\0GLIBCXX_3.4.29\0");
        Assert.Equal("GLIBCXX_3.4.30", LibStdCxx.NewestGlibcxx(image));
        Assert.Null(LibStdCxx.NewestGlibcxx("nothing here"u8.ToArray()));
    }

    [Fact]
    public void Doctor_reports_every_check_healthy_here()
    {
        var checks = Doctor.Run(Directory.CreateTempSubdirectory("ck-doctor-").FullName);
        Assert.All(checks, c => Assert.True(c.Ok, $"{c.Name}: {c.Value} {c.Hint}"));
        Assert.Contains(checks, c => c.Name == "ImageSharp" && c.Value == "2.1.13");
        Assert.Contains(checks, c => c.Name == "TorchSharp" && c.Value.StartsWith("0.107.0"));
    }

    [Fact]
    public void Doctor_flags_an_unwritable_data_folder()
    {
        var file = Path.GetTempFileName(); // a file where a folder is expected
        var check = Doctor.Run(Path.Combine(file, "data")).Single(c => c.Name == "Data folder");
        Assert.False(check.Ok);
        Assert.Contains("--data-dir", check.Hint);
    }
}
