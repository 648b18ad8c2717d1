namespace CaptioningKit.Vocabulary;

/// <summary>A vocabulary and the report of how it was built.</summary>
public sealed record VocabularyBuildResult(Vocab Vocab, VocabularyBuildReport Report);
