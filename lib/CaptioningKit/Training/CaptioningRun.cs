using CaptioningKit.Data;
using CaptioningKit.Vocabulary;
using CaptioningKit.Vocabulary.Cleaning;
using TorchSharp;
using static TorchSharp.torch;

namespace CaptioningKit.Training;

/// <summary>What <see cref="CaptioningRun.Train"/> needs besides the dataset.</summary>
/// <param name="Characters">a character-level task (formulas, InChI) instead of words.</param>
/// <param name="Config">the model; null picks the kit's default for the task (see <see cref="CaptionerConfig"/>).</param>
public sealed record RunOptions(bool Characters, TrainingOptions Training, CaptionerConfig? Config = null)
{
    /// <summary>Word-level cleaning: "plain" keeps every word (the built-in sets); "flickr8k" is the classic tutorial's.</summary>
    public string CleaningPreset { get; init; } = "plain";
    public int VocabularyThreshold { get; init; } = 1;
    /// <summary>A checkpoint to resume from (written by an earlier run with the same configuration).</summary>
    public string? ResumeFrom { get; init; }
}

/// <summary>A trained run: the best model, its vocabulary and how training went.</summary>
public sealed record TrainedRun(Captioner Model, Vocab Vocab, TrainingHistory History, PreparedSplit Train, PreparedSplit Val) : IDisposable
{
    public void Dispose()
    {
        Train.Dispose();
        Val.Dispose();
    }
}

/// <summary>
/// Train a captioner on any dataset the kit reads (the built-in sets, your own folder, Flickr8k, COCO …): build the
/// vocabulary on the training split, decode the images once, train with teacher forcing, and return the best model.
/// The CLI's <c>train</c> and <c>demo</c> and notebook 07 all go through here.
/// </summary>
public static class CaptioningRun
{
    public static Vocab BuildVocabulary(IEnumerable<CaptionedImage> train, RunOptions options) =>
        VocabularyBuilder.Build(train.SelectMany(x => x.Captions), options.Characters
            ? VocabularyOptions.Characters(options.VocabularyThreshold)
            : new VocabularyOptions { Cleaning = CleaningPresets.Get(options.CleaningPreset), MinCount = options.VocabularyThreshold }).Vocab;

    public static TrainedRun Train(IReadOnlyList<CaptionedImage> dataset, RunOptions options, string checkpointDirectory, Device device,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var trainItems = dataset.Where(x => x.Split == Split.Train).ToList();
        var valItems = dataset.Where(x => x.Split == Split.Val).ToList();
        if (trainItems.Count == 0 || valItems.Count == 0)
            throw new ArgumentException($"Training needs images in both the train and val splits; this dataset has {trainItems.Count} and {valItems.Count}. Fix: add a split column (train/val/test) to the captions file.");
        var vocab = BuildVocabulary(trainItems, options);
        var config = options.Config ?? (options.Characters ? CaptionerConfig.ForFormulas(vocab.Size) : CaptionerConfig.ForShapes(vocab.Size));
        if (config.Decoder.VocabSize != vocab.Size) config = config with { Decoder = config.Decoder with { VocabSize = vocab.Size } };
        var train = PreparedSplit.Prepare(trainItems, vocab, config);
        var val = PreparedSplit.Prepare(valItems, vocab, config);

        torch.manual_seed(options.Training.Seed);
        var model = new Captioner(config, device);
        var trainer = new Trainer(model, vocab, options.Training, device);
        if (options.ResumeFrom is not null) trainer.Resume(options.ResumeFrom);
        var history = trainer.Fit(train, val, checkpointDirectory, progress, cancellationToken);
        var best = history.BestCheckpoint is null ? model : TrainingCheckpoint.LoadModel(history.BestCheckpoint, device).Model;
        return new TrainedRun(best, vocab, history, train, val);
    }
}
