using CaptioningKit;
using TorchSharp;
using Xunit;

namespace CaptioningKit.Tests;

public class TorchLoadsTests
{
    [Fact]
    public void Torch_computes_after_initialize()
    {
        var status = Kit.Initialize();
        using var t = torch.ones(2, 2);
        Assert.Equal(4f, t.sum().item<float>());
        Assert.NotNull(status.LoadedLibrary);
    }
}
