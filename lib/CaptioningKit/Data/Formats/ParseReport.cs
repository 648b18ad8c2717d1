using System.Text;

namespace CaptioningKit.Data;

/// <summary>Why a record (or image) was left out.</summary>
public enum ParseIssueKind
{
    /// <summary>The record is not in the expected shape (missing field, bad split name, empty caption…).</summary>
    Malformed,
    /// <summary>The image file is listed but not on disk.</summary>
    MissingImage,
    /// <summary>The image is in no split list (Flickr8k lists 8,000 of its 8,091 images); not an error.</summary>
    NotInSplit,
    /// <summary>An image with no caption at all (e.g. a COCO image without annotations).</summary>
    NoCaptions,
    /// <summary>Kept, but worth a look: a Flickr8k caption number used twice for one image (<c>a.jpg#2</c> on two lines),
    /// as in a file that was concatenated or edited by hand. Both captions are kept.</summary>
    DuplicateCaptionNumber,
    /// <summary>Kept, but worth a look: a caption holds a TAB or a line break (a quoted CSV field, a JSON "\n"). Tokenizing
    /// treats it as a space; a one-caption-a-line file (BLEU references, Flickr8k tokens) would break there.</summary>
    TabOrNewline,
}

/// <summary>One problem, where it is: <paramref name="File"/> and 1-based <paramref name="Line"/>.</summary>
public sealed record ParseIssue(string File, long Line, ParseIssueKind Kind, string Problem)
{
    /// <inheritdoc/>
    public override string ToString() => $"{File}:{Line}: {Problem}";
}

/// <summary>What a reader read and what it left out, and why.</summary>
public sealed class ParseReport
{
    readonly List<ParseIssue> _issues = [];
    readonly List<string> _notes = [];
    readonly int _maxKept;
    readonly Dictionary<ParseIssueKind, int> _counts = [];

    internal ParseReport(string format, string source, int maxKept)
    {
        Format = format;
        Source = source;
        _maxKept = maxKept;
    }

    /// <summary>The format name read.</summary>
    public string Format { get; }
    /// <summary>The main file read.</summary>
    public string Source { get; }
    /// <summary>Records (lines, rows, annotations, sentences) read.</summary>
    public long RecordsRead { get; internal set; }
    /// <summary>Records left out (malformed, or belonging to a skipped image).</summary>
    public long RecordsSkipped { get; internal set; }
    /// <summary>Images in the result.</summary>
    public int ImagesLoaded { get; internal set; }
    /// <summary>Captions in the result.</summary>
    public long CaptionsLoaded { get; internal set; }
    /// <summary>The first <see cref="LoadOptions.MaxIssuesKept"/> issues in detail (records left out, and records kept
    /// but worth a look: see <see cref="IsKept"/>).</summary>
    public IReadOnlyList<ParseIssue> Issues => _issues;
    /// <summary>Facts worth knowing that are not problems (e.g. "no split column: split by hash").</summary>
    public IReadOnlyList<string> Notes => _notes;
    /// <summary>How many issues of a kind there were (all counted, even those not kept).</summary>
    public int Count(ParseIssueKind kind) => _counts.GetValueOrDefault(kind);
    /// <summary>All issues counted.</summary>
    public int IssueCount => _counts.Values.Sum();

    internal void Add(ParseIssue issue)
    {
        _counts[issue.Kind] = Count(issue.Kind) + 1;
        if (_issues.Count < _maxKept) _issues.Add(issue);
    }

    internal void Note(string note) => _notes.Add(note);

    /// <summary>Kinds that report a record kept (possibly changed), not one left out.</summary>
    public static bool IsKept(ParseIssueKind kind) => kind is ParseIssueKind.DuplicateCaptionNumber or ParseIssueKind.TabOrNewline;

    /// <summary>A few lines for a person: counts, notes, the first issues.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder($"{Format} '{Source}': {ImagesLoaded} images, {CaptionsLoaded} captions from {RecordsRead} records; {RecordsSkipped} skipped");
        foreach (var (kind, n) in _counts) sb.Append($"\n  {kind}: {n}");
        foreach (var note in _notes) sb.Append($"\n  note: {note}");
        foreach (var issue in _issues.Take(10)) sb.Append($"\n  {issue}");
        return sb.ToString();
    }
}
