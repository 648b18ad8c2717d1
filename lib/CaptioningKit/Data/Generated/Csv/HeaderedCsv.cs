using System.Globalization;

namespace CaptioningKit.Data.Generated.Csv;

/// <summary>One data row of a headered CSV file, its fields in the order of the names the reader asked for.</summary>
public sealed class HeaderedRow(string path, long line, IReadOnlyList<string> fields, IReadOnlyList<string> names)
{
    /// <summary>The field of the k-th asked-for column.</summary>
    public string this[int k] => fields[k];

    /// <summary>The k-th asked-for column as a whole number; otherwise an error naming the file, line and column.</summary>
    public int Int(int k) => int.TryParse(fields[k], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v
        : throw Error($"'{fields[k]}' in column {names[k]} is not a whole number");

    /// <summary>An error about this row, naming the file and line.</summary>
    public FormatException Error(string message) => new($"{path}:{line}: {message}.");
}

/// <summary>
/// Reads the kit's generated side files (objects.csv, glyphs.csv) with the kit's one CSV reader: the header must name
/// every asked-for column (in any order); a missing file, a missing column or a bad row is an error naming the file
/// (and line).
/// </summary>
public static class HeaderedCsv
{
    /// <param name="path">the CSV file.</param>
    /// <param name="names">the columns to read, lower case; the rows' fields come in this order.</param>
    /// <param name="missingFix">what to do when the file does not exist (the sentence after "does not exist; ").</param>
    public static IEnumerable<HeaderedRow> Read(string path, IReadOnlyList<string> names, string missingFix)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path} does not exist; {missingFix}", path);
        return ReadRows(path, names);
    }

    static IEnumerable<HeaderedRow> ReadRows(string path, IReadOnlyList<string> names)
    {
        using var reader = TextFiles.OpenText(path);
        using var records = new CsvRecordReader(reader, ',', path).Records().GetEnumerator();
        if (!records.MoveNext() || records.Current.Error is not null) throw new FormatException($"{path} is empty; it needs the header row {string.Join(',', names)}.");
        var header = records.Current.Fields.Select(h => h.Trim().ToLowerInvariant()).ToList();
        int[] columns = names.Select(h => header.IndexOf(h) is >= 0 and var i ? i
            : throw new FormatException($"{path} has no column '{h}' (it has: {string.Join(", ", header)}).")).ToArray();
        while (records.MoveNext())
        {
            var (row, line, error) = records.Current;
            if (error is not null) throw new FormatException($"{path}:{line}: {error}.");
            if (row.Count != header.Count) throw new FormatException($"{path}:{line}: {row.Count} fields where the header has {header.Count}; quote fields that contain commas.");
            yield return new HeaderedRow(path, line, columns.Select(c => row[c]).ToArray(), names);
        }
    }
}
