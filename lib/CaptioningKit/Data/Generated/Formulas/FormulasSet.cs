using SixLabors.ImageSharp.Formats.Png;

namespace CaptioningKit.Data.Generated.Formulas;

/// <summary>
/// "formulas": noisy greyscale renderings (256x64) of molecular formulas such as <c>C13H20OS</c>, one caption each
/// (the formula), for a character-level model scored by Levenshtein distance, like the BMS molecule task.
/// </summary>
public sealed class FormulasSet : IGeneratedSet
{
    /// <summary>Training scans a captioner needs to learn to read them from scratch (the demo and notebook 08 use it):
    /// with the kit's formulas model, 12,000 scans x 3 epochs read the test split exactly (bench/README.md); drawing
    /// them takes seconds.</summary>
    public const int TrainImagesToRead = 12000;

    public string Name => "formulas";
    public int Version => 2; // 2: glyphs.csv, the box of every character
    public int DefaultWidth => 256;
    public int DefaultHeight => 64;
    public int DefaultCaptionsPerImage => 1;
    public bool HasObjects => false;

    public PngEncoder Encoder { get; } = new()
    {
        ColorType = PngColorType.Grayscale, BitDepth = PngBitDepth.Bit8,
        CompressionLevel = PngCompressionLevel.BestSpeed, ChunkFilter = PngChunkFilter.ExcludeAll,
    };

    /// <summary>One formula image; every caption is the same formula (a formula has one right reading).</summary>
    public GeneratedSample Make(string id, Random rng, int width, int height, int captionsPerImage)
    {
        var formula = FormulaSampler.Sample(rng);
        var (image, boxes) = FormulaRenderer.DrawWithBoxes(formula, width, height, rng);
        return new GeneratedSample(image, Enumerable.Repeat(formula, captionsPerImage).ToList(), [])
        {
            Glyphs = boxes.Select((b, k) => new GlyphBox(id, k, formula[k], b)).ToList(),
        };
    }
}
