using CaptioningKit.Training;

namespace CaptioningKit.Demo;

/// <summary>What the demo does: which built-in task, how much data, how to train, where to write.</summary>
/// <param name="Task">"shapes" (word captions, BLEU and attention localisation) or "formulas" (characters, Levenshtein).</param>
/// <param name="DataDirectory">where the generated dataset goes (default: the kit's data folder).</param>
/// <param name="OutputDirectory">where report.html, metrics.json and checkpoints go.</param>
public sealed record DemoOptions(string Task = "shapes", string? DataDirectory = null, string OutputDirectory = "runs/demo")
{
    /// <summary>Training images: 2000 for shapes; 12000 for formulas, which must learn to read from scratch (generating
    /// them takes seconds; bench/README.md gives what this reaches).</summary>
    public int TrainImages { get; init; } = Task == "formulas" ? FormulasTrainImages : 2000;
    public int ValImages { get; init; } = 200;
    public int TestImages { get; init; } = 200;
    public int Seed { get; init; } = 42;
    public int BeamWidth { get; init; } = 3;
    /// <summary>How to train: <see cref="ShapesTraining"/> for shapes; <see cref="FormulasTraining"/> for formulas.</summary>
    public TrainingOptions Training { get; init; } = Task == "formulas" ? FormulasTraining : ShapesTraining;

    /// <summary>
    /// The kit's training defaults with 10 epochs instead of 12: the shapes demo's model (CNN 16-32-128, attention that
    /// reads the previous word) trains at about 30 s an epoch on two cores, and 12 epochs took 358 s, over the demo's
    /// 5-minute budget (bench/README.md).
    /// </summary>
    public static TrainingOptions ShapesTraining { get; } = new() { Epochs = 10 };

    /// <summary>Formulas only: clean each scan (<see cref="CaptioningKit.Images.ScanCleaning"/>: Otsu, speckle removal,
    /// crop to the ink, pad, resize) before the encoder, at training, evaluation and captioning alike; on by default,
    /// off with <c>demo --task formulas --no-clean</c> to measure what cleaning brings.</summary>
    public bool CleanScans { get; init; } = Task == "formulas";

    /// <summary>The formulas demo's training set size (<see cref="Data.Generated.Formulas.FormulasSet.TrainImagesToRead"/>).</summary>
    public const int FormulasTrainImages = Data.Generated.Formulas.FormulasSet.TrainImagesToRead;

    /// <summary>The formulas demo's training (<see cref="TrainingOptions.Formulas"/>).</summary>
    public static TrainingOptions FormulasTraining => TrainingOptions.Formulas;
    /// <summary>"small-cnn" (the default: trained from scratch at 64x64) or a pretrained photo encoder such as
    /// "resnet18-imagenet": the images are then upscaled to 224x224, encoded once by the frozen encoder into a feature
    /// cache in the output folder, and the decoder trains from the cache (the Flickr8k/COCO recipe, offline).</summary>
    public string Encoder { get; init; } = "small-cnn";
    /// <summary>How the feature cache of a pretrained encoder stores its values (float16 by default, see RunOptions.CacheStorage).</summary>
    public CaptioningKit.Encoder.FeatureStorage CacheStorage { get; init; } = CaptioningKit.Encoder.FeatureStorage.Float16;
    /// <summary>The model to train instead of the task's default (e.g. <c>CaptionerConfig.ForShapes(0) with { … }</c> with one
    /// switch flipped; the vocabulary size is filled in from the data). Null: the default for the task and encoder.</summary>
    public Model.CaptionerConfig? Config { get; init; }
    /// <summary>Caption the test split with hard attention (the most-attended cell's features instead of the weighted mean);
    /// training is unchanged (soft).</summary>
    public bool HardAttention { get; init; }

    /// <summary>
    /// Seconds-long settings for tests and quick notebook runs. The small dataset goes to the <c>quick/</c> subfolder
    /// of the data folder (as the notebooks' quick mode does), so it never replaces a full-size dataset.
    /// </summary>
    public DemoOptions Quick() => this with
    {
        DataDirectory = Path.Combine(DataDirectory ?? KitPaths.DataDirectory, "quick"),
        TrainImages = 120, ValImages = 20, TestImages = 20,
        Training = Training with { Epochs = 2, MaxSteps = 12, BatchSize = 32 },
    };
}
