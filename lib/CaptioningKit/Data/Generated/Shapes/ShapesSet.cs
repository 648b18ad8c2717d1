using SixLabors.ImageSharp.Formats.Png;

namespace CaptioningKit.Data.Generated.Shapes;

/// <summary>
/// "shapes": 1–3 coloured shapes on a light background with several truthful captions each and the objects' boxes,
/// small enough (64x64, ~28 words) to train a captioner with attention in minutes on a CPU.
/// </summary>
public sealed class ShapesSet : IGeneratedSet
{
    public string Name => "shapes";
    public int Version => 2; // 2: every image has its canonical caption among its references
    public int DefaultWidth => 64;
    public int DefaultHeight => 64;
    public int DefaultCaptionsPerImage => 5;
    public bool HasObjects => true;

    public PngEncoder Encoder { get; } = new()
    {
        ColorType = PngColorType.Rgb, BitDepth = PngBitDepth.Bit8,
        CompressionLevel = PngCompressionLevel.BestSpeed, ChunkFilter = PngChunkFilter.ExcludeAll,
    };

    public GeneratedSample Make(string id, Random rng, int width, int height, int captionsPerImage)
    {
        var scene = ShapeSceneSampler.Sample(rng, width, height);
        var image = ShapeRasterizer.Draw(scene, rng);
        var captions = ShapeCaptioner.Caption(scene, rng, captionsPerImage);
        var boxes = scene.Objects.Select(o => new ObjectBox(id, o.Colour.Word, o.Kind.Word(), o.Size.Word(), o.Box)).ToList();
        return new GeneratedSample(image, captions, boxes);
    }
}
