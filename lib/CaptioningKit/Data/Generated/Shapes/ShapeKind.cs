namespace CaptioningKit.Data.Generated.Shapes;

/// <summary>The shapes the "shapes" set draws; each name is also the caption word for it (lowercased).</summary>
public enum ShapeKind { Circle, Square, Triangle, Diamond, Cross }

/// <summary>The caption word of each <see cref="ShapeKind"/>.</summary>
public static class ShapeKindWords
{
    public static string Word(this ShapeKind kind) => kind switch
    {
        ShapeKind.Circle => "circle",
        ShapeKind.Square => "square",
        ShapeKind.Triangle => "triangle",
        ShapeKind.Diamond => "diamond",
        ShapeKind.Cross => "cross",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
