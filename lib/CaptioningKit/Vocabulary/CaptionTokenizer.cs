using System.Text;
using CaptioningKit.Vocabulary.Cleaning;

namespace CaptioningKit.Vocabulary;

/// <summary>Splits a caption into tokens: cleaned words, or characters (Unicode scalars, surrounding spaces trimmed).</summary>
public static class CaptionTokenizer
{
    public static List<string> Tokenize(string caption, VocabularyLevel level, CleaningPipeline cleaning, Action<string, string>? dropped = null) =>
        level == VocabularyLevel.Word
            ? cleaning.Clean(caption, dropped)
            : caption.Trim().EnumerateRunes().Select(r => r.ToString()).ToList();
}
