using System.Buffers;
using System.Text;

namespace CaptioningKit;

/// <summary>
/// Text files read strictly as UTF-8 (a byte-order mark may choose UTF-16/32): an invalid byte is an error naming the
/// file and the line, never a silent U+FFFD that would become a token. Used by every caption and BLEU reader.
/// </summary>
public static class TextFiles
{
    /// <summary>UTF-8 that throws on invalid bytes.</summary>
    public static UTF8Encoding StrictUtf8 { get; } = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>A reader that throws <see cref="DecoderFallbackException"/> on invalid UTF-8 (turn it into a clear error with <see cref="InvalidUtf8"/>).</summary>
    public static StreamReader OpenText(string path) => new(path, StrictUtf8, detectEncodingFromByteOrderMarks: true);

    /// <summary>The lines one by one, strictly decoded; invalid UTF-8 is an <see cref="InvalidDataException"/> naming the file and line.</summary>
    public static IEnumerable<string> ReadLines(string path)
    {
        using var reader = OpenText(path);
        while (true)
        {
            string? line;
            try { line = reader.ReadLine(); }
            catch (DecoderFallbackException e) { throw InvalidUtf8(path, e); }
            if (line is null) yield break;
            yield return line;
        }
    }

    /// <summary>Every line, strictly decoded; invalid UTF-8 is an <see cref="InvalidDataException"/> naming the file and line.</summary>
    public static string[] ReadAllLines(string path)
    {
        try { return File.ReadAllLines(path, StrictUtf8); }
        catch (DecoderFallbackException e) { throw InvalidUtf8(path, e); }
    }

    /// <summary>The whole text, strictly decoded; invalid UTF-8 is an <see cref="InvalidDataException"/> naming the file and line.</summary>
    public static string ReadAllText(string path)
    {
        try { return File.ReadAllText(path, StrictUtf8); }
        catch (DecoderFallbackException e) { throw InvalidUtf8(path, e); }
    }

    /// <summary>The error for a file that is not valid UTF-8: the line and byte offset of the first bad byte, and the fix.</summary>
    public static InvalidDataException InvalidUtf8(string path, Exception? inner = null)
    {
        var (line, offset, value) = FirstInvalidByte(path);
        var where = line > 0 ? $"{path}:{line}" : path;
        var what = line > 0 ? $"byte 0x{value:X2} at offset {offset} is not valid UTF-8" : "the text is not valid UTF-8";
        return new InvalidDataException($"{where}: {what}. Fix: save the file as UTF-8 (most editors: 'Save with encoding' > UTF-8).", inner);
    }

    /// <summary>The 1-based line, byte offset and value of the first invalid UTF-8 byte (0s when none is found).</summary>
    static (long Line, long Offset, byte Value) FirstInvalidByte(string path)
    {
        using var stream = File.OpenRead(path);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        var chars = ArrayPool<char>.Shared.Rent(1 << 16);
        try
        {
            long line = 1, position = 0;
            int carried = 0, read;
            while ((read = stream.Read(buffer, carried, (1 << 16) - carried)) > 0 || carried > 0)
            {
                var length = carried + read;
                var final = read == 0;
                var status = System.Text.Unicode.Utf8.ToUtf16(buffer.AsSpan(0, length), chars, out var used, out _, replaceInvalidSequences: false, isFinalBlock: final);
                line += buffer.AsSpan(0, used).Count((byte)'\n');
                if (status == OperationStatus.InvalidData || status == OperationStatus.NeedMoreData && final)
                    return (line, position + used, buffer[used]);
                position += used;
                carried = length - used;
                Array.Copy(buffer, used, buffer, 0, carried);
                if (final) break;
            }
            return (0, 0, 0);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            ArrayPool<char>.Shared.Return(chars);
        }
    }
}
