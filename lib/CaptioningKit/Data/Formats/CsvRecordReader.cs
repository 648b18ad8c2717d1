using System.Text;

namespace CaptioningKit.Data;

/// <summary>One CSV record: its fields and the line it starts on; or, when malformed, <see cref="Error"/>.</summary>
readonly record struct CsvRecord(IReadOnlyList<string> Fields, long Line, string? Error);

/// <summary>
/// A small RFC 4180 reader: fields separated by a delimiter (',' or TAB), records by LF or CRLF; a field may be quoted
/// with '"', and then holds delimiters, line breaks and doubled quotes ("" → "). A quote inside an unquoted field is
/// kept as text (common in hand-made files). Text after a closing quote, or a quote never closed, makes the record
/// malformed; the reader then resumes at the next line. Blank lines are skipped. A quote that is never closed, or a
/// quoted field that runs over a line break and then is not followed by a delimiter, would swallow every later row:
/// that is a <see cref="CaptionFormatException"/> naming the line the quote opened on, never a silently skipped record.
/// Invalid UTF-8 (from a reader made by <see cref="TextFiles.OpenText"/>) is an error naming the file and line.
/// </summary>
sealed class CsvRecordReader(TextReader reader, char delimiter, string file)
{
    long _line = 1;

    public IEnumerable<CsvRecord> Records()
    {
        while (true)
        {
            CsvRecord? record;
            try { record = Next(); }
            catch (DecoderFallbackException e) { throw TextFiles.InvalidUtf8(file, e); }
            if (record is not { } r) yield break;
            yield return r;
        }
    }

    CaptionFormatException UnclosedQuote(long start) => new(file, start,
        $"a quote opened on this line is never closed, so every later row (to line {_line}) would be read as part of one field. " +
        "Fix: close the quote, or double a quote that belongs to the caption (\"\")");

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
                if (inQuotes) throw UnclosedQuote(start);
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
                if (_line > start) throw UnclosedQuote(start); // a quote opened earlier closed on a later row: it swallowed the rows between
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
