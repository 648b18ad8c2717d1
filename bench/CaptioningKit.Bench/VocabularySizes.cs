using CaptioningKit.Data.Generated;
using CaptioningKit.Vocabulary;

namespace CaptioningKit.Bench;

/// <summary>
/// Generates both built-in sets at their default settings (seed 42, 2000/200/200) into a temporary folder and prints
/// the vocabulary sizes that <c>vocab build</c> gives: word level (Flickr8k and plain cleaning) at thresholds 1 and 5,
/// and character level.
/// </summary>
static class VocabularySizes
{
    public static int Run()
    {
        var dir = Path.Combine(Path.GetTempPath(), "captioningkit-vocab-" + Guid.NewGuid().ToString("N"));
        try
        {
            Console.WriteLine($"{"set",-10} {"level",-6} {"preset",-9} {"threshold",9} {"size",5} {"<unk> val",10}");
            foreach (var name in BuiltInDatasets.Names)
            {
                var folder = BuiltInDatasets.Generate(name, dir).Folder;
                foreach (var (level, preset, threshold) in new[]
                         {
                             (VocabularyLevel.Word, "flickr8k", 1), (VocabularyLevel.Word, "flickr8k", 5),
                             (VocabularyLevel.Word, "plain", 1), (VocabularyLevel.Word, "plain", 5),
                             (VocabularyLevel.Char, "-", 1), (VocabularyLevel.Char, "-", 5),
                         })
                {
                    var s = DatasetVocabulary.Build(new DatasetVocabularyRequest(folder, threshold, level, preset == "-" ? "flickr8k" : preset,
                        OutputPath: Path.Combine(dir, "v.json")));
                    Console.WriteLine($"{name,-10} {level.ToString().ToLowerInvariant(),-6} {preset,-9} {threshold,9} {s.Vocab.Size,5} {s.ValUnknownShare,10:P2}");
                }
            }
            return 0;
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }
}
