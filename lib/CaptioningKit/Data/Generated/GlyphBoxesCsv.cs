using System.Globalization;
using System.Text;
using CaptioningKit.Data.Generated.Csv;

namespace CaptioningKit.Data.Generated;

/// <summary>Where one character of a "formulas" image was drawn: the image id, the character's place in the formula
/// (0-based), the character and its pixel box (the glyph's 5x7 font cells, as in <see cref="PixelBox"/>).</summary>
public sealed record GlyphBox(string Image, int Index, char Character, PixelBox Box);

/// <summary>
/// Reads and writes <c>glyphs.csv</c>, the character boxes of a "formulas" dataset, written beside captions.csv:
/// <c>image,index,character,x0,y0,x1,y1</c>, one row per character.
/// </summary>
public static class GlyphBoxesCsv
{
    public const string FileName = "glyphs.csv";
    public static readonly string[] Header = ["image", "index", "character", "x0", "y0", "x1", "y1"];

    /// <summary>The CSV text for <paramref name="boxes"/>, header first.</summary>
    public static string Format(IEnumerable<GlyphBox> boxes)
    {
        var sb = new StringBuilder(CsvText.Record(Header)).Append(CsvText.NewLine);
        foreach (var b in boxes)
            sb.Append(CsvText.Record(b.Image, I(b.Index), b.Character.ToString(), I(b.Box.X0), I(b.Box.Y0), I(b.Box.X1), I(b.Box.Y1))).Append(CsvText.NewLine);
        return sb.ToString();
    }

    /// <summary>The boxes of a dataset folder (the folder itself or its glyphs.csv), grouped by image id, each image's in
    /// character order. A bad row is an error naming the file and line.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<GlyphBox>> Read(string datasetFolderOrFile)
    {
        var path = Directory.Exists(datasetFolderOrFile) ? Path.Combine(datasetFolderOrFile, FileName) : datasetFolderOrFile;
        var result = HeaderedCsv.Read(path, Header, "generate the formulas dataset again (`generate formulas`) to get the character boxes.")
            .Select(r => r[2].Length == 1
                ? new GlyphBox(r[0], r.Int(1), r[2][0], new PixelBox(r.Int(3), r.Int(4), r.Int(5), r.Int(6)))
                : throw r.Error($"the character column holds '{r[2]}', not one character"))
            .ToList();
        return result.GroupBy(b => b.Image).ToDictionary(g => g.Key, g => (IReadOnlyList<GlyphBox>)g.OrderBy(b => b.Index).ToList());
    }

    static string I(int v) => v.ToString(CultureInfo.InvariantCulture);
}
