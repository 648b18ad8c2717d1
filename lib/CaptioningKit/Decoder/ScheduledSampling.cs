using static TorchSharp.torch;

namespace CaptioningKit.Decoder;

/// <summary>
/// Scheduled sampling (Bengio et al., 2015): during teacher-forced training, with probability
/// <see cref="Probability"/> per row and step, feed the decoder its own previous prediction (the argmax of the last
/// logits) instead of the true previous word, so that training looks more like inference. The first step always
/// reads the true &lt;start&gt;.
/// </summary>
/// <param name="Probability">Chance of feeding back the model's own word (0 = pure teacher forcing).</param>
/// <param name="Generator">Optional random generator, for reproducible runs.</param>
public sealed record ScheduledSampling(double Probability, Generator? Generator = null);
