using CaptioningKit.Data;

namespace CaptioningKit.Cli;

/// <summary>
/// How every command that reads a dataset shows what it read: the parse report's summary (rows read, skipped by
/// reason, the first few issues), and a one-line error naming the real cause when nothing usable remains.
/// </summary>
static class DatasetReport
{
    /// <summary>Loads <paramref name="path"/> (format detected), prints the summary, and fails when no image with a caption is left.</summary>
    public static CaptionLoadResult LoadAndPrint(string path)
    {
        var loaded = CaptionDatasets.Load(path);
        Print(loaded.Report);
        if (!loaded.Images.Any(i => i.Captions.Count > 0)) throw NothingUsable(loaded.Report);
        return loaded;
    }

    /// <summary>One line of counts, then up to three issues, each on its own line; on stderr, so that a command's
    /// JSON on stdout stays JSON.</summary>
    public static void Print(ParseReport r)
    {
        var skipped = Enum.GetValues<ParseIssueKind>().Where(k => r.Count(k) > 0).Select(k => $"{r.Count(k)} {Describe(k)}").ToList();
        Console.Error.WriteLine($"Read {r.Source} ({r.Format}): {r.ImagesLoaded} images, {r.CaptionsLoaded} captions from {r.RecordsRead} records" +
            (skipped.Count > 0 ? $"; skipped: {string.Join(", ", skipped)}" : "; nothing skipped") + ".");
        foreach (var issue in r.Issues.Take(3)) Console.Error.WriteLine($"  {issue}");
    }

    static string Describe(ParseIssueKind kind) => kind switch
    {
        ParseIssueKind.Malformed => "malformed",
        ParseIssueKind.MissingImage => "missing or unsafe image paths",
        ParseIssueKind.NotInSplit => "not in a split",
        ParseIssueKind.NoCaptions => "without captions",
        _ => kind.ToString(),
    };

    /// <summary>The error when every record was dropped: names the reason most records were dropped for, its first example, and the fix for that reason.</summary>
    internal static CaptionFormatException NothingUsable(ParseReport r)
    {
        var main = Enum.GetValues<ParseIssueKind>().OrderByDescending(r.Count).First();
        var example = r.Issues.FirstOrDefault(i => i.Kind == main);
        var fix = r.IssueCount == 0 ? "the file holds no caption rows; add rows (image,caption[,split]) under the header"
            : main switch
            {
                ParseIssueKind.MissingImage => "every listed image is missing or outside the dataset folder; put the image files in the dataset's images folder under the names the captions file uses",
                ParseIssueKind.Malformed => "every row is malformed; check the header (image,caption[,split]), the separator and the quoting",
                ParseIssueKind.NotInSplit => "no image is in a split list; check the split files",
                _ => "no image has a caption; check that the captions file matches the images",
            };
        return new CaptionFormatException(r.Source, 0,
            $"nothing usable remains ({r.RecordsRead} records read, {r.RecordsSkipped} skipped)" +
            (example is null ? "" : $"; first problem: {example}") + $". Fix: {fix}.");
    }
}
