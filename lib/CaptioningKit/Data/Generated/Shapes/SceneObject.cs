namespace CaptioningKit.Data.Generated.Shapes;

/// <summary>One object in a scene: what it is, how it looks, and the box it is drawn in (its side is the size's).</summary>
public sealed record SceneObject(ShapeKind Kind, ShapeColour Colour, ShapeSize Size, PixelBox Box)
{
    /// <summary>"red circle": the words that name the object; unique within a scene.</summary>
    public string Name => $"{Colour.Word} {Kind.Word()}";
}
