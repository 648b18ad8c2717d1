namespace CaptioningKit.Data.Generated.Csv;

/// <summary>
/// A small CSV file read whole: a header row naming the columns, then records. Enough for the kit's own generated
/// files (objects.csv, and captions.csv in tests); real datasets go through the Data readers.
/// </summary>
public sealed class CsvTable
{
    readonly Dictionary<string, int> _columns;

    CsvTable(string source, string[] header, IReadOnlyList<string[]> rows)
    {
        Source = source;
        Header = header;
        Rows = rows;
        _columns = header.Select((h, i) => (h, i)).ToDictionary(p => p.h, p => p.i, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Where the table came from (a file path), used in every error message.</summary>
    public string Source { get; }
    public IReadOnlyList<string> Header { get; }
    public IReadOnlyList<string[]> Rows { get; }

    /// <summary>Reads <paramref name="path"/>; every record must have as many fields as the header.</summary>
    public static CsvTable Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path} does not exist; generate the dataset first (e.g. `generate shapes`).", path);
        var records = CsvText.Parse(File.ReadAllText(path), path);
        if (records.Count == 0) throw new FormatException($"{path} is empty; it needs a header row.");
        for (int i = 1; i < records.Count; i++)
            if (records[i].Length != records[0].Length)
                throw new FormatException($"{path}, record {i + 1}: {records[i].Length} fields where the header has {records[0].Length}; quote fields that contain commas.");
        return new CsvTable(path, records[0], records.Skip(1).ToList());
    }

    /// <summary>The index of a column, or a clear error naming the file and the columns it does have.</summary>
    public int Column(string name) => _columns.TryGetValue(name, out var i) ? i
        : throw new FormatException($"{Source} has no column '{name}' (it has: {string.Join(", ", Header)}).");
}
