using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CaptioningKit.Encoder;

/// <summary>
/// Batch normalisation over (B, C, H, W), as nn.BatchNorm2d (same parameters and buffers by name: weight, bias,
/// running_mean, running_var, num_batches_tracked; eps 1e-5, momentum 0.1), without TorchSharp 0.107's
/// <c>num_batches_tracked.add_(1)</c>: that call hands libtorch the handles of two temporary Scalars the garbage collector
/// may free during the call, and a training run then died at random after some thousand steps ("For integral input
/// tensors, argument alpha must not be a floating point number" / "Unknown scalar type", twice in the 12-epoch shapes
/// demo). Here the count is raised by a tensor add with a Scalar kept alive across the call.
/// </summary>
public sealed class SafeBatchNorm2d : Module<Tensor, Tensor>
{
    const double Eps = 1e-5, Momentum = 0.1;

    readonly Parameter weight;
    readonly Parameter bias;
    readonly Tensor running_mean;
    readonly Tensor running_var;
    readonly Tensor num_batches_tracked;

    public SafeBatchNorm2d(int features) : base(nameof(SafeBatchNorm2d))
    {
        weight = new Parameter(ones(features));        // (C)
        bias = new Parameter(zeros(features));         // (C)
        running_mean = zeros(features);                // (C)
        running_var = ones(features);                  // (C)
        num_batches_tracked = tensor(0L);              // () int64
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        if (input.dim() != 4) throw new ArgumentException($"SafeBatchNorm2d expects (batch, channels, height, width), got {input.dim()} dimensions.");
        if (training)
        {
            using var noGrad = no_grad();
            var one = 1L.ToScalar();
            num_batches_tracked.add_(one, one); // () int64: the batch count nn.BatchNorm2d keeps
            GC.KeepAlive(one);                  // the Scalar lives until libtorch has read it
        }
        return functional.batch_norm(input, running_mean, running_var, weight, bias, training, Momentum, Eps); // (B, C, H, W)
    }
}
