namespace CaptioningKit.Images;

/// <summary>
/// Detects files cut short (an interrupted download): ImageSharp fills a truncated JPEG with grey rather than
/// failing, so the kit checks the end marker itself. JPEG must end with EOI (FF D9, trailing zero padding allowed);
/// PNG must end with its IEND chunk.
/// </summary>
static class TruncationCheck
{
    static readonly byte[] IEnd = "IEND"u8.ToArray();

    /// <summary>Null when complete, else what is missing.</summary>
    public static string? Describe(string formatName, byte[] bytes)
    {
        if (formatName == "JPEG")
        {
            var end = bytes.Length;
            while (end > 2 && bytes[end - 1] == 0) end--; // some writers pad with zeros
            return end >= 2 && bytes[end - 2] == 0xFF && bytes[end - 1] == 0xD9
                ? null
                : $"It has {bytes.Length} bytes and no JPEG end marker (FF D9): download or copy it again.";
        }
        if (formatName == "PNG")
        {
            var tail = bytes.AsSpan(Math.Max(0, bytes.Length - 12));
            return tail.IndexOf(IEnd) >= 0
                ? null
                : $"It has {bytes.Length} bytes and no PNG IEND chunk: download or copy it again.";
        }
        return null;
    }
}
