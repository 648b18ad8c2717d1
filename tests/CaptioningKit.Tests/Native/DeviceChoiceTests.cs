using CaptioningKit.Native;
using TorchSharp;
using Xunit;

namespace CaptioningKit.Tests.Native;

public class DeviceChoiceTests
{
    [Theory]
    [InlineData("cpu", false, DeviceType.CPU)]
    [InlineData("auto", false, DeviceType.CPU)]
    [InlineData("auto", true, DeviceType.CUDA)]
    [InlineData(" CUDA ", true, DeviceType.CUDA)]
    [InlineData("cpu", true, DeviceType.CPU)]
    public void Resolves_the_request(string request, bool cuda, DeviceType expected)
    {
        Assert.Equal(expected, DeviceChoice.Resolve(request, () => cuda).type);
    }

    [Fact]
    public void Cuda_with_an_index()
    {
        var d = DeviceChoice.Resolve("cuda:1", () => true);
        Assert.Equal((DeviceType.CUDA, 1), (d.type, d.index));
    }

    [Fact]
    public void Cuda_requested_without_cuda_is_a_clear_error()
    {
        var e = Assert.Throws<ArgumentException>(() => DeviceChoice.Resolve("cuda", () => false));
        Assert.Contains("CUDA is not available", e.Message);
        Assert.Contains("--device cpu", e.Message);
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:x")]
    public void Unknown_requests_are_refused(string request)
    {
        Assert.Throws<ArgumentException>(() => DeviceChoice.Resolve(request, () => true));
    }

    [Fact]
    public void The_environment_variable_is_read_when_no_option_is_given()
    {
        var old = Environment.GetEnvironmentVariable(DeviceChoice.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(DeviceChoice.EnvironmentVariable, "cpu");
            Assert.Equal(DeviceType.CPU, DeviceChoice.Resolve(null, () => true).type);
        }
        finally { Environment.SetEnvironmentVariable(DeviceChoice.EnvironmentVariable, old); }
    }

    [SkippableFact]
    public void Tensors_move_to_cuda_when_it_is_available()
    {
        Skip.IfNot(torch.cuda.is_available(), "CUDA is not available on this machine (TorchSharp-cpu).");
        using var t = torch.ones(2, device: DeviceChoice.Resolve("cuda"));
        Assert.Equal(DeviceType.CUDA, t.device_type);
    }
}
