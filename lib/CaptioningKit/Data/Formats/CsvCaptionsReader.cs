namespace CaptioningKit.Data;

/// <summary>
/// Reads a captions table, one caption a row, in the layout the kit uses for the user's own data, for its built-in
/// generated datasets, and (without the split column) for Kaggle's Flickr8k <c>captions.txt</c>:
/// <code>
/// &lt;root&gt;/captions.csv   (or captions.tsv, or Kaggle's captions.txt)
/// &lt;root&gt;/images/...     (Kaggle: Images/)
///
/// image,caption,split
/// 0001.png,a red circle above a blue square,train
/// 0001.png,"a circle, red, over a square",train
/// sub/0002.png,"she said ""hi""",val
/// </code>
/// <list type="bullet">
/// <item>UTF-8 (a BOM is fine), LF or CRLF line ends. Header required: <c>image,caption</c> with optional <c>split</c>,
///   in any order, case-insensitive. <c>.tsv</c> files (or a header with a TAB and no comma) are TAB-separated.</item>
/// <item>RFC 4180 quoting: a field with the delimiter, a quote or a line break is quoted, inner quotes doubled.</item>
/// <item><c>image</c> is a path relative to <c>images/</c> with '/' separators (no '..', not absolute); an image has as
///   many rows as captions, all with the same split.</item>
/// <item><c>split</c> is train, val or test (also valid/validation/dev, restval). When the column is absent, or a cell
///   is empty, <see cref="DeterministicSplit"/> decides: 80/10/10 by a hash of the image name.</item>
/// </list>
/// </summary>
public static class CsvCaptionsReader
{
    /// <summary>Reads <paramref name="file"/>; images are looked up in <c>images/</c> (or <c>Images/</c>) beside it
    /// unless <see cref="LoadOptions.ImageRoot"/> says otherwise.</summary>
    public static CaptionLoadResult Load(string file, string format, LoadOptions options)
    {
        if (!File.Exists(file)) throw new CaptionFormatException(file, 0, "the captions file does not exist");
        var root = Path.GetDirectoryName(Path.GetFullPath(file))!;
        var images = options.ImageRoot ?? Flickr8kReader.FirstExisting(root, "images", "Images");
        var collector = new CaptionCollector(format, file, options);

        var delimiter = ChooseDelimiter(file);
        using var reader = TextFiles.OpenText(file);
        var records = new CsvRecordReader(reader, delimiter, file).Records().GetEnumerator();
        if (!records.MoveNext() || records.Current.Error is not null)
            throw new CaptionFormatException(file, 1, "missing header; the first line must be 'image,caption' or 'image,caption,split'");
        var header = records.Current.Fields.Select(h => h.Trim().Trim(ByteOrderMark).ToLowerInvariant()).ToList();
        int imageCol = header.IndexOf("image"), captionCol = header.IndexOf("caption"), splitCol = header.IndexOf("split");
        if (imageCol < 0 || captionCol < 0)
            throw new CaptionFormatException(file, 1, $"the header '{string.Join(delimiter, records.Current.Fields)}' has no 'image' and 'caption' columns; expected 'image,caption[,split]'");
        if (splitCol < 0) collector.Report.Note("no split column: split 80/10/10 by a hash of the image name");

        while (records.MoveNext())
        {
            var (fields, line, error) = records.Current;
            collector.Read();
            if (error is not null) { collector.Malformed(file, line, error); continue; }
            if (fields.Count != header.Count)
            {
                collector.Malformed(file, line, $"{fields.Count} fields where the header has {header.Count}; quote a caption that contains '{(delimiter == '\t' ? "TAB" : ",")}'");
                continue;
            }
            var name = fields[imageCol].Trim();
            var caption = fields[captionCol].Trim();
            if (name.Length == 0) { collector.Malformed(file, line, "the image name is empty"); continue; }
            if (caption.Length == 0) { collector.Malformed(file, line, "the caption is empty"); continue; }
            var splitText = splitCol >= 0 ? fields[splitCol].Trim() : "";
            var split = splitText.Length == 0 ? DeterministicSplit.Of(name) : DeterministicSplit.Parse(splitText);
            if (split is null) { collector.Malformed(file, line, $"unknown split '{splitText}'; use train, val or test"); continue; }
            if (SafeRelativePath.Join(images, name, out var reason) is not { } imagePath)
            {
                collector.Malformed(file, line, $"image name '{name}' is unsafe: {reason}; give a path relative to the images folder");
                continue;
            }
            collector.Add(name, imagePath, split.Value, caption, file, line);
        }
        return collector.Finish();
    }

    /// <summary>U+FEFF: a byte order mark that was not at the very start of the bytes (e.g. a file saved twice by Excel).</summary>
    const char ByteOrderMark = '\uFEFF';

    /// <summary>TAB for .tsv or a TAB-only header, else ','. The header is sniffed with its own reader: rewinding a
    /// StreamReader would decode the UTF-8 BOM a second time, as U+FEFF glued to the first column's name.</summary>
    static char ChooseDelimiter(string file)
    {
        if (file.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase)) return '\t';
        var first = TextFiles.ReadLines(file).FirstOrDefault() ?? ""; // strict UTF-8: invalid bytes name the file and line
        return first.Contains('\t') && !first.Contains(',') ? '\t' : ',';
    }
}
