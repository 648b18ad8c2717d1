namespace CaptioningKit.Data;

/// <summary>
/// Reads Karpathy's split files (<c>dataset_coco.json</c>, <c>dataset_flickr8k.json</c>, <c>dataset_flickr30k.json</c>):
/// <c>images[{filename, filepath?, split, sentences[{raw, tokens}]}]</c>, streamed. Split train/restval → Train, val → Val,
/// test → Test. The caption is <c>raw</c> (or the tokens joined by spaces when raw is missing). Images are at
/// <c>&lt;image root&gt;/&lt;filepath&gt;/&lt;filename&gt;</c>; the image root is <see cref="LoadOptions.ImageRoot"/>, else the
/// JSON file's folder (for COCO that holds train2014/ and val2014/).
/// </summary>
static class KarpathySplitReader
{
    static readonly HashSet<string> Arrays = ["images"];

    public static CaptionLoadResult Load(string file, LoadOptions options)
    {
        if (!File.Exists(file)) throw new CaptionFormatException(file, 0, "the Karpathy split file does not exist");
        var root = options.ImageRoot ?? Path.GetDirectoryName(Path.GetFullPath(file))!;
        var collector = new CaptionCollector(CaptionDatasets.Karpathy, file, options);
        using var stream = File.OpenRead(file);
        new JsonTokenStream(stream, file).ForEachRecord(Arrays, CaptionDatasets.Karpathy, (_, value, line) =>
        {
            collector.Read();
            if (value is not Dictionary<string, object?> obj || obj.GetValueOrDefault("filename") is not string { Length: > 0 } name)
            {
                collector.Malformed(file, line, "an image without a 'filename'");
                return;
            }
            var splitText = obj.GetValueOrDefault("split") as string;
            if (DeterministicSplit.Parse(splitText) is not { } split)
            {
                collector.Malformed(file, line, $"image '{name}' has split '{splitText}'; expected train, val, test or restval");
                return;
            }
            var relative = obj.GetValueOrDefault("filepath") is string { Length: > 0 } folder ? folder + "/" + name : name;
            if (SafeRelativePath.Join(root, relative, out var reason) is not { } imagePath)
            {
                collector.Malformed(file, line, $"image path '{relative}' is unsafe: {reason}");
                return;
            }
            var any = false;
            foreach (var sentence in obj.GetValueOrDefault("sentences") as List<object?> ?? [])
            {
                var s = sentence as Dictionary<string, object?>;
                var caption = (s?.GetValueOrDefault("raw") as string)?.Trim();
                if (string.IsNullOrEmpty(caption) && s?.GetValueOrDefault("tokens") is List<object?> tokens)
                    caption = string.Join(' ', tokens.OfType<string>());
                if (string.IsNullOrEmpty(caption)) continue;
                any = true;
                if (!collector.Add(name, imagePath, split, caption, file, line)) return;
            }
            if (!any) collector.Malformed(file, line, $"image '{name}' has no sentences with 'raw' or 'tokens'");
        });
        return collector.Finish();
    }
}
