namespace CaptioningKit.Data;

/// <summary>
/// What every reader shares: groups captions by image in first-seen order, records issues (throwing in strict mode),
/// checks image files, and builds the <see cref="CaptionLoadResult"/>.
/// </summary>
sealed class CaptionCollector(string format, string source, LoadOptions options)
{
    sealed class Entry(string id, string path, Split split, string file, long line)
    {
        public string Id => id;
        public string Path => path;
        public Split Split => split;
        public string File => file;
        public long Line => line;
        public List<string> Captions { get; } = [];
    }

    readonly Dictionary<string, Entry> _byId = new(StringComparer.Ordinal);
    readonly List<Entry> _order = [];

    public ParseReport Report { get; } = new(format, source, options.MaxIssuesKept);
    public LoadOptions Options => options;

    public void Read() => Report.RecordsRead++;

    /// <summary>A malformed record: throws in strict mode, else counts it as skipped.</summary>
    public void Malformed(string file, long line, string problem)
    {
        if (options.Strict) throw new CaptionFormatException(file, line, problem);
        Report.Add(new ParseIssue(file, line, ParseIssueKind.Malformed, problem));
        Report.RecordsSkipped++;
    }

    /// <summary>A record left out for a reason that is not an error.</summary>
    public void Skipped(string file, long line, ParseIssueKind kind, string problem)
    {
        Report.Add(new ParseIssue(file, line, kind, problem));
        Report.RecordsSkipped++;
    }

    /// <summary>A record kept but worth reporting (<see cref="ParseReport.IsKept"/>): counted, never thrown, never skipped.</summary>
    public void Warn(string file, long line, ParseIssueKind kind, string problem) => Report.Add(new ParseIssue(file, line, kind, problem));

    /// <summary>Adds one caption of image <paramref name="id"/>; returns false (and reports) when it contradicts an earlier record.
    /// A caption holding a TAB or a line break is kept as it is and reported (<see cref="ParseIssueKind.TabOrNewline"/>).</summary>
    public bool Add(string id, string imagePath, Split split, string caption, string file, long line)
    {
        if (caption.AsSpan().IndexOfAny('\t', '\n', '\r') >= 0)
            Warn(file, line, ParseIssueKind.TabOrNewline,
                $"a caption of image '{id}' contains a {(caption.Contains('\t') ? "TAB" : "line break")}; kept as it is (tokens split on it), but a file with one caption a line would break there");
        if (!_byId.TryGetValue(id, out var entry))
        {
            entry = new Entry(id, imagePath, split, file, line);
            _byId[id] = entry;
            _order.Add(entry);
        }
        else if (entry.Split != split)
        {
            Malformed(file, line, $"image '{id}' is in split {split} here but in {entry.Split} at line {entry.Line}");
            return false;
        }
        entry.Captions.Add(caption);
        return true;
    }

    public bool Contains(string id) => _byId.ContainsKey(id);

    public CaptionLoadResult Finish()
    {
        var images = new List<CaptionedImage>(_order.Count);
        foreach (var e in _order)
        {
            if (options.CheckImagesExist && !File.Exists(e.Path))
            {
                var problem = $"image '{e.Id}' is listed but its file '{e.Path}' does not exist";
                if (options.Strict) throw new CaptionFormatException(e.File, e.Line, problem + " (run without strict mode to skip it)");
                Report.Add(new ParseIssue(e.File, e.Line, ParseIssueKind.MissingImage, problem));
                Report.RecordsSkipped += e.Captions.Count;
                continue;
            }
            images.Add(new CaptionedImage(e.Id, e.Path, e.Captions.ToArray(), e.Split));
            Report.CaptionsLoaded += e.Captions.Count;
        }
        Report.ImagesLoaded = images.Count;
        return new CaptionLoadResult(images, Report);
    }
}
