using System.Diagnostics;
using CaptioningKit.Data.Generated;
using CaptioningKit.Evaluation;
using CaptioningKit.Training;
using CaptioningKit.Vocabulary;
using static TorchSharp.torch;
using EvalBox = CaptioningKit.Evaluation.ObjectBox;

namespace CaptioningKit.Inference;

/// <summary>How well a captioner did on a split.</summary>
public sealed record SplitScores(
    BleuScores Greedy, BleuScores Beam, int BeamWidth, double? AttentionLocalisation, EditDistanceSummary? EditDistance,
    double CaptionsPerSecond, IReadOnlyList<GeneratedCaption> GreedyCaptions, IReadOnlyList<GeneratedCaption> BeamCaptions);

/// <summary>
/// Captions a prepared split greedily and by beam search and scores it with the kit's one set of metrics: corpus
/// BLEU-1..4 (NLTK semantics, references tokenised by the vocabulary), mean Levenshtein distance for character tasks,
/// and attention localisation when the dataset has object boxes (the built-in shapes set).
/// </summary>
public static class SplitEvaluation
{
    public static SplitScores Run(Captioner model, Vocab vocab, PreparedSplit split, Device device, int beamWidth = 3, string? datasetFolder = null)
    {
        using (var warmUp = split.Images.narrow(0, 0, Math.Min(8, split.Count))) // the first call pays for one-time set-up: keep it out of the timing
            SplitDecoding.Generate(model, warmUp, split.Items.Take((int)warmUp.shape[0]).ToList(), vocab, device);
        var clock = Stopwatch.StartNew();
        var greedy = SplitDecoding.Generate(model, split.Images, split.Items, vocab, device);
        var captionsPerSecond = split.Count / clock.Elapsed.TotalSeconds;
        var beam = beamWidth > 1 ? SplitDecoding.Generate(model, split.Images, split.Items, vocab, device, beamWidth: beamWidth) : greedy;
        var references = split.References.ToList();
        var characters = vocab.Level == VocabularyLevel.Char;
        EditDistanceSummary? edits = characters
            ? EditDistance.Summarise(greedy.Select(g => g.Text(true)).ToList(), split.Items.Select(x => x.Captions[0]).ToList())
            : null;
        double? localisation = datasetFolder is not null && File.Exists(Path.Combine(datasetFolder, ObjectBoxesCsv.FileName)) && model.Config.Attention
            ? Localisation(datasetFolder, greedy, model.Config)
            : null;
        return new SplitScores(
            CorpusBleu.Bleu1To4(references, greedy.Select(g => g.Words).ToList()),
            CorpusBleu.Bleu1To4(references, beam.Select(g => g.Words).ToList()),
            beamWidth, localisation, edits, captionsPerSecond, greedy, beam);
    }

    /// <summary>Share of generated colour/shape words whose most-attended cell lies inside the object they name.</summary>
    static double? Localisation(string datasetFolder, IReadOnlyList<GeneratedCaption> captions, CaptionerConfig config)
    {
        var boxes = ObjectBoxesCsv.ByImage(ObjectBoxesCsv.Read(datasetFolder));
        var objectWords = boxes.Values.SelectMany(b => b).SelectMany(b => b.Words).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var attended = captions.Select(c => new AttendedCaption(c.Words, c.Weights.Select(w => (IReadOnlyList<float>)w).ToList(),
            config.ImageWidth, config.ImageHeight,
            boxes.GetValueOrDefault(Path.GetFileName(c.Item.ImagePath), boxes.GetValueOrDefault(c.Item.Id, []))
                .Select(b => new EvalBox(b.Colour, b.Shape, b.Box.X0, b.Box.Y0, b.Box.X1, b.Box.Y1)).ToList()));
        return AttentionLocalisation.Score(attended, config.GridRows, config.GridColumns, objectWords).Share;
    }
}
