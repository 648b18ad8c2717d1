namespace CaptioningKit.Data;

/// <summary>
/// Reads the original Flickr8k release: <c>Flickr8k.token.txt</c>, one caption a line as <c>name.jpg#N&lt;TAB&gt;caption</c>
/// (N = 0..4, LF or CRLF), the split lists <c>Flickr_8k.trainImages.txt</c>, <c>Flickr_8k.devImages.txt</c> (→ Val) and
/// <c>Flickr_8k.testImages.txt</c> beside it, and the images in <c>Flicker8k_Dataset/</c> (sic: the release has that
/// typo; <c>Flickr8k_Dataset/</c> and <c>Images/</c> are accepted too). Images in no list (91 in the real release) are
/// left out and counted as <see cref="ParseIssueKind.NotInSplit"/>; without any list, <see cref="DeterministicSplit"/> decides.
/// </summary>
static class Flickr8kReader
{
    public const string TokenFile = "Flickr8k.token.txt";

    public static CaptionLoadResult Load(string path, LoadOptions options)
    {
        var tokenFile = Directory.Exists(path) ? Path.Combine(path, TokenFile) : path;
        if (!File.Exists(tokenFile))
            throw new CaptionFormatException(tokenFile, 0, $"no Flickr8k captions file here; expected {TokenFile} (from Flickr8k_text.zip)");
        var root = Path.GetDirectoryName(Path.GetFullPath(tokenFile))!;
        var images = options.ImageRoot ?? FirstExisting(root, "Flicker8k_Dataset", "Flickr8k_Dataset", "Images");
        var collector = new CaptionCollector(CaptionDatasets.Flickr8k, tokenFile, options);
        var splits = ReadSplitLists(root);
        if (splits is null) collector.Report.Note("no Flickr_8k.*Images.txt split lists found: split 80/10/10 by a hash of the image name");

        var numbers = new Dictionary<(string Image, int Number), long>();
        long line = 0;
        foreach (var text in TextFiles.ReadLines(tokenFile))
        {
            line++;
            if (text.Length == 0) continue;
            collector.Read();
            var tab = text.IndexOf('\t');
            if (tab < 0) { collector.Malformed(tokenFile, line, "no TAB between 'image.jpg#N' and the caption"); continue; }
            var key = text[..tab].Trim();
            var caption = text[(tab + 1)..].Trim();
            var hash = key.LastIndexOf('#');
            if (hash <= 0 || !int.TryParse(key[(hash + 1)..], out var number))
            {
                collector.Malformed(tokenFile, line, $"'{key}' is not 'image.jpg#N' (N = caption number)");
                continue;
            }
            if (caption.Length == 0) { collector.Malformed(tokenFile, line, "the caption is empty"); continue; }
            var name = key[..hash];
            Split split;
            if (splits is null) split = DeterministicSplit.Of(name);
            else if (splits.TryGetValue(name, out var s)) split = s;
            else
            {
                collector.Skipped(tokenFile, line, ParseIssueKind.NotInSplit, $"image '{name}' is in no split list");
                continue;
            }
            if (SafeRelativePath.Join(images, name, out var reason) is not { } imagePath)
            {
                collector.Malformed(tokenFile, line, $"image name '{name}' is unsafe: {reason}");
                continue;
            }
            if (!numbers.TryAdd((name, number), line))
                collector.Warn(tokenFile, line, ParseIssueKind.DuplicateCaptionNumber,
                    $"'{key}' is used twice (first at line {numbers[(name, number)]}); both captions are kept: check the file was not concatenated or edited by hand");
            collector.Add(name, imagePath, split, caption, tokenFile, line);
        }
        return collector.Finish();
    }

    static Dictionary<string, Split>? ReadSplitLists(string root)
    {
        var lists = new[] { ("Flickr_8k.trainImages.txt", Split.Train), ("Flickr_8k.devImages.txt", Split.Val), ("Flickr_8k.testImages.txt", Split.Test) };
        if (!lists.Any(l => File.Exists(Path.Combine(root, l.Item1)))) return null;
        var map = new Dictionary<string, Split>(StringComparer.Ordinal);
        foreach (var (file, split) in lists)
        {
            var full = Path.Combine(root, file);
            if (!File.Exists(full)) continue;
            foreach (var name in TextFiles.ReadLines(full).Select(l => l.Trim()).Where(l => l.Length > 0)) map.TryAdd(name, split);
        }
        return map;
    }

    internal static string FirstExisting(string root, params string[] names) =>
        names.Select(n => Path.Combine(root, n)).FirstOrDefault(Directory.Exists) ?? Path.Combine(root, names[0]);
}
