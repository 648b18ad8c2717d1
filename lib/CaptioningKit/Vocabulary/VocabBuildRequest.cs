namespace CaptioningKit.Vocabulary;

/// <summary>What the CLI's <c>vocab build</c> asks for.</summary>
/// <param name="DatasetFolder">A dataset folder in the user's-folder layout (holding captions.csv).</param>
/// <param name="Threshold">Minimum count for a token to be kept (count &gt;= threshold).</param>
/// <param name="Level">Word or character tokens.</param>
/// <param name="Preset">Word cleaning preset: "flickr8k" or "plain" (ignored for characters).</param>
/// <param name="TopK">Keep at most this many tokens besides the specials; null for no cap.</param>
/// <param name="OutputPath">Where to save; null for &lt;dataset&gt;/vocabulary.&lt;level&gt;.json.</param>
public sealed record VocabBuildRequest(string DatasetFolder, int Threshold = 1, VocabularyLevel Level = VocabularyLevel.Word,
    string Preset = "flickr8k", int? TopK = null, string? OutputPath = null);
