using static TorchSharp.torch;

namespace CaptioningKit.Decoder;

/// <summary>How a caption becomes a teacher-forcing pair: the decoder reads tokens 0..T-2 and must predict 1..T-1.</summary>
public static class TeacherForcing
{
    /// <param name="captions">(batch, T) int64: &lt;start&gt; w1 ... wn &lt;end&gt; &lt;pad&gt;...</param>
    /// <returns>inputs (batch, T-1) without the last token and targets (batch, T-1) without &lt;start&gt;.</returns>
    public static (Tensor Inputs, Tensor Targets) Split(Tensor captions)
    {
        var length = captions.shape[1];
        var inputs = captions.narrow(1, 0, length - 1); // (batch, T-1)
        var targets = captions.narrow(1, 1, length - 1); // (batch, T-1)
        return (inputs, targets);
    }
}
