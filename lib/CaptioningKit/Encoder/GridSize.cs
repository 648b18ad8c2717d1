namespace CaptioningKit.Encoder;

/// <summary>
/// The spatial grid the encoder pools its feature map to: each cell becomes one "pixel" (an annotation vector) the
/// attention can look at. 14x14 = 196 pixels is the Show, Attend and Tell setting; 8x8 = 64 is cheaper.
/// </summary>
public readonly record struct GridSize(int Rows, int Columns)
{
    public static GridSize Square(int side) => new(side, side);

    /// <summary>Rows x Columns: the "pixels" axis of the encoder output.</summary>
    public int Pixels => Rows * Columns;

    public override string ToString() => $"{Rows}x{Columns}";
}
