namespace CaptioningKit.Vocabulary;

/// <summary>What <c>vocab build</c> did: the vocabulary, its report, where it was saved, and the lines to print.</summary>
public sealed record VocabBuildSummary(Vocab Vocab, VocabularyBuildReport Report, string SavedTo, double ValUnknownShare, IReadOnlyList<string> Lines);
