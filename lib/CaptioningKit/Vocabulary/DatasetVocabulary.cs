using System.Globalization;
using CaptioningKit.Data.Generated;
using CaptioningKit.Data;
using CaptioningKit.Vocabulary.Cleaning;

namespace CaptioningKit.Vocabulary;

/// <summary>What the CLI's <c>vocab build</c> asks for.</summary>
/// <param name="DatasetFolder">A dataset folder in the user's-folder layout (holding captions.csv).</param>
/// <param name="Threshold">Minimum count for a token to be kept (count &gt;= threshold).</param>
/// <param name="Level">Word or character tokens.</param>
/// <param name="Preset">Word cleaning preset (ignored for characters); the kit's one default, <see cref="CleaningPresets.Default"/>, when not given.</param>
/// <param name="TopK">Keep at most this many tokens besides the specials; null for no cap.</param>
/// <param name="OutputPath">Where to save; null for &lt;dataset&gt;/vocabulary.&lt;level&gt;.json.</param>
public sealed record DatasetVocabularyRequest(string DatasetFolder, int Threshold = 1, VocabularyLevel Level = VocabularyLevel.Word,
    string Preset = CleaningPresets.DefaultName, int? TopK = null, string? OutputPath = null);

/// <summary>
/// A vocabulary built for a dataset folder (the one call behind <c>vocab build</c>): what was built, where it was
/// saved, the lines to print, and the parse report of the captions file. What <c>vocab build</c> did: the vocabulary, its report, where it was saved, the lines to print, and the parse
/// report of the captions file (rows skipped and why).
/// </summary>
public sealed record DatasetVocabulary(Vocab Vocab, VocabularyReport Report, string SavedTo, double ValUnknownShare, IReadOnlyList<string> Lines, ParseReport Captions)
{
    /// <summary>
    /// Reads the dataset folder with the folder-format parser (<c>CaptionDatasets.Load("folder", …)</c>, the same reader
    /// training uses, so malformed rows and missing images are left out the same way), builds the vocabulary from the
    /// training captions, saves it, and returns the summary lines for the CLI to print (size, tokens dropped by each
    /// rule and by the threshold, share of &lt;unk&gt;, rows the parser skipped). Writes nothing to the console.
    /// </summary>
    /// <exception cref="CaptionFormatException">No captions file, or one without an image,caption header.</exception>
    /// <exception cref="CaptionFormatException">No caption in the train split (the message gives the parse report's counts).</exception>
    public static DatasetVocabulary Build(DatasetVocabularyRequest request)
    {
        // A missing folder is reported as its missing captions.csv, the file the user has to create.
        var source = Directory.Exists(request.DatasetFolder) ? request.DatasetFolder : Path.Combine(request.DatasetFolder, DatasetLayout.CaptionsFile);
        var (images, parse) = CaptionDatasets.Load(CaptionDatasets.Folder, source);
        var train = images.Where(i => i.Split == Split.Train).SelectMany(i => i.Captions).ToList();
        var val = images.Where(i => i.Split == Split.Val).SelectMany(i => i.Captions).ToList();
        if (train.Count == 0)
            throw new CaptionFormatException(parse.Source, 0, string.Create(CultureInfo.InvariantCulture,
                $"no usable caption in the train split ({images.Count} images, {parse.RecordsRead} rows read, {parse.RecordsSkipped} skipped") +
                (parse.Issues.Count > 0 ? $"; first problem: {parse.Issues[0]}" : "") +
                "). The vocabulary is built from training captions only. Fix: mark some rows 'train' in the split column (or leave the column out for an 80/10/10 split).");

        var options = new VocabularyOptions
        {
            Level = request.Level, MinCount = request.Threshold, TopK = request.TopK,
            Cleaning = request.Level == VocabularyLevel.Word ? CleaningPresets.Get(request.Preset) : CleaningPresets.None,
        };
        var (vocab, report) = VocabularyBuilder.Build(train, options);
        var output = request.OutputPath ?? Path.Combine(request.DatasetFolder, $"vocabulary.{(request.Level == VocabularyLevel.Word ? "word" : "char")}.json");
        VocabularyFile.Save(vocab, output);
        double valUnknown = vocab.UnknownShare(val);
        var lines = Describe(vocab, report, valUnknown, val.Count > 0, output).ToList();
        if (parse.RecordsSkipped > 0)
            lines.Insert(1, string.Create(CultureInfo.InvariantCulture, $"Captions file: {parse.RecordsSkipped} of {parse.RecordsRead} rows skipped") +
                (parse.Issues.Count > 0 ? $" (first: {parse.Issues[0]})" : ""));
        return new DatasetVocabulary(vocab, report, output, valUnknown, lines, parse);
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
