using static TorchSharp.torch;

namespace CaptioningKit.Attention;

/// <summary>
/// Show, Attend and Tell's "doubly stochastic" attention penalty. At each step the weights sum to 1 over the pixels
/// (softmax); the penalty also pushes every pixel's weights, summed over the steps, towards 1, so that over a whole
/// caption the decoder looks at every part of the image rather than staring at one spot:
/// <code>penalty = lambda * mean over (batch, pixels) of (1 - sum_t alpha_{t,i})^2</code>
/// The trainer adds it to the cross-entropy loss.
/// </summary>
public static class DoublyStochasticRegularization
{
    /// <param name="weights">(batch, steps, pixels) attention weights from a teacher-forced pass.</param>
    /// <param name="lambda">weight of the penalty (Show, Attend and Tell used 1).</param>
    /// <param name="stepMask">optional (batch, steps) bool, true on real (non-pad) steps; padded steps don't count.</param>
    /// <returns>a scalar tensor.</returns>
    public static Tensor Penalty(Tensor weights, double lambda, Tensor? stepMask = null)
    {
        if (stepMask is not null) weights = weights * stepMask.unsqueeze(2).to_type(weights.dtype); // (batch, steps, pixels)
        var perPixel = weights.sum(1); // (batch, pixels)
        return (1.0 - perPixel).pow(2).mean() * lambda; // scalar
    }
}
