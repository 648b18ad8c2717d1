namespace CaptioningKit.Data.Generated;

/// <summary>
/// Ground truth for one object of a "shapes" image: which image (its id, which is its file name under images/ such as
/// "shapes-00042.png", as in captions.csv and in <see cref="CaptionedImage.Id"/>), the words that name it (colour and shape), its size
/// word and its pixel box. A later step compares the decoder's attention at the step that emits "red" or "circle"
/// with this box, to measure whether the model looks where the word points.
/// </summary>
public sealed record ObjectBox(string Image, string Colour, string Shape, string Size, PixelBox Box)
{
    /// <summary>The caption words that name this object: its colour and its shape.</summary>
    public IReadOnlyList<string> Words => [Colour, Shape];
}
