using CaptioningKit.Data;

namespace CaptioningKit.Inference;

/// <summary>A caption the model wrote for one image, with where it looked for each word.</summary>
/// <param name="Item">the image (and its reference captions).</param>
/// <param name="Words">the generated tokens, specials stripped (words, or characters for a character vocabulary).</param>
/// <param name="Weights">per generated token, its attention weights over the encoder grid (row-major, pixels long).</param>
/// <param name="Score">sum of the log-probabilities of the chosen tokens.</param>
public sealed record GeneratedCaption(CaptionedImage Item, IReadOnlyList<string> Words, float[][] Weights, double Score)
{
    /// <summary>The caption as text: words joined by spaces, characters joined without.</summary>
    public string Text(bool characters) => string.Join(characters ? "" : " ", Words);
}
