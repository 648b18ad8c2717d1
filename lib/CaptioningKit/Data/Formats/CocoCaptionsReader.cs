using System.Text.RegularExpressions;

namespace CaptioningKit.Data;

/// <summary>
/// Reads a COCO captions file (<c>captions_train2014.json</c>, <c>captions_val2017.json</c>…): <c>images[{id, file_name}]</c>
/// and <c>annotations[{image_id, caption}]</c>, streamed token by token. The split comes from the file name: the word train, val or
/// test in it (captions_val2014, small_captions_val2014 → Val), Train with a note when it names none. Images are looked for in <c>&lt;name&gt;</c> (e.g. <c>train2014/</c>) beside the annotations
/// folder or inside it, unless <see cref="LoadOptions.ImageRoot"/> is given. The image id in the result is its file name.
/// </summary>
static partial class CocoCaptionsReader
{
    static readonly HashSet<string> Arrays = ["images", "annotations"];

    /// <summary>"train", "val" or "test" (optionally with a year, "val2014") as a word of the file name: captions_val2014,
    /// small_captions_val2014, captions_train-2017_subset … but not the "val" inside "interval".</summary>
    [GeneratedRegex(@"(?<![a-z])(?<split>train|val|test)(?<year>\d{4})?(?![a-z])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SetName();

    /// <summary>The split a COCO captions file holds and the image folder name it implies (val2014 → Val, "val2014"),
    /// from its file name; null when the name says neither (the folder is then the name after "captions_").</summary>
    internal static (Split? Split, string ImageFolder) SplitOf(string stem)
    {
        if (SetName().Match(stem) is { Success: true } m)
            return (DeterministicSplit.Parse(m.Groups["split"].Value), m.Value);
        return (null, stem.StartsWith("captions_", StringComparison.OrdinalIgnoreCase) ? stem["captions_".Length..] : stem);
    }

    public static CaptionLoadResult Load(string file, LoadOptions options)
    {
        if (!File.Exists(file)) throw new CaptionFormatException(file, 0, "the COCO captions file does not exist");
        var full = Path.GetFullPath(file);
        var stem = Path.GetFileNameWithoutExtension(full);
        var (split, set) = SplitOf(stem);
        var dir = Path.GetDirectoryName(full)!;
        var images = options.ImageRoot ?? new[] { Path.Combine(dir, "..", set), Path.Combine(dir, set) }
            .Select(Path.GetFullPath).FirstOrDefault(Directory.Exists) ?? Path.GetFullPath(Path.Combine(dir, "..", set));

        var collector = new CaptionCollector(CaptionDatasets.Coco, file, options);
        if (split is null) collector.Report.Note($"the file name '{Path.GetFileName(file)}' names no split (train, val or test, e.g. captions_val2014.json): every image is read as Train");
        var names = new Dictionary<long, (string Name, long Line)>();
        var captions = new List<(long ImageId, string Caption, long Line)>();
        using (var stream = File.OpenRead(file))
        {
            new JsonTokenStream(stream, file).ForEachRecord(Arrays, CaptionDatasets.Coco, (array, value, line) =>
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
            collector.Add(image.Name, imagePath, split ?? Split.Train, caption, file, image.Line);
        }
        foreach (var (id, image) in names)
            if (!withCaptions.Contains(id)) collector.Skipped(file, image.Line, ParseIssueKind.NoCaptions, $"image '{image.Name}' has no caption");
        return collector.Finish();
    }
}
