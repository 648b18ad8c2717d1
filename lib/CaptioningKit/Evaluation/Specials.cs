using CaptioningKit.Decoder;

namespace CaptioningKit.Evaluation;

/// <summary>
/// The one place where captions lose their special tokens before they are scored. BLEU, edit distances and anything
/// shown to a person compare words only: &lt;start&gt;, &lt;end&gt; and &lt;pad&gt; are removed (&lt;unk&gt; stays: a word the model
/// could not name is still a word, and a wrong one). Every caller (training, evaluation, CLI, notebooks) uses this.
/// </summary>
public static class Specials
{
    static readonly HashSet<string> Removed = new(StringComparer.Ordinal)
    {
        SpecialTokens.StartText, SpecialTokens.EndText, SpecialTokens.PadText,
    };

    /// <summary>The tokens without &lt;start&gt;, &lt;end&gt; and &lt;pad&gt;, in their order.</summary>
    public static string[] Strip(IEnumerable<string> tokens) => tokens.Where(t => !Removed.Contains(t)).ToArray();

    /// <summary>True for &lt;start&gt;, &lt;end&gt; and &lt;pad&gt;.</summary>
    public static bool IsStripped(string token) => Removed.Contains(token);
}
