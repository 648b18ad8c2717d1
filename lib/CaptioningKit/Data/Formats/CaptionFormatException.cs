namespace CaptioningKit.Data;

/// <summary>
/// A captions file could not be read: in strict mode the first malformed record (or missing image), in any mode a
/// file that is missing, has no usable header or is not valid JSON. The message names the file, the line and what is wrong.
/// </summary>
public sealed class CaptionFormatException : CaptioningDataException
{
    /// <summary>The file concerned.</summary>
    public string FilePath { get; }
    /// <summary>The 1-based line, or 0 when the whole file is concerned.</summary>
    public long Line { get; }

    /// <summary>Creates the exception; the message is "file:line: problem".</summary>
    public CaptionFormatException(string filePath, long line, string problem, Exception? inner = null)
        : base(line > 0 ? $"{filePath}:{line}: {problem}" : $"{filePath}: {problem}", inner)
    {
        FilePath = filePath;
        Line = line;
    }
}
