using CaptioningKit.Decoder;
using CaptioningKit.Encoder;
using TorchSharp;
using static TorchSharp.torch;

namespace CaptioningKit.Training;

/// <summary>
/// The whole model: an image encoder (pixels → a grid of feature vectors) and a caption decoder (features → words).
/// It knows nothing of training or display: images in, logits and attention weights out.
/// </summary>
public sealed class Captioner : nn.Module
{
    public Captioner(CaptionerConfig config, Device device) : base(nameof(Captioner))
    {
        Config = config;
        encoder = config.Encoder == "small-cnn"
            ? new SmallCnnEncoder(config.Grid, config.EncoderWidths)
            : EncoderFactory.Create(config.Encoder, CPU, config.Grid);
        if (encoder.Channels != config.Decoder.FeatureChannels)
            throw new ArgumentException($"The encoder {config.Encoder} gives {encoder.Channels} channels but the decoder expects {config.Decoder.FeatureChannels}. Fix: set Decoder.FeatureChannels = {encoder.Channels}.");
        decoder = config.Attention ? new AttentionDecoder(config.Decoder) : new ShowAndTellDecoder(config.Decoder);
        RegisterComponents();
        this.to(device);
    }

    readonly ImageEncoder encoder;
    readonly CaptionDecoder decoder;

    public CaptionerConfig Config { get; }
    public ImageEncoder Encoder => encoder;
    public CaptionDecoder Decoder => decoder;

    /// <summary>The encoder's features for a batch of images.</summary>
    /// <param name="images">(batch, 3, H, W)</param>
    /// <returns>(batch, pixels, channels)</returns>
    public Tensor Features(Tensor images) => encoder.call(images); // (batch, pixels, channels)

    /// <summary>Teacher-forced pass: logits (batch, steps, vocab) and attention weights (batch, steps, pixels).</summary>
    public DecoderOutput Forward(Tensor images, Tensor inputTokens, ScheduledSampling? sampling = null)
    {
        var features = Features(images);                           // (batch, pixels, channels)
        return decoder.Forward(features, inputTokens, null, sampling); // logits (batch, steps, vocab), weights (batch, steps, pixels)
    }
}
