using System.Globalization;
using CaptioningKit.Data;
using CaptioningKit.Vocabulary.Cleaning;

namespace CaptioningKit.Vocabulary;

/// <summary>What the CLI's <c>vocab build</c> asks for.</summary>
/// <param name="DatasetFolder">A dataset in any format the kit reads: a captions file, or a folder holding one
/// (<see cref="CaptionDatasets.Resolve"/>).</param>
/// <param name="Threshold">Minimum count for a token to be kept (count &gt;= threshold).</param>
/// <param name="Level">Word or character tokens.</param>
/// <param name="Preset">Word cleaning preset (ignored for characters); the kit's one default, <see cref="CleaningPresets.Default"/>, when not given.</param>
/// <param name="TopK">Keep at most this many tokens besides the specials; null for no cap.</param>
/// <param name="OutputPath">Where to save; null for vocabulary.&lt;level&gt;.json in the dataset folder (beside the captions
/// file when a file was given).</param>
public sealed record DatasetVocabularyRequest(string DatasetFolder, int Threshold = VocabularyOptions.DefaultMinCount, VocabularyLevel Level = VocabularyLevel.Word,
    string Preset = CleaningPresets.DefaultName, int? TopK = null, string? OutputPath = null);

/// <summary>
/// A vocabulary built for a dataset folder (the one call behind <c>vocab build</c>): what was built, where it was
/// saved, the lines to print, and the parse report of the captions file. What <c>vocab build</c> did: the vocabulary, its report, where it was saved, the lines to print, and the parse
/// report of the captions file (rows skipped and why).
/// </summary>
public sealed record DatasetVocabulary(Vocab Vocab, VocabularyReport Report, string SavedTo, double ValUnknownShare, IReadOnlyList<string> Lines, ParseReport Captions)
{
    /// <summary>
    /// Reads the dataset in whatever format it is (<see cref="CaptionDatasets.Load(string, LoadOptions?)"/>, the same
    /// reader and resolver <c>train</c> uses, so malformed rows and missing images are left out the same way), builds
    /// the vocabulary from the training captions with <see cref="VocabularyOptions.For"/> (the defaults <c>train</c> uses
    /// too), saves it, and returns the summary lines for the CLI to print (size, tokens dropped by each rule and by the
    /// threshold, share of &lt;unk&gt;, rows the parser skipped). Writes nothing to the console.
    /// </summary>
    /// <exception cref="CaptionFormatException">No captions file, one that cannot be read, or no usable training caption
    /// (e.g. every image missing): the message names the dataset and the fix.</exception>
    public static DatasetVocabulary Build(DatasetVocabularyRequest request)
    {
        var (images, parse) = CaptionDatasets.Load(request.DatasetFolder);
        var train = images.Where(i => i.Split == Split.Train).SelectMany(i => i.Captions).ToList();
        var val = images.Where(i => i.Split == Split.Val).SelectMany(i => i.Captions).ToList();
        if (train.Count == 0) throw NoTrainingCaptions(request.DatasetFolder, parse);

        var options = VocabularyOptions.For(request.Level, request.Threshold, request.Preset, request.TopK);
        var (vocab, report) = VocabularyBuilder.Build(train, options);
        var folder = Directory.Exists(request.DatasetFolder) ? request.DatasetFolder : Path.GetDirectoryName(Path.GetFullPath(request.DatasetFolder))!;
        var output = request.OutputPath ?? Path.Combine(folder, $"vocabulary.{(request.Level == VocabularyLevel.Word ? "word" : "char")}.json");
        VocabularyFile.Save(vocab, output);
        double valUnknown = vocab.UnknownShare(val);
        var lines = Describe(vocab, report, valUnknown, val.Count > 0, output).ToList();
        if (parse.RecordsSkipped > 0)
            lines.Insert(1, string.Create(CultureInfo.InvariantCulture, $"Captions file: {parse.RecordsSkipped} of {parse.RecordsRead} rows skipped") +
                (parse.Issues.FirstOrDefault(i => !ParseReport.IsKept(i.Kind)) is { } first ? $" (first: {first})" : ""));
        var kept = parse.Count(ParseIssueKind.DuplicateCaptionNumber) + parse.Count(ParseIssueKind.TabOrNewline);
        if (kept > 0)
            lines.Insert(1, string.Create(CultureInfo.InvariantCulture, $"Captions file: {kept} captions kept but worth a look") +
                (parse.Issues.FirstOrDefault(i => ParseReport.IsKept(i.Kind)) is { } look ? $" (first: {look})" : ""));
        return new DatasetVocabulary(vocab, report, output, valUnknown, lines, parse);
    }

    /// <summary>Why there is nothing to build from, in one line: every listed image missing (where the kit looked, and
    /// what to do), or no caption in the train split.</summary>
    static CaptionFormatException NoTrainingCaptions(string dataset, ParseReport parse)
    {
        var missing = parse.Count(ParseIssueKind.MissingImage);
        if (missing > 0 && parse.ImagesLoaded == 0)
        {
            var example = parse.Issues.FirstOrDefault(i => i.Kind == ParseIssueKind.MissingImage)?.Problem;
            return new CaptionFormatException(parse.Source, 0, string.Create(CultureInfo.InvariantCulture,
                $"none of the {missing} images listed in the dataset '{dataset}' exists ({example}). Fix: put the images where the captions file expects them (images/ beside captions.csv, Images/ for Kaggle's captions.txt, Flicker8k_Dataset/ for Flickr8k, train2014/ or val2014/ for COCO), or download them (`download <dataset>`)."));
        }
        return new CaptionFormatException(parse.Source, 0, string.Create(CultureInfo.InvariantCulture,
            $"the dataset '{dataset}' has no usable caption in the train split ({parse.ImagesLoaded} images loaded, {parse.RecordsSkipped} of {parse.RecordsRead} records skipped); the vocabulary is built from training captions only. Fix: give some rows the split 'train' (or leave the split column out for an 80/10/10 split)."));
    }

    /// <summary>The report as plain lines: what a CLI or a notebook prints.</summary>
    public static IReadOnlyList<string> Describe(Vocab vocab, VocabularyReport report, double valUnknownShare, bool hasVal, string savedTo)
    {
        var c = CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            string.Create(c, $"Vocabulary: {vocab.Size} tokens ({vocab.Size - SpecialTokens.All.Count} {vocab.Level.ToString().ToLowerInvariant()}s + {SpecialTokens.All.Count} specials), from {report.Captions} training captions, {report.Tokens} tokens, {report.DistinctTokens} distinct"),
            $"Cleaning: {vocab.Cleaning}",
        };
        foreach (var d in report.DroppedByCleaning.Append(report.DroppedByThreshold).Append(report.DroppedByTopK))
            lines.Add(string.Create(c, $"  dropped by {d.Rule}: {d.Occurrences} occurrences, {d.Distinct} distinct") + (d.Distinct > 0 ? $" ({d.Examples()})" : ""));
        lines.Add(string.Create(c, $"<unk> share: {report.UnknownShare:P2} of training tokens") + (hasVal ? string.Create(c, $", {valUnknownShare:P2} of validation tokens") : ""));
        var l = report.Lengths;
        lines.Add(string.Create(c, $"Caption length (tokens): min {l.Min}, mean {l.Mean:F1}, 95% ≤ {l.Percentile(0.95)}, max {l.Max}"));
        lines.Add($"Saved to {savedTo}");
        return lines;
    }
}
