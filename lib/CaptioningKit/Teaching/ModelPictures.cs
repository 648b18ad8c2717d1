using CaptioningKit.Display;
using CaptioningKit.Model;

namespace CaptioningKit.Teaching;

/// <summary>The diagrams of <see cref="Diagrams"/> with the sizes of a real configuration.</summary>
public static class ModelPictures
{
    /// <summary>The sizes <paramref name="config"/> gives every part of the model.</summary>
    public static DiagramSizes SizesOf(CaptionerConfig config)
    {
        var d = config.Decoder;
        var positions = config.CellPositions ? 2 : 0;                 // Captioner appends (x, y) to every cell
        return new DiagramSizes(config.Encoder, config.ImageWidth, config.ImageHeight, config.GridRows, config.GridColumns,
            d.FeatureChannels - positions, positions, d.AttentionDim, d.HiddenDim, d.EmbeddingDim, d.VocabSize, d.Gate,
            d.Cell.ToString().ToUpperInvariant());
    }

    /// <summary>The whole model: image, encoder, grid, attention, recurrent cell, output, word.</summary>
    public static SvgView Whole(CaptionerConfig config) => Diagrams.Model(SizesOf(config));

    /// <summary>One decoder step for a batch of <paramref name="batch"/> images, every tensor's shape from the configuration.</summary>
    public static SvgView Step(CaptionerConfig config, int batch) => Diagrams.DecoderStep(SizesOf(config), batch);
}
