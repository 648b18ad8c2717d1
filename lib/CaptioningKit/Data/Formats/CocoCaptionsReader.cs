namespace CaptioningKit.Data;

/// <summary>
/// Reads a COCO captions file (<c>captions_train2014.json</c>, <c>captions_val2017.json</c>…): <c>images[{id, file_name}]</c>
/// and <c>annotations[{image_id, caption}]</c>, streamed token by token. The split comes from the file name (train → Train,
/// val → Val, test → Test). Images are looked for in <c>&lt;name&gt;</c> (e.g. <c>train2014/</c>) beside the annotations
/// folder or inside it, unless <see cref="LoadOptions.ImageRoot"/> is given. The image id in the result is its file name.
/// </summary>
static class CocoCaptionsReader
{
    static readonly HashSet<string> Arrays = ["images", "annotations"];

    public static CaptionLoadResult Load(string file, LoadOptions options)
    {
        if (!File.Exists(file)) throw new CaptionFormatException(file, 0, "the COCO captions file does not exist");
        var full = Path.GetFullPath(file);
        var stem = Path.GetFileNameWithoutExtension(full);
        var set = stem.StartsWith("captions_", StringComparison.OrdinalIgnoreCase) ? stem["captions_".Length..] : stem;
        var split = set.StartsWith("val", StringComparison.OrdinalIgnoreCase) ? Split.Val
            : set.StartsWith("test", StringComparison.OrdinalIgnoreCase) ? Split.Test : Split.Train;
        var dir = Path.GetDirectoryName(full)!;
        var images = options.ImageRoot ?? new[] { Path.Combine(dir, "..", set), Path.Combine(dir, set) }
            .Select(Path.GetFullPath).FirstOrDefault(Directory.Exists) ?? Path.GetFullPath(Path.Combine(dir, "..", set));

        var collector = new CaptionCollector(CaptionDatasets.Coco, file, options);
        var names = new Dictionary<long, (string Name, long Line)>();
        var captions = new List<(long ImageId, string Caption, long Line)>();
        using (var stream = File.OpenRead(file))
        {
            new JsonTokenStream(stream, file).ForEachRecord(Arrays, (array, value, line) =>
            {
                collector.Read();
                var obj = value as Dictionary<string, object?>;
                if (array == "images")
                {
                    if (obj?.GetValueOrDefault("id") is not long id || obj.GetValueOrDefault("file_name") is not string { Length: > 0 } name)
                        collector.Malformed(file, line, "an image without a numeric 'id' and a 'file_name'");
                    else if (!names.TryAdd(id, (name, line)))
                        collector.Malformed(file, line, $"image id {id} appears twice");
                }
                else if (obj?.GetValueOrDefault("image_id") is not long imageId || obj.GetValueOrDefault("caption") is not string caption)
                    collector.Malformed(file, line, "an annotation without a numeric 'image_id' and a 'caption'");
                else if (caption.Trim().Length == 0)
                    collector.Malformed(file, line, "the caption is empty");
                else
                    captions.Add((imageId, caption.Trim(), line));
            });
        }

        var withCaptions = new HashSet<long>();
        foreach (var (imageId, caption, line) in captions)
        {
            if (!names.TryGetValue(imageId, out var image)) { collector.Malformed(file, line, $"the caption's image_id {imageId} is not in 'images'"); continue; }
            if (SafeRelativePath.Join(images, image.Name, out var reason) is not { } imagePath)
            {
                collector.Malformed(file, image.Line, $"image file name '{image.Name}' is unsafe: {reason}");
                continue;
            }
            withCaptions.Add(imageId);
            collector.Add(image.Name, imagePath, split, caption, file, image.Line);
        }
        foreach (var (id, image) in names)
            if (!withCaptions.Contains(id)) collector.Skipped(file, image.Line, ParseIssueKind.NoCaptions, $"image '{image.Name}' has no caption");
        return collector.Finish();
    }
}
