using System.Text;

namespace CaptioningKit.Data;

/// <summary>One CSV record: its fields and the line it starts on; or, when malformed, <see cref="Error"/>.</summary>
readonly record struct CsvRecord(IReadOnlyList<string> Fields, long Line, string? Error);

/// <summary>
/// A small RFC 4180 reader: fields separated by a delimiter (',' or TAB), records by LF or CRLF; a field may be quoted
/// with '"', and then holds delimiters, line breaks and doubled quotes ("" → "). A quote inside an unquoted field is
/// kept as text (common in hand-made files). Text after a closing quote, or a quote never closed, makes the record
/// malformed; the reader then resumes at the next line. Blank lines are skipped.
/// </summary>
sealed class CsvRecordReader(TextReader reader, char delimiter)
{
    long _line = 1;

    public IEnumerable<CsvRecord> Records()
    {
        while (Next() is { } record) yield return record;
    }

    CsvRecord? Next()
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var start = _line;
        bool inQuotes = false, afterQuote = false, any = false;
        while (true)
        {
            var c = reader.Read();
            if (c == -1)
            {
                if (inQuotes) return new CsvRecord(fields, start, "a quoted field is never closed (missing '\"')");
                if (!any) return null;
                fields.Add(field.ToString());
                return new CsvRecord(fields, start, null);
            }
            any = true;
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (reader.Peek() == '"') { reader.Read(); field.Append('"'); }
                    else { inQuotes = false; afterQuote = true; }
                }
                else
                {
                    if (c == '\n') _line++;
                    field.Append((char)c);
                }
                continue;
            }
            if (c == delimiter)
            {
                fields.Add(field.ToString());
                field.Clear();
                afterQuote = false;
            }
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && reader.Peek() == '\n') reader.Read();
                _line++;
                if (fields.Count == 0 && field.Length == 0 && !afterQuote) { any = false; continue; } // blank line
                fields.Add(field.ToString());
                return new CsvRecord(fields, start, null);
            }
            else if (afterQuote)
            {
                SkipRestOfLine();
                return new CsvRecord(fields, start, $"text after a closing quote in field {fields.Count + 1} (quote the whole field and double inner quotes)");
            }
            else if (c == '"' && field.Length == 0) inQuotes = true;
            else field.Append((char)c);
        }
    }

    void SkipRestOfLine()
    {
        int c;
        while ((c = reader.Read()) is not (-1 or '\n')) { }
        if (c == '\n') _line++;
    }
}
