using System.Globalization;
using CaptioningKit.Data.Generated;
using CaptioningKit.Data.Generated.Csv;
using CaptioningKit.Vocabulary.Cleaning;

namespace CaptioningKit.Vocabulary;

/// <summary>The one call behind <c>vocab build --dataset &lt;folder&gt; [--threshold N] [--level word|char] [--preset flickr8k|plain]</c>.</summary>
public static class VocabularyCommand
{
    /// <summary>
    /// Reads the training captions of the dataset's captions.csv, builds the vocabulary, saves it, and returns the
    /// summary lines for the CLI to print (size, tokens dropped by each rule and by the threshold, share of &lt;unk&gt;).
    /// Writes nothing to the console.
    /// </summary>
    public static VocabBuildSummary Build(VocabBuildRequest request)
    {
        var captionsPath = Path.Combine(request.DatasetFolder, DatasetLayout.CaptionsFile);
        var table = CsvTable.Read(captionsPath);
        int captionColumn = table.Column("caption"), splitColumn = table.Column("split");
        var train = table.Rows.Where(r => r[splitColumn] == "train").Select(r => r[captionColumn]).ToList();
        var val = table.Rows.Where(r => r[splitColumn] == "val").Select(r => r[captionColumn]).ToList();
        if (train.Count == 0) throw new InvalidOperationException($"{captionsPath} has no captions in the train split; the vocabulary is built from training captions only.");

        var options = new VocabularyOptions
        {
            Level = request.Level, MinCount = request.Threshold, TopK = request.TopK,
            Cleaning = request.Level == VocabularyLevel.Word ? CleaningPresets.Get(request.Preset) : CleaningPresets.None,
        };
        var (vocab, report) = VocabularyBuilder.Build(train, options);
        var output = request.OutputPath ?? Path.Combine(request.DatasetFolder, $"vocabulary.{(request.Level == VocabularyLevel.Word ? "word" : "char")}.json");
        VocabularyFile.Save(vocab, output);
        double valUnknown = vocab.UnknownShare(val);
        return new VocabBuildSummary(vocab, report, output, valUnknown, Describe(vocab, report, valUnknown, val.Count > 0, output));
    }

    /// <summary>The report as plain lines: what a CLI or a notebook prints.</summary>
    public static IReadOnlyList<string> Describe(Vocab vocab, VocabularyBuildReport report, double valUnknownShare, bool hasVal, string savedTo)
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
