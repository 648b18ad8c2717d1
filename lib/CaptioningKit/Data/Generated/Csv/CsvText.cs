namespace CaptioningKit.Data.Generated.Csv;

/// <summary>
/// The RFC-4180 rules the kit writes by: fields separated by commas, records ended by CRLF, a field that holds a
/// comma, a double quote or a line break is wrapped in double quotes, and a double quote inside it is doubled.
/// Writing only: the kit has one CSV reader, in the Data formats (CaptionDatasets.Load("folder", …) for captions.csv,
/// and the same record reader for objects.csv).
/// </summary>
public static class CsvText
{
    /// <summary>The record terminator RFC 4180 prescribes.</summary>
    public const string NewLine = "\r\n";

    /// <summary>One field, quoted only when it has to be: <c>a "big" dog, running</c> becomes <c>"a ""big"" dog, running"</c>.</summary>
    public static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"") + "\"";

    /// <summary>One record (without its terminator).</summary>
    public static string Record(params string[] fields) => string.Join(',', fields.Select(Field));
}
