using CaptioningKit.Encoder;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace CaptioningKit.Tests.Encoder;

/// <summary>The kit's batch norm is nn.BatchNorm2d without TorchSharp's unsafe Scalar temporaries: same state, same numbers.</summary>
public class SafeBatchNorm2dTests
{
    [Fact]
    public void Same_state_dict_names_and_the_same_outputs_and_running_statistics_as_nn_BatchNorm2d()
    {
        Kit.Initialize();
        using var scope = NewDisposeScope();
        var reference = nn.BatchNorm2d(6);
        var safe = new SafeBatchNorm2d(6);
        Assert.Equal(reference.state_dict().Keys.Order(), safe.state_dict().Keys.Order());

        var generator = new Generator(11);
        for (int step = 0; step < 3; step++)
        {
            var x = randn([4, 6, 5, 7], generator: generator) * 3 + 1; // (B, C, H, W)
            var expected = reference.call(x);
            var actual = safe.call(x);
            Assert.True(allclose(expected, actual, rtol: 1e-5, atol: 1e-6), $"training output differs at step {step}");
        }
        foreach (var name in new[] { "running_mean", "running_var" })
            Assert.True(allclose(reference.state_dict()[name], safe.state_dict()[name], rtol: 1e-5, atol: 1e-6), $"{name} differs");
        Assert.Equal(3L, safe.state_dict()["num_batches_tracked"].item<long>());
        Assert.Equal(reference.state_dict()["num_batches_tracked"].item<long>(), safe.state_dict()["num_batches_tracked"].item<long>());

        reference.eval();
        safe.eval();
        var probe = randn([2, 6, 3, 3], generator: generator); // (B, C, H, W)
        Assert.True(allclose(reference.call(probe), safe.call(probe), rtol: 1e-5, atol: 1e-6), "evaluation output differs");
        Assert.Equal(3L, safe.state_dict()["num_batches_tracked"].item<long>()); // not counted in eval mode
    }

    [Fact]
    public void A_thousand_training_steps_under_garbage_collection_pressure_never_corrupt_the_count()
    {
        Kit.Initialize();
        var bn = new SafeBatchNorm2d(4);
        var x = randn(8, 4, 4, 4); // (B, C, H, W)
        for (int step = 0; step < 1000; step++)
        {
            using var scope = NewDisposeScope();
            bn.call(x);
            if (step % 50 == 0) { GC.Collect(); GC.WaitForPendingFinalizers(); }
        }
        Assert.Equal(1000L, bn.state_dict()["num_batches_tracked"].item<long>());
    }
}
