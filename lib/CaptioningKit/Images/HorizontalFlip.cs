namespace CaptioningKit.Images;

/// <summary>
/// What random horizontal flipping (a training augmentation) may do. TEACHING POINT: a mirror image swaps left and
/// right, so "a red square left of a blue circle" becomes false for the flipped picture. A dataset whose captions
/// talk about left/right (the built-in shapes set does) must either swap those words with the image or not flip.
/// </summary>
public enum HorizontalFlip
{
    /// <summary>Never flip. Safe for every dataset; the default for evaluation.</summary>
    Never,

    /// <summary>
    /// Flip with probability 0.5 and swap the words "left"/"right" (and "leftmost"/"rightmost"...) in that sample's
    /// captions, so image and text stay true to each other. Use this for the shapes set.
    /// </summary>
    FlipAndSwapLeftRight,

    /// <summary>
    /// Flip with probability 0.5 and leave the captions alone. Only correct when no caption mentions a direction
    /// (e.g. formulas would still be wrong: mirrored text is not text; do not use it for formulas).
    /// </summary>
    FlipImageOnly,
}
