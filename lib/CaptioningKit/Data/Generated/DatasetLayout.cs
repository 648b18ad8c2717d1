namespace CaptioningKit.Data.Generated;

/// <summary>
/// The "user's own folder" layout every generated set is written in, so later steps read it like real data:
/// <code>
/// &lt;dataDir&gt;/&lt;name&gt;/images/&lt;id&gt;.png
/// &lt;dataDir&gt;/&lt;name&gt;/captions.csv   image,caption,split   (image = the file name under images/; one row per caption)
/// &lt;dataDir&gt;/&lt;name&gt;/objects.csv    image,colour,shape,size,x0,y0,x1,y1   (shapes only)
/// &lt;dataDir&gt;/&lt;name&gt;/dataset.json   generator, version, seed, counts, image size
/// </code>
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

    /// <summary>The id of image <paramref name="index"/> of <paramref name="total"/>: "shapes-00042" (zero-padded so ids sort).</summary>
    public static string ImageId(string name, int index, int total) =>
        $"{name}-{index.ToString(new string('0', Math.Max(5, total.ToString().Length)), System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>The file name of an image, as written in the image column.</summary>
    public static string ImageFileName(string id) => id + ".png";
}
