namespace CaptioningKit.Data.Generated;

/// <summary>
/// The "user's own folder" layout every generated set is written in, so later steps read it like real data:
/// <code>
/// &lt;dataDir&gt;/&lt;name&gt;/images/&lt;id&gt;        e.g. images/shapes-00042.png
/// &lt;dataDir&gt;/&lt;name&gt;/captions.csv   image,caption,split   (image = the id = the file name under images/; one row per caption)
/// &lt;dataDir&gt;/&lt;name&gt;/objects.csv    image,colour,shape,size,x0,y0,x1,y1   (shapes only)
/// &lt;dataDir&gt;/&lt;name&gt;/dataset.json   generator, version, seed, counts, image size
/// </code>
/// An image's id is its file name under images/ ("shapes-00042.png") everywhere: in captions.csv, in objects.csv, and
/// in the <see cref="CaptionedImage.Id"/> that <c>CaptionDatasets.Load("folder", …)</c> reads back, as for every other
/// format (Flickr8k, COCO and the user's own folder also use the file name).
/// </summary>
public static class DatasetLayout
{
    public const string ImagesFolder = "images";
    public const string CaptionsFile = "captions.csv";
    public static readonly string[] CaptionsHeader = ["image", "caption", "split"];

    /// <summary>The word written in the split column: train, val or test.</summary>
    public static string SplitWord(Split split) => split switch
    {
        Split.Train => "train",
        Split.Val => "val",
        Split.Test => "test",
        _ => throw new ArgumentOutOfRangeException(nameof(split), split, null),
    };

    /// <summary>
    /// The id of image <paramref name="index"/> of <paramref name="total"/>, which is also its file name under images/:
    /// "shapes-00042.png" (zero-padded so ids sort).
    /// </summary>
    public static string ImageId(string name, int index, int total) =>
        $"{name}-{index.ToString(new string('0', Math.Max(5, total.ToString().Length)), System.Globalization.CultureInfo.InvariantCulture)}.png";
}
