using System.Text.Json;

namespace CaptioningKit.Data;

/// <summary>
/// Reads a JSON file token by token with <see cref="Utf8JsonReader"/> over a growing buffer refilled from the stream,
/// so a 100 MB COCO file is never held (or parsed into a document) whole. Tracks the line of each token for reports.
/// <see cref="ReadValue"/> turns one small value (a single image record) into plain objects:
/// string, long, double, bool, null, <see cref="List{T}"/> and <see cref="Dictionary{TKey,TValue}"/>.
/// </summary>
sealed class JsonTokenStream(Stream stream, string file)
{
    byte[] _buffer = new byte[1 << 16];
    int _start, _end;
    bool _final, _bomChecked;
    JsonReaderState _state;
    long _line = 1;

    public JsonTokenType Token { get; private set; }
    public string? Text { get; private set; }
    object? _number;
    /// <summary>The 1-based line where the current token starts.</summary>
    public long Line { get; private set; }

    public bool Read()
    {
        if (!_bomChecked) SkipByteOrderMark();
        while (true)
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _final, _state);
            bool ok;
            try { ok = reader.Read(); }
            catch (JsonException e)
            {
                throw new CaptionFormatException(file, _line + (e.LineNumber ?? 0), $"not valid JSON ({e.Message}); the file may be cut short: download it again");
            }
            if (ok)
            {
                var span = _buffer.AsSpan(_start, (int)reader.BytesConsumed);
                Line = _line + span[..(int)reader.TokenStartIndex].Count((byte)'\n');
                _line += span.Count((byte)'\n');
                Token = reader.TokenType;
                try { Text = Token is JsonTokenType.String or JsonTokenType.PropertyName ? reader.GetString() : null; }
                catch (InvalidOperationException e) // the string's bytes are not UTF-8
                {
                    throw new CaptionFormatException(file, Line, "a string is not valid UTF-8. Fix: save the file as UTF-8", e);
                }
                _number = Token == JsonTokenType.Number ? (reader.TryGetInt64(out var l) ? (object)l : reader.GetDouble()) : null;
                _start += (int)reader.BytesConsumed;
                _state = reader.CurrentState;
                return true;
            }
            if (_final) return false;
            Refill();
        }
    }

    /// <summary>A UTF-8 byte order mark (EF BB BF, written by Notepad and some exporters) is not JSON: step over it.</summary>
    void SkipByteOrderMark()
    {
        _bomChecked = true;
        while (_end - _start < 3 && !_final) Refill();
        if (_buffer.AsSpan(_start, _end - _start).StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) _start += 3;
    }

    void Refill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
        var n = stream.Read(_buffer, _end, _buffer.Length - _end);
        if (n == 0) _final = true;
        else _end += n;
    }

    /// <summary>Reads the next token, failing with a clear message at the end of the file.</summary>
    public void MustRead()
    {
        if (!Read()) throw new CaptionFormatException(file, _line, "the JSON ends too early; the file may be cut short: download it again");
    }

    /// <summary>The current value (the token just read) as plain objects; leaves the stream after it.</summary>
    public object? ReadValue()
    {
        switch (Token)
        {
            case JsonTokenType.StartObject:
                var obj = new Dictionary<string, object?>(StringComparer.Ordinal);
                while (true)
                {
                    MustRead();
                    if (Token == JsonTokenType.EndObject) return obj;
                    var name = Text!;
                    MustRead();
                    obj[name] = ReadValue();
                }
            case JsonTokenType.StartArray:
                var list = new List<object?>();
                while (true)
                {
                    MustRead();
                    if (Token == JsonTokenType.EndArray) return list;
                    list.Add(ReadValue());
                }
            case JsonTokenType.String: return Text;
            case JsonTokenType.Number: return _number;
            case JsonTokenType.True: return true;
            case JsonTokenType.False: return false;
            default: return null;
        }
    }

    /// <summary>Skips the current value without building it.</summary>
    public void Skip()
    {
        if (Token is not (JsonTokenType.StartObject or JsonTokenType.StartArray)) return;
        var depth = 1;
        while (depth > 0)
        {
            MustRead();
            if (Token is JsonTokenType.StartObject or JsonTokenType.StartArray) depth++;
            else if (Token is JsonTokenType.EndObject or JsonTokenType.EndArray) depth--;
        }
    }

    /// <summary>Walks the top-level object, calling <paramref name="onRecord"/> for each element of the arrays named in
    /// <paramref name="arrays"/> (with the array name, the element and its line); other properties are skipped.
    /// Each of those arrays must be present and be an array: a file without one, or with an object in its place, is not
    /// in the format <paramref name="format"/> and fails with a message that says so (never "0 images").</summary>
    public void ForEachRecord(IReadOnlySet<string> arrays, string format, Action<string, object?, long> onRecord)
    {
        MustRead();
        if (Token != JsonTokenType.StartObject)
            throw new CaptionFormatException(file, Line, "expected a JSON object at the top of the file");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            MustRead();
            if (Token == JsonTokenType.EndObject) break;
            var name = Text!;
            MustRead();
            if (!arrays.Contains(name)) { Skip(); continue; }
            if (Token != JsonTokenType.StartArray)
                throw new CaptionFormatException(file, Line,
                    $"\"{name}\" is {Describe(Token)}, but a {format} file has an array there ([{{...}}, ...]); the file is not in the {format} layout: check that it is the original download");
            seen.Add(name);
            while (true)
            {
                MustRead();
                if (Token == JsonTokenType.EndArray) break;
                var line = Line;
                onRecord(name, ReadValue(), line);
            }
        }
        if (arrays.FirstOrDefault(a => !seen.Contains(a)) is { } missing)
            throw new CaptionFormatException(file, 0,
                $"has no \"{missing}\" array at the top level, so it is not a {format} file (expected: {string.Join(", ", arrays.Order().Select(a => $"\"{a}\": [...]"))}); check the file, or name its format");
    }

    static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object ({...})",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        _ => "null",
    };
}
