using System.Diagnostics;
using CaptioningKit.Data;
using CaptioningKit.Data.Generated;
using CaptioningKit.Evaluation;
using CaptioningKit.Model;
using CaptioningKit.Vocabulary;
using static TorchSharp.torch;

namespace CaptioningKit.Inference;

/// <summary>How well a captioner did on a set of images.</summary>
public sealed record EvaluationScores(
    BleuScores Greedy, BleuScores Beam, int BeamWidth, double? AttentionLocalisation, EditDistanceSummary? EditDistance,
    double CaptionsPerSecond, IReadOnlyList<GeneratedCaption> GreedyCaptions, IReadOnlyList<GeneratedCaption> BeamCaptions)
{
    /// <summary>Character localisation of the greedy captions (<see cref="Evaluation.CharacterLocalisation"/>) when the
    /// dataset has character boxes (the built-in formulas set's glyphs.csv); else null.</summary>
    public double? CharacterLocalisation { get; init; }
}

/// <summary>
/// Captions a set of images (typically the test split) greedily and by beam search and scores it with the kit's one
/// set of metrics: corpus BLEU-1..4 (NLTK semantics, references tokenised by the vocabulary), mean Levenshtein
/// distance for character tasks, and attention localisation when the dataset has object boxes (the built-in shapes set).
/// </summary>
public static class DatasetEvaluation
{
    public static EvaluationScores Run(Captioner model, Vocab vocab, IReadOnlyList<CaptionedImage> items, Device device, int beamWidth = 3,
        string? datasetFolder = null, CancellationToken cancellationToken = default)
    {
        if (items.Count == 0) throw new ArgumentException("There are no images to evaluate: the split is empty. Check the split column of the captions file.");
        // The first call pays for one-time set-up: keep it out of the timing.
        ImageCaptioning.Generate(model, items.Take(8).ToList(), vocab, device, cancellationToken: cancellationToken);
        var clock = Stopwatch.StartNew();
        var greedy = ImageCaptioning.Generate(model, items, vocab, device, cancellationToken: cancellationToken);
        var captionsPerSecond = items.Count / clock.Elapsed.TotalSeconds;
        var beam = beamWidth > 1 ? ImageCaptioning.Generate(model, items, vocab, device, beamWidth, cancellationToken: cancellationToken) : greedy;
        var references = References(items, vocab);
        EditDistanceSummary? edits = vocab.Level == VocabularyLevel.Char
            ? EditDistance.Summarise(greedy.Select(g => g.Text(true)).ToList(), items.Select(x => x.Captions[0]).ToList())
            : null;
        double? localisation = datasetFolder is not null && File.Exists(Path.Combine(datasetFolder, ObjectBoxesCsv.FileName)) && model.Config.Attention
            ? Localisation(datasetFolder, greedy, model.Config)
            : null;
        double? characters = datasetFolder is not null && File.Exists(Path.Combine(datasetFolder, GlyphBoxesCsv.FileName)) && model.Config.Attention && vocab.Level == VocabularyLevel.Char
            ? CharacterLocalisationOf(datasetFolder, greedy, model.Config)
            : null;
        return new EvaluationScores(
            CorpusBleu.Bleu1To4(references, greedy.Select(g => g.Words).ToList()),
            CorpusBleu.Bleu1To4(references, beam.Select(g => g.Words).ToList()),
            beamWidth, localisation, edits, captionsPerSecond, greedy, beam) { CharacterLocalisation = characters };
    }

    /// <summary>Per image, its captions as the vocabulary tokenises them: the references for BLEU.</summary>
    public static List<IReadOnlyList<IReadOnlyList<string>>> References(IEnumerable<CaptionedImage> items, Vocab vocab) =>
        items.Select(x => (IReadOnlyList<IReadOnlyList<string>>)x.Captions.Select(c => (IReadOnlyList<string>)vocab.Tokenize(c)).ToList()).ToList();

    /// <summary>Share of generated colour/shape words whose most-attended cell lies inside the object they name.</summary>
    static double? Localisation(string datasetFolder, IReadOnlyList<GeneratedCaption> captions, CaptionerConfig config)
    {
        var boxes = ObjectBoxesCsv.ByImage(ObjectBoxesCsv.Read(datasetFolder));
        var objectWords = boxes.Values.SelectMany(b => b).SelectMany(b => b.Words).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var attended = captions.Select(c =>
        {
            var (width, height) = SourceSize(c.Item.ImagePath, config); // the boxes are in the file's pixels; the transform resizes the whole image
            return new AttendedCaption(c.Words, c.Weights.Select(w => (IReadOnlyList<float>)w).ToList(), width, height,
                boxes.GetValueOrDefault(Path.GetFileName(c.Item.ImagePath), boxes.GetValueOrDefault(c.Item.Id, [])));
        });
        return AttentionLocalisation.Score(attended, config.GridRows, config.GridColumns, objectWords).Share;
    }

    /// <summary>Share of generated characters whose most-attended cell overlaps the box of the character they stand for,
    /// the boxes taken into the frame the model reads (the cleaned scan when the model cleans its scans).</summary>
    static double? CharacterLocalisationOf(string datasetFolder, IReadOnlyList<GeneratedCaption> captions, CaptionerConfig config)
    {
        var boxes = GlyphBoxesCsv.Read(datasetFolder);
        var formulas = new List<AttendedFormula>();
        foreach (var c in captions)
        {
            if (!boxes.TryGetValue(Path.GetFileName(c.Item.ImagePath), out var glyphs) && !boxes.TryGetValue(c.Item.Id, out glyphs)) continue;
            var truth = string.Concat(glyphs.Select(g => g.Character));
            IReadOnlyList<PixelBox> frame;
            double width, height;
            if (config.Transform.Clean is { } clean)
            {
                using var scan = SixLabors.ImageSharp.Image.Load<SixLabors.ImageSharp.PixelFormats.Rgb24>(c.Item.ImagePath);
                var map = Images.ScanCleaning.BoxMapping(scan, clean);
                (frame, width, height) = (glyphs.Select(g => map(g.Box)).ToList(), clean.Width, clean.Height);
            }
            else
            {
                (width, height) = SourceSize(c.Item.ImagePath, config);
                frame = glyphs.Select(g => g.Box).ToList();
            }
            formulas.Add(new AttendedFormula(c.Text(true), c.Weights.Select(w => (IReadOnlyList<float>)w).ToList(), truth, frame, width, height));
        }
        return CharacterLocalisation.Score(formulas, config.GridRows, config.GridColumns).Share;
    }

    /// <summary>The stored size of an image file (its header only), or the model's input size when it cannot be read.</summary>
    static (double Width, double Height) SourceSize(string path, CaptionerConfig config)
    {
        try
        {
            var info = Images.ImageLoader.Identify(File.ReadAllBytes(path), Path.GetFileName(path));
            return (info.StoredWidth, info.StoredHeight);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Images.ImageLoadException)
        {
            return (config.ImageWidth, config.ImageHeight);
        }
    }
}
