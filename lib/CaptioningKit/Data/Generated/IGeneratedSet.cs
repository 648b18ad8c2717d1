using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp;

namespace CaptioningKit.Data.Generated;

/// <summary>
/// A built-in dataset that is drawn rather than downloaded. It makes one sample from a seeded <see cref="Random"/>;
/// <see cref="DatasetGenerator"/> does the rest (splits, files, parallelism, skipping when up to date).
/// </summary>
public interface IGeneratedSet
{
    /// <summary>The dataset's name and folder name: "shapes", "formulas".</summary>
    string Name { get; }

    /// <summary>Bumped whenever the drawing or captions change, so old folders are regenerated.</summary>
    int Version { get; }

    int DefaultWidth { get; }
    int DefaultHeight { get; }
    int DefaultCaptionsPerImage { get; }

    /// <summary>True when the set writes objects.csv (ground-truth boxes).</summary>
    bool HasObjects { get; }

    /// <summary>How its images are stored: fast compression, and greyscale for greyscale sets.</summary>
    PngEncoder Encoder { get; }

    /// <summary>Draws the sample with id <paramref name="id"/>; all randomness must come from <paramref name="rng"/>.</summary>
    GeneratedSample Make(string id, Random rng, int width, int height, int captionsPerImage);
}

/// <summary>One generated image with its reference captions and (for shapes) the ground-truth boxes of its objects.</summary>
public sealed record GeneratedSample(Image Image, IReadOnlyList<string> Captions, IReadOnlyList<ObjectBox> Objects) : IDisposable
{
    /// <summary>Where each character was drawn (formulas; empty for other sets): written to glyphs.csv.</summary>
    public IReadOnlyList<GlyphBox> Glyphs { get; init; } = [];

    public void Dispose() => Image.Dispose();
}
