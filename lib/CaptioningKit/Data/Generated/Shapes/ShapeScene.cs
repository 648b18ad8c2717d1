namespace CaptioningKit.Data.Generated.Shapes;

/// <summary>A whole picture before it is drawn: its size, its background and its 1–3 objects.</summary>
public sealed record ShapeScene(int Width, int Height, SixLabors.ImageSharp.PixelFormats.Rgb24 Background, IReadOnlyList<SceneObject> Objects);
