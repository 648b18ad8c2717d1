using TorchSharp;
using static TorchSharp.torch;

namespace CaptioningKit.Encoder;

/// <summary>Turns one feature map (or any 2-D tensor) into the [row, column] array that Charts.Heatmap draws.</summary>
public static class FeatureMapGrid
{
    /// <summary>A (h, w) tensor (a (1, h, w) one is squeezed) as double[h, w], row 0 at the top like the image.</summary>
    public static double[,] ToArray(Tensor map)
    {
        using var scope = NewDisposeScope();
        var t = map.dim() == 3 && map.shape[0] == 1 ? map.squeeze(0) : map; // (h, w)
        if (t.dim() != 2) throw new ArgumentException($"A feature map must be (h, w) or (1, h, w); got ({string.Join(", ", map.shape)}). Pick one channel, e.g. maps[c].");
        int h = (int)t.shape[0], w = (int)t.shape[1];
        var values = t.detach().to(CPU).to_type(ScalarType.Float64).contiguous().data<double>().ToArray();
        var grid = new double[h, w];
        for (var r = 0; r < h; r++)
            for (var c = 0; c < w; c++) grid[r, c] = values[r * w + c];
        return grid;
    }
}
