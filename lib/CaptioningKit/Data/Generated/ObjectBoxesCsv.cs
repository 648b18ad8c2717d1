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
        if (!File.Exists(path)) throw new FileNotFoundException($"{path} does not exist; generate the dataset first (e.g. `generate shapes`).", path);
        using var reader = TextFiles.OpenText(path);
        var records = new CsvRecordReader(reader, ',', path).Records().GetEnumerator();
        if (!records.MoveNext() || records.Current.Error is not null) throw new FormatException($"{path} is empty; it needs the header row {string.Join(',', Header)}.");
        var header = records.Current.Fields.Select(h => h.Trim().ToLowerInvariant()).ToList();
        int[] c = Header.Select(h => header.IndexOf(h) is >= 0 and var i ? i
            : throw new FormatException($"{path} has no column '{h}' (it has: {string.Join(", ", header)}).")).ToArray();
        var result = new List<ObjectBox>();
        while (records.MoveNext())
        {
            var (row, line, error) = records.Current;
            if (error is not null) throw new FormatException($"{path}:{line}: {error}.");
            if (row.Count != header.Count) throw new FormatException($"{path}:{line}: {row.Count} fields where the header has {header.Count}; quote fields that contain commas.");
            int N(int k) => int.TryParse(row[c[k]], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v
                : throw new FormatException($"{path}:{line}: '{row[c[k]]}' in column {Header[k]} is not a whole number of pixels.");
            result.Add(new ObjectBox(row[c[0]], row[c[1]], row[c[2]], row[c[3]], new PixelBox(N(4), N(5), N(6), N(7))));
        }
        return result;
    }

    /// <summary>The boxes grouped by image id.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<ObjectBox>> ByImage(IEnumerable<ObjectBox> boxes) =>
        boxes.GroupBy(b => b.Image).ToDictionary(g => g.Key, g => (IReadOnlyList<ObjectBox>)g.ToList());

    static string I(int v) => v.ToString(CultureInfo.InvariantCulture);
}
