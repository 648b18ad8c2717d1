using CaptioningKit.Data;

namespace CaptioningKit.Vocabulary;

/// <summary>
/// What <c>vocab build</c> did: the vocabulary, its report, where it was saved, the lines to print, and the parse
/// report of the captions file (rows skipped and why).
/// </summary>
public sealed record VocabBuildSummary(Vocab Vocab, VocabularyBuildReport Report, string SavedTo, double ValUnknownShare, IReadOnlyList<string> Lines, ParseReport Captions);
