using SixLabors.ImageSharp;

namespace CaptioningKit.Data.Generated;

/// <summary>One generated image with its reference captions and (for shapes) the ground-truth boxes of its objects.</summary>
public sealed record GeneratedSample(Image Image, IReadOnlyList<string> Captions, IReadOnlyList<ObjectBox> Objects) : IDisposable
{
    public void Dispose() => Image.Dispose();
}
