using System.Text.RegularExpressions;
using CaptioningKit.Data.Generated;

namespace CaptioningKit.Tests.Data.Generated;

/// <summary>An independent reading of a shapes caption against the ground-truth boxes: lists every false statement.</summary>
static partial class CaptionTruth
{
    [GeneratedRegex(@"(?:(small|large) )?(red|green|blue|yellow|purple) (circle|square|triangle|diamond|cross)")]
    private static partial Regex Mention();

    public static List<string> Violations(string caption, IReadOnlyList<ObjectBox> boxes, int width, int height)
    {
        var problems = new List<string>();
        var mentions = Mention().Matches(caption).Select(m =>
        {
            var box = boxes.SingleOrDefault(b => b.Colour == m.Groups[2].Value && b.Shape == m.Groups[3].Value);
            if (box is null) problems.Add($"'{caption}' names a {m.Groups[2].Value} {m.Groups[3].Value} that is not in the image");
            else if (m.Groups[1].Success && m.Groups[1].Value != box.Size) problems.Add($"'{caption}' calls a {box.Size} object {m.Groups[1].Value}");
            return (m.Index, End: m.Index + m.Length, Box: box);
        }).ToList();
        if (mentions.Count == 0) problems.Add($"'{caption}' names no object");
        if (mentions.Any(m => m.Box is null)) return problems;

        PixelBox Before(int at) => mentions.Last(m => m.End <= at).Box!.Box;
        PixelBox After(int at) => mentions.First(m => m.Index >= at).Box!.Box;
        foreach (var (phrase, truth) in new (string, Func<PixelBox, PixelBox, bool>)[]
                 {
                     (" to the left of ", (a, b) => a.CentreX < b.CentreX), (" to the right of ", (a, b) => a.CentreX > b.CentreX),
                     (" above ", (a, b) => a.CentreY < b.CentreY), (" below ", (a, b) => a.CentreY > b.CentreY),
                 })
            foreach (Match m in Regex.Matches(caption, phrase))
                if (!truth(Before(m.Index), After(m.Index + m.Length))) problems.Add($"'{caption}': '{phrase.Trim()}' is false");
        foreach (var (phrase, truth) in new (string, Func<PixelBox, bool>)[]
                 {
                     (" on the left", b => b.CentreX < width / 2.0), (" on the right", b => b.CentreX > width / 2.0),
                     (" at the top", b => b.CentreY < height / 2.0), (" at the bottom", b => b.CentreY > height / 2.0),
                 })
            foreach (Match m in Regex.Matches(caption, phrase))
                if (!truth(Before(m.Index))) problems.Add($"'{caption}': '{phrase.Trim()}' is false");
        foreach (Match m in Regex.Matches(caption, @" is (small|large)$"))
            if (mentions.Last(x => x.End <= m.Index).Box!.Size != m.Groups[1].Value) problems.Add($"'{caption}': size is false");
        return problems;
    }
}
