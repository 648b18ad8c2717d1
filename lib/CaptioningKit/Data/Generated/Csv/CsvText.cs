using System.Text;

namespace CaptioningKit.Data.Generated.Csv;

/// <summary>
/// The RFC-4180 rules the kit writes by: fields separated by commas, records ended by CRLF, a field that holds a
/// comma, a double quote or a line break is wrapped in double quotes, and a double quote inside it is doubled.
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

    /// <summary>
    /// Parses a whole CSV text into records of fields. Accepts CRLF or LF line ends, quoted fields with doubled quotes
    /// and line breaks inside quotes; a final empty line is not a record.
    /// </summary>
    public static List<string[]> Parse(string text, string sourceName)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        bool inQuotes = false, fieldStarted = false;
        int line = 1;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                    else inQuotes = false;
                }
                else { if (c == '\n') line++; field.Append(c); }
                continue;
            }
            switch (c)
            {
                case '"' when field.Length == 0 && !fieldStarted: inQuotes = true; fieldStarted = true; break;
                case '"': throw new FormatException($"{sourceName}, line {line}: a double quote inside an unquoted field; quote the whole field and double the quote (\"\").");
                case ',': fields.Add(field.ToString()); field.Clear(); fieldStarted = false; break;
                case '\r': break;
                case '\n':
                    fields.Add(field.ToString()); field.Clear(); fieldStarted = false;
                    records.Add([.. fields]); fields.Clear(); line++;
                    break;
                default: field.Append(c); fieldStarted = true; break;
            }
        }
        if (inQuotes) throw new FormatException($"{sourceName}: a quoted field is never closed (started before line {line}); add the closing double quote.");
        if (field.Length > 0 || fields.Count > 0 || fieldStarted) { fields.Add(field.ToString()); records.Add([.. fields]); }
        return records;
    }
}
