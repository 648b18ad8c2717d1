namespace CaptioningKit.Data;

/// <summary>
/// The base of every error the Data layer raises on purpose (downloads, archive extraction, caption files).
/// Its <see cref="Exception.Message"/> is written for a person: it names the URL or file and says what to do, so a host
/// (the CLI, a notebook) can print it as it is. Catch this one type to handle them all.
/// </summary>
public abstract class CaptioningDataException : Exception
{
    /// <summary>Creates the exception with a message that names the URL/file and the fix.</summary>
    protected CaptioningDataException(string message, Exception? inner = null) : base(message, inner) { }
}
