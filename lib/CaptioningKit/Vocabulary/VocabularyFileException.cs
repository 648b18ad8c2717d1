namespace CaptioningKit.Vocabulary;

/// <summary>A vocabulary file that cannot be loaded: the message names the file, what is wrong and what to do.</summary>
public sealed class VocabularyFileException(string path, string problem, Exception? inner = null)
    : Exception($"{path}: {problem}", inner)
{
    public string Path { get; } = path;
}
