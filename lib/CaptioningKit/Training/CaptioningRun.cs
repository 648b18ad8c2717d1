using CaptioningKit.Data;
using CaptioningKit.Model;
using CaptioningKit.Vocabulary;
using TorchSharp;
using static TorchSharp.torch;

namespace CaptioningKit.Training;

/// <summary>What <see cref="CaptioningRun.Train"/> needs besides the dataset.</summary>
/// <param name="Characters">a character-level task (formulas, InChI) instead of words.</param>
/// <param name="Config">the model; null picks the kit's default for the task (see <see cref="CaptionerConfig"/>).</param>
public sealed record RunOptions(bool Characters, TrainingOptions Training, CaptionerConfig? Config = null)
{
    /// <summary>How the vocabulary is built from the training captions: the kit's one default
    /// (<see cref="VocabularyOptions"/>; characters for a character task) unless set.</summary>
    public VocabularyOptions? Vocabulary { get; init; }
    /// <summary>A checkpoint to resume from (written by an earlier run with the same configuration).</summary>
    public string? ResumeFrom { get; init; }
}

/// <summary>A trained run: the best model, its vocabulary and how training went.</summary>
public sealed record TrainedRun(Captioner Model, Vocab Vocab, TrainingHistory History);

/// <summary>
/// Train a captioner on any dataset the kit reads (the built-in sets, your own folder, Flickr8k, COCO …): build the
/// vocabulary on the training split, train with teacher forcing, and return the best model. The CLI's <c>train</c>
/// and <c>demo</c> and notebook 07 all go through here.
/// </summary>
public static class CaptioningRun
{
    public static Vocab BuildVocabulary(IEnumerable<CaptionedImage> train, RunOptions options) =>
        VocabularyBuilder.Build(train.SelectMany(x => x.Captions),
            options.Vocabulary ?? (options.Characters ? VocabularyOptions.Characters() : new VocabularyOptions())).Vocab;

    public static TrainedRun Train(IReadOnlyList<CaptionedImage> dataset, RunOptions options, string checkpointDirectory, Device device,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var train = dataset.Where(x => x.Split == Split.Train).ToList();
        var val = dataset.Where(x => x.Split == Split.Val).ToList();
        Trainer.CheckSplits(train, val); // before the vocabulary and the model are built
        var vocab = BuildVocabulary(train, options);
        var config = options.Config ?? (options.Characters ? CaptionerConfig.ForFormulas(vocab.Size) : CaptionerConfig.ForShapes(vocab.Size));
        if (config.Decoder.VocabSize != vocab.Size) config = config with { Decoder = config.Decoder with { VocabSize = vocab.Size } };

        torch.manual_seed(options.Training.Seed);
        var model = new Captioner(config, device);
        var trainer = new Trainer(model, vocab, options.Training, device);
        if (options.ResumeFrom is not null) trainer.Resume(options.ResumeFrom);
        var history = trainer.Fit(train, val, checkpointDirectory, progress, cancellationToken);
        var best = history.BestCheckpoint is null ? model : Captioner.Load(history.BestCheckpoint, device).Model;
        return new TrainedRun(best, vocab, history);
    }
}
