using static TorchSharp.torch;

namespace CaptioningKit.Decoder;

/// <summary>
/// What a decoder keeps about a batch of images for a whole decode, computed once by
/// <see cref="IStepDecoder.Encode"/>: the encoder's features, their attention projection (or, for the baseline, the
/// image embedding) and the optional pixel mask. Beam search repeats and reorders its rows with <see cref="Select"/>.
/// </summary>
/// <param name="Features">(batch, pixels, channels)</param>
/// <param name="Projected">(batch, pixels, attentionDim) for attention decoders; (batch, embeddingDim) for the baseline.</param>
/// <param name="PixelMask">optional (batch, pixels) bool, true for real pixels.</param>
public sealed record EncodedImages(Tensor Features, Tensor Projected, Tensor? PixelMask)
{
    /// <summary>Number of rows (images, or image×beam rows in beam search).</summary>
    public long Batch => Features.shape[0];

    /// <summary>Number of pixels per image.</summary>
    public long Pixels => Features.shape[1];

    /// <summary>Rows picked by <paramref name="rows"/> (a 1-D int64 index tensor), e.g. each image repeated beam times.</summary>
    public EncodedImages Select(Tensor rows) => new(
        Features.index_select(0, rows), // (rows, pixels, channels)
        Projected.index_select(0, rows), // (rows, ...)
        PixelMask?.index_select(0, rows)); // (rows, pixels)
}
