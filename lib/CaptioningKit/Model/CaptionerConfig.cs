using System.Text.Json;
using CaptioningKit.Decoder;
using CaptioningKit.Encoder;
using CaptioningKit.Images;

namespace CaptioningKit.Model;

/// <summary>
/// Everything needed to rebuild a captioner before loading its weights: the encoder (a small CNN trained from scratch
/// or a ResNet), the image size it expects, and the decoder's sizes. Stored as JSON in every checkpoint.
/// </summary>
/// <param name="Encoder">"small-cnn", a ResNet name ("resnet18" … "resnet152") or "resnet18-imagenet" (shipped ImageNet weights; 224x224 images).</param>
/// <param name="EncoderWidths">the small CNN's block widths (ignored for ResNets).</param>
/// <param name="GridRows">rows of the encoder's output grid.</param>
/// <param name="GridColumns">columns of the encoder's output grid.</param>
/// <param name="ImageWidth">width of the images fed to the encoder.</param>
/// <param name="ImageHeight">height of the images fed to the encoder.</param>
/// <param name="Decoder">the decoder's configuration (its FeatureChannels must match the encoder's output).</param>
/// <param name="MaxCaptionLength">longest caption, in tokens including &lt;start&gt; and &lt;end&gt;.</param>
/// <param name="Attention">false for the no-attention baseline decoder (Show and Tell).</param>
/// <param name="CellPositions">append each grid cell's (x, y) position, in [-1, 1], to its features, so attention can
/// find "the next thing to the right" — a CNN's features say what is in a cell, not where the cell is.</param>
/// <param name="CleanScans">clean each image as a scan before the encoder (<see cref="ScanCleaning.Clean"/> to
/// ImageWidth x ImageHeight), at training, evaluation and captioning alike; false (and absent from older checkpoints):
/// the image as it is.</param>
/// <param name="CtcWeight">weight of an auxiliary CTC loss on the encoder's columns during training (joint CTC-attention,
/// Kim, Hori and Watanabe 2017): a linear layer (<c>ctcHead.*</c> in checkpoints) names the character under each column,
/// and connectionist temporal classification (Graves et al. 2006) scores it against the caption without knowing where
/// each character is. It teaches the encoder to read within a few hundred steps, which gives attention something to
/// find; captions are still written by the attention decoder. 0 (the default, and absent from older checkpoints): no
/// head. Needs a one-row grid with a column for every character (and one between two equal neighbours).</param>
public sealed record CaptionerConfig(
    string Encoder,
    int[] EncoderWidths,
    int GridRows,
    int GridColumns,
    int ImageWidth,
    int ImageHeight,
    DecoderOptions Decoder,
    int MaxCaptionLength,
    bool Attention = true,
    bool CellPositions = false,
    bool CleanScans = false,
    double CtcWeight = 0)
{
    static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    public GridSize Grid => new(GridRows, GridColumns);

    /// <summary>How an image file becomes the model's input: cleaned as a scan when <see cref="CleanScans"/>, resized to exactly ImageWidth x ImageHeight, normalised as the
    /// encoder expects (<see cref="EncoderFactory.NormalizationFor"/>: ImageNet mean/std, or for resnet18-imagenet the
    /// package's BGR mean-image preprocessing). Training, evaluation and captioning all use it (training may add a flip policy).</summary>
    public ImageTransform Transform => ImageTransform.Fixed(ImageWidth, ImageHeight) with
    {
        Normalization = EncoderFactory.NormalizationFor(Encoder),
        Clean = CleanScans ? new ScanCleaningOptions(ImageWidth, ImageHeight) : null,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static CaptionerConfig FromJson(string json, string source)
    {
        CaptionerConfig? config;
        try { config = JsonSerializer.Deserialize<CaptionerConfig>(json, Json); }
        catch (JsonException e) { throw new InvalidDataException($"{source}: the captioner configuration is not valid ({e.Message}). Fix: use a checkpoint written by the kit.", e); }
        if (config is null || config.Encoder is null || config.EncoderWidths is null || config.Decoder is null)
            throw new InvalidDataException($"{source}: the captioner configuration is empty or incomplete. Fix: use a checkpoint written by the kit.");
        return config;
    }

    /// <summary>Largest size any one setting may have (a layer, a side, a vocabulary): larger is a damaged file, not a model.</summary>
    public const int MaxSize = 1 << 20;

    /// <summary>
    /// Checks every size before a layer is allocated: each must be from 1 to <see cref="MaxSize"/>; and when the
    /// checkpoint's size is known, the layers the decoder must hold (embedding, output layer, recurrent weights) must
    /// fit in it, since a checkpoint stores every parameter (at least 2 bytes each). Throws an <see cref="InvalidDataException"/>
    /// naming the setting.
    /// </summary>
    public void CheckSizes(string source, long? fileBytes = null)
    {
        var d = Decoder;
        var sizes = new (string Name, long Value)[]
        {
            ("GridRows", GridRows), ("GridColumns", GridColumns), ("ImageWidth", ImageWidth), ("ImageHeight", ImageHeight),
            ("MaxCaptionLength", MaxCaptionLength), ("Decoder.VocabSize", d.VocabSize), ("Decoder.FeatureChannels", d.FeatureChannels),
            ("Decoder.EmbeddingDim", d.EmbeddingDim), ("Decoder.HiddenDim", d.HiddenDim), ("Decoder.AttentionDim", d.AttentionDim),
        };
        foreach (var (name, value) in sizes.Concat(EncoderWidths.Select((w, i) => ($"EncoderWidths[{i}]", (long)w))))
            if (value < 1 || value > MaxSize)
                throw new InvalidDataException($"{source}: the configuration's {name} is {value}, outside 1..{MaxSize}; the file was edited or damaged. Fix: use another checkpoint.");
        if (!(CtcWeight is >= 0 and <= 100)) throw new InvalidDataException($"{source}: the configuration's CtcWeight is {CtcWeight}, outside [0, 100]; the file was edited or damaged. Fix: use another checkpoint.");
        if (!(d.Dropout is >= 0 and < 1)) throw new InvalidDataException($"{source}: the configuration's Decoder.Dropout is {d.Dropout}, outside [0, 1). Fix: use another checkpoint.");
        if (fileBytes is { } bytes)
        {
            long parameters = (long)d.VocabSize * d.EmbeddingDim + (long)d.HiddenDim * d.VocabSize + (long)d.HiddenDim * d.HiddenDim;
            if (parameters * 2 > bytes)
                throw new InvalidDataException($"{source}: the configuration asks for at least {parameters:N0} decoder parameters, more than a {bytes:N0}-byte file can hold; the file was edited or damaged. Fix: use another checkpoint.");
        }
    }

    /// <summary>
    /// The kit's default for the built-in 64x64 shapes set: a 3-block small CNN of widths 16-32-128 (64x64 → 8x8 grid,
    /// 128 channels, plus 2 cell-position channels), an LSTM with 256 hidden units and additive attention whose query is
    /// the hidden state AND the previous word's embedding (<see cref="DecoderOptions.AttendWithWord"/>: after "red" the
    /// attention knows the next word names the red object). Small enough to train in minutes on two CPU cores.
    /// With the query on h alone and widths 32-64-128 attention found the named object for 82 % of colour/shape words;
    /// with the word in the query 91.8 % (bench/README.md, "Attention that lands on the object"). The narrower first
    /// blocks cost little accuracy and most of the convolution time.
    /// The doubly stochastic penalty is off: it asks every one of the 64 cells to receive a total attention of 1 over
    /// the caption, which a 6-word caption about 1–3 small objects cannot do without smearing attention everywhere
    /// (Show, Attend and Tell used it with 196 cells and long, busy COCO captions).
    /// </summary>
    public static CaptionerConfig ForShapes(int vocabSize) => new(
        "small-cnn", [16, 32, 128], 8, 8, 64, 64,
        new DecoderOptions(vocabSize, FeatureChannels: 130, EmbeddingDim: 64, HiddenDim: 256, AttentionDim: 128, Dropout: 0.3, DoublyStochasticWeight: 0.0,
            AttendWithWord: true),
        MaxCaptionLength: 16, CellPositions: true);

    /// <summary>The shapes task through <paramref name="encoder"/>: <see cref="ForShapes(int)"/> for "small-cnn"; for a
    /// pretrained photo encoder, the scenes upscaled to its input size (224x224 for <see cref="ForPhotos"/>) and the SAME
    /// decoder as <see cref="ForShapes(int)"/> (with cell positions), so the two runs differ only in the encoder.</summary>
    public static CaptionerConfig ForShapes(int vocabSize, string encoder)
    {
        var shapes = ForShapes(vocabSize);
        if (EncoderFactory.IsSmallCnn(encoder)) return shapes;
        var photos = ForPhotos(vocabSize, encoder);
        return photos with
        {
            CellPositions = true, MaxCaptionLength = shapes.MaxCaptionLength,
            Decoder = shapes.Decoder with { FeatureChannels = photos.Decoder.FeatureChannels + 2 }, // + the 2 cell-position channels
        };
    }

    /// <summary>
    /// The default for photographs (Flickr8k, COCO, your own): 224x224 images through a pretrained ResNet
    /// ("resnet18-imagenet" ships its ImageNet weights; "resnet50" … need a weights file), its last feature map kept as a
    /// 7x7 grid of 49 annotation vectors, and the Show, Attend and Tell decoder sizes scaled to a CPU: embedding 256,
    /// LSTM 512, attention 256, dropout 0.5, and the doubly stochastic penalty on (weight 1, as in the paper: real
    /// captions are long and busy enough to visit most cells). <paramref name="maxCaptionLength"/> is raised by
    /// <see cref="WithCaptionsUpTo"/> to the longest training caption.
    /// </summary>
    public static CaptionerConfig ForPhotos(int vocabSize, string encoder = "resnet18-imagenet", int maxCaptionLength = 24) => new(
        encoder, [], 7, 7, 224, 224,
        new DecoderOptions(vocabSize, FeatureChannels: PhotoEncoderChannels(encoder), EmbeddingDim: 256, HiddenDim: 512, AttentionDim: 256, Dropout: 0.5, DoublyStochasticWeight: 1.0),
        MaxCaptionLength: maxCaptionLength);

    /// <summary>The length of a pretrained photo encoder's annotation vectors: 512 for ResNet-18/34, 2048 for ResNet-50/101/152.</summary>
    public static int PhotoEncoderChannels(string encoder) =>
        EncoderFactory.IsTrainedFromScratch(encoder)
            ? throw new ArgumentException($"{encoder} is trained from scratch on small images; photos need a pretrained encoder. Fix: use --encoder resnet18-imagenet (ships its ImageNet weights) or resnet50 with a weights file.")
            : EncoderFactory.IsImageNetResNet18(encoder) ? ImageNetResNet18.StageWidths[^1]
            : ResNetSpec.FromName(encoder).OutputChannels;

    /// <summary>This configuration with room for captions of <paramref name="longestTokens"/> tokens (including
    /// &lt;start&gt; and &lt;end&gt;) when they are longer than <see cref="MaxCaptionLength"/>, so no training caption is cut.</summary>
    public CaptionerConfig WithCaptionsUpTo(int longestTokens) =>
        longestTokens > MaxCaptionLength ? this with { MaxCaptionLength = longestTokens } : this;

    /// <summary>
    /// The default for the 256x64 formula scans: read at half size (128x32: the smallest glyphs keep one pixel per font
    /// cell, and the convolutions cost a quarter) by the line encoder (<see cref="LineCnnEncoder"/>: greyscale, 4 blocks
    /// of 16-32-64-128 channels, the height collapsed, a bidirectional LSTM along the 32 columns; 8 scan pixels a
    /// column), the 32 column positions, and a character decoder with additive attention over the columns.
    /// Trained with the auxiliary CTC loss on the columns (<see cref="CtcWeight"/> 1): without it the decoder learns the
    /// grammar of formulas in a hundred steps and then sits on that plateau (cross-entropy 1.2 nats a character, 0 %
    /// exact after 600 steps); with it the same 500 steps read 89.5 % of the test scans exactly (bench/README.md).
    /// </summary>
    public static CaptionerConfig ForFormulas(int vocabSize) => new(
        LineCnnEncoder.Name, [16, 32, 64, 128], 1, 32, 128, 32,
        new DecoderOptions(vocabSize, FeatureChannels: 130, EmbeddingDim: 32, HiddenDim: 256, AttentionDim: 128, Dropout: 0.2, DoublyStochasticWeight: 0.0),
        MaxCaptionLength: 24, CellPositions: true, CtcWeight: 1.0);
}
