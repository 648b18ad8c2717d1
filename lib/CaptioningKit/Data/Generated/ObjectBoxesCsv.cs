using System.Globalization;
using System.Text;
using CaptioningKit.Data.Generated.Csv;

namespace CaptioningKit.Data.Generated;

/// <summary>
/// Reads and writes <c>objects.csv</c>, the ground-truth boxes of a "shapes" dataset:
/// <c>image,colour,shape,size,x0,y0,x1,y1</c>, one row per object, boxes as in <see cref="PixelBox"/>.
/// </summary>
public static class ObjectBoxesCsv
{
    public const string FileName = "objects.csv";
    public static readonly string[] Header = ["image", "colour", "shape", "size", "x0", "y0", "x1", "y1"];

    /// <summary>The CSV text for <paramref name="boxes"/>, header first.</summary>
    public static string Format(IEnumerable<ObjectBox> boxes)
    {
        var sb = new StringBuilder(CsvText.Record(Header)).Append(CsvText.NewLine);
        foreach (var b in boxes)
            sb.Append(CsvText.Record(b.Image, b.Colour, b.Shape, b.Size, I(b.Box.X0), I(b.Box.Y0), I(b.Box.X1), I(b.Box.Y1))).Append(CsvText.NewLine);
        return sb.ToString();
    }

    /// <summary>
    /// Reads the boxes of a dataset folder (the folder itself or its objects.csv) with the kit's one CSV reader.
    /// The header must name the eight columns (in any order); a bad row is an error naming the file and line.
    /// </summary>
    public static IReadOnlyList<ObjectBox> Read(string datasetFolderOrFile)
    {
        var path = Directory.Exists(datasetFolderOrFile) ? Path.Combine(datasetFolderOrFile, FileName) : datasetFolderOrFile;
        return HeaderedCsv.Read(path, Header, "generate the dataset first (e.g. `generate shapes`).")
            .Select(r => new ObjectBox(r[0], r[1], r[2], r[3], new PixelBox(r.Int(4), r.Int(5), r.Int(6), r.Int(7))))
            .ToList();
    }

    /// <summary>The boxes grouped by image id.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<ObjectBox>> ByImage(IEnumerable<ObjectBox> boxes) =>
        boxes.GroupBy(b => b.Image).ToDictionary(g => g.Key, g => (IReadOnlyList<ObjectBox>)g.ToList());

    static string I(int v) => v.ToString(CultureInfo.InvariantCulture);
}
