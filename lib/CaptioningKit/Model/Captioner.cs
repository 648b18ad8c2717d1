using CaptioningKit.Decoder;
using CaptioningKit.Encoder;
using CaptioningKit.Vocabulary;
using TorchSharp;
using static TorchSharp.torch;

namespace CaptioningKit.Model;

/// <summary>
/// The whole model: an image encoder (pixels → a grid of feature vectors) and a caption decoder (features → words).
/// It knows nothing of training or display: images in, logits and attention weights out.
/// </summary>
public sealed class Captioner : nn.Module
{
    public Captioner(CaptionerConfig config, Device device) : base(nameof(Captioner))
    {
        Config = config;
        encoder = EncoderFactory.Create(config.Encoder, CPU, config.Grid, config.EncoderWidths);
        if (EncoderFactory.IsPretrained(config.Encoder) && (config.ImageWidth != ImageNetResNet18.ImageSize || config.ImageHeight != ImageNetResNet18.ImageSize))
            throw new ArgumentException($"The encoder {config.Encoder} takes {ImageNetResNet18.ImageSize}x{ImageNetResNet18.ImageSize} images (its mean image and weights are made for that size); the config says {config.ImageWidth}x{config.ImageHeight}. Fix: set ImageWidth = ImageHeight = {ImageNetResNet18.ImageSize} (CaptionerConfig.ForPhotos does).");
        var channels = encoder.Channels + (config.CellPositions ? 2 : 0);
        if (channels != config.Decoder.FeatureChannels)
            throw new ArgumentException($"The encoder {config.Encoder} gives {channels} channels{(config.CellPositions ? " (with the 2 position channels)" : "")} but the decoder expects {config.Decoder.FeatureChannels}. Fix: set Decoder.FeatureChannels = {channels}.");
        decoder = config.Attention ? new AttentionDecoder(config.Decoder) : new ShowAndTellDecoder(config.Decoder);
        if (config.CtcWeight > 0) // made last, so the encoder and decoder start from the same random numbers with or without it
        {
            if (config.GridRows != 1)
                throw new ArgumentException($"The CTC loss reads the encoder's columns left to right, so it needs a one-row grid; this one is {config.Grid}. Fix: set CtcWeight = 0, or use the line-cnn encoder.");
            ctcHead = nn.Linear(encoder.Channels, config.Decoder.VocabSize);
        }
        RegisterComponents();
        this.to(device);
    }

    readonly ImageEncoder encoder;
    readonly CaptionDecoder decoder;
    readonly TorchSharp.Modules.Linear? ctcHead;

    public CaptionerConfig Config { get; }
    public ImageEncoder Encoder => encoder;
    public CaptionDecoder Decoder => decoder;

    /// <summary>Decode with hard attention (the most-attended cell's features instead of the weighted mean of all cells):
    /// an evaluation switch for a model trained with soft attention; not stored in checkpoints.</summary>
    public bool HardAttention
    {
        get => decoder is AttentionDecoder a && a.HardAttention;
        set
        {
            if (decoder is AttentionDecoder a) a.HardAttention = value;
            else if (value) throw new InvalidOperationException("This captioner has no attention (the Show and Tell baseline), so it cannot decode with hard attention. Fix: use a model trained with attention.");
        }
    }

    /// <summary>The decoder's input for a batch of images: the encoder's features (plus the cell positions).</summary>
    /// <param name="images">(batch, 3, H, W)</param>
    /// <returns>(batch, pixels, channels)</returns>
    public Tensor Features(Tensor images) => FeaturesFromEncoded(encoder.call(images)); // (batch, pixels, channels)

    /// <summary>
    /// The decoder's input from features the encoder already computed, e.g. read from a feature cache: a frozen
    /// encoder's output is the same every epoch, so it is computed once (FeatureCache) and only this step remains.
    /// </summary>
    /// <param name="encoded">(batch, pixels, encoder channels): the encoder's output.</param>
    /// <returns>(batch, pixels, channels): with the 2 cell-position channels appended when the model uses them.</returns>
    public Tensor FeaturesFromEncoded(Tensor encoded)
    {
        if (encoded.dim() != 3 || encoded.shape[1] != Config.Grid.Pixels || encoded.shape[2] != encoder.Channels)
            throw new ArgumentException($"Encoded features of shape [{string.Join(", ", encoded.shape)}] do not fit this model: it expects [batch, {Config.Grid.Pixels}, {encoder.Channels}] from {Config.Encoder} on a {Config.Grid} grid.");
        if (!Config.CellPositions) return encoded;
        using var scope = NewDisposeScope();
        var positions = CellPositions(Config.GridRows, Config.GridColumns, encoded.device) // (pixels, 2)
            .unsqueeze(0).expand(encoded.shape[0], -1, -1);                   // (batch, pixels, 2)
        return torch.cat([encoded, positions], 2).MoveToOuterDisposeScope();  // (batch, pixels, channels + 2)
    }

    /// <summary>True when no encoder parameter is trained (a pretrained encoder used as a fixed feature extractor):
    /// its features can then be cached.</summary>
    public bool EncoderFrozen => !encoder.parameters().Any(p => p.requires_grad);

    /// <summary>The (x, y) centre of every grid cell, row-major, scaled to [-1, 1].</summary>
    /// <returns>(rows * columns, 2)</returns>
    public static Tensor CellPositions(int rows, int columns, Device device)
    {
        var xy = new float[rows * columns * 2];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
            {
                xy[(r * columns + c) * 2] = (c + 0.5f) / columns * 2 - 1;
                xy[(r * columns + c) * 2 + 1] = (r + 0.5f) / rows * 2 - 1;
            }
        return torch.tensor(xy, device: device).reshape(rows * columns, 2); // (pixels, 2)
    }

    /// <summary>The metadata key under which a checkpoint stores the vocabulary (the kit's vocabulary JSON).</summary>
    public const string VocabularyKey = "vocabulary_json";

    /// <summary>
    /// Builds the captioner a checkpoint describes (its own configuration) and loads its weights by name, with shape
    /// checks; returns the vocabulary stored beside them. For inference, evaluation, or to resume training.
    /// </summary>
    public static (Captioner Model, Vocab Vocab, CheckpointInfo Info) Load(string path, Device device)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Checkpoint not found: {path}. Fix: train first (`train` or `demo`), or check the path.", path);
        var info = Checkpoint.ReadInfo(path);
        var config = CaptionerConfig.FromJson(info.ConfigurationJson, path);
        config.CheckSizes(path, new FileInfo(path).Length); // before a single layer is allocated
        var vocab = info.Extra.TryGetValue(VocabularyKey, out var json)
            ? VocabularyFile.Parse(json, path)
            : throw new InvalidDataException($"{path} holds no vocabulary; it was not written by the kit's trainer.");
        Captioner model;
        using (WeightsToBeLoaded.Begin()) model = new Captioner(config, device); // no random start: every weight comes from the file
        Checkpoint.Load(path, model); // built from the checkpoint's own configuration; names and shapes are still checked
        return (model, vocab, info);
    }

    /// <summary>
    /// The auxiliary CTC head's reading of each column (only when <see cref="CaptionerConfig.CtcWeight"/> &gt; 0):
    /// log-probabilities over the vocabulary, in the (columns, batch, vocab) layout the CTC loss takes; &lt;pad&gt;
    /// stands for CTC's "blank" (no character here), since it is never a character of a caption.
    /// </summary>
    /// <param name="features">(batch, pixels, channels): the decoder's input, from <see cref="Features"/>.</param>
    /// <returns>(pixels, batch, vocab)</returns>
    public Tensor ColumnLogProbabilities(Tensor features)
    {
        if (ctcHead is null) throw new InvalidOperationException("This captioner has no CTC head (its CtcWeight is 0).");
        using var scope = NewDisposeScope();
        var encoded = features.narrow(2, 0, encoder.Channels);        // (batch, pixels, encoder channels): without the positions
        return ctcHead.forward(encoded).log_softmax(2)                // (batch, pixels, vocab)
            .permute(1, 0, 2).MoveToOuterDisposeScope();             // (pixels, batch, vocab)
    }

    /// <summary>Teacher-forced pass: logits (batch, steps, vocab) and attention weights (batch, steps, pixels).</summary>
    public DecoderOutput Forward(Tensor images, Tensor inputTokens, ScheduledSampling? sampling = null)
    {
        var features = Features(images);                           // (batch, pixels, channels)
        return decoder.Forward(features, inputTokens, null, sampling); // logits (batch, steps, vocab), weights (batch, steps, pixels)
    }
}
