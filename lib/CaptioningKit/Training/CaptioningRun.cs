using CaptioningKit.Data;
using CaptioningKit.Encoder;
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
    /// (<see cref="VocabularyOptions.For"/>, as <c>vocab build</c>; characters for a character task) unless set.
    /// Ignored when <see cref="Vocab"/> names a file.</summary>
    public VocabularyOptions? Vocabulary { get; init; }
    /// <summary>A vocabulary file written by <c>vocab build</c> (<see cref="VocabularyFile"/>) to train with instead of
    /// building one; it must have the task's level and cover the training captions (<see cref="VocabularyFile.LoadFor"/>).</summary>
    public string? Vocab { get; init; }
    /// <summary>A checkpoint to resume from (written by an earlier run with the same configuration).</summary>
    public string? ResumeFrom { get; init; }

    /// <summary>A weights file (.pth or .safetensors) for a torchvision ResNet encoder ("resnet50" …); the
    /// "resnet18-imagenet" encoder brings its own ImageNet weights, and "small-cnn" is trained from scratch.</summary>
    public string? EncoderWeights { get; init; }
    /// <summary>How many of a pretrained encoder's last blocks to train (0, the default: frozen, a fixed feature
    /// extractor whose features can be cached). Ignored for "small-cnn", which always trains.</summary>
    public int FineTuneEncoderBlocks { get; init; }
    /// <summary>Where a frozen pretrained encoder's features are cached (computed once, reused while they are still
    /// valid); null: no cache, the encoder runs on every batch.</summary>
    public string? FeatureCacheFolder { get; init; }
    /// <summary>How the cache stores features: float16 by default (half the disk and page cache; see bench/README.md
    /// for the measured BLEU difference).</summary>
    public FeatureStorage CacheStorage { get; init; } = FeatureStorage.Float16;
    /// <summary>Images encoded so far while the feature cache is built.</summary>
    public IProgress<int>? CacheProgress { get; init; }
}

/// <summary>A trained run: the best model, its vocabulary and how training went.</summary>
public sealed record TrainedRun(Captioner Model, Vocab Vocab, TrainingHistory History)
{
    /// <summary>The feature cache the decoder trained from (null: the image path), whether this run built it and why.</summary>
    public FeatureCacheInfo? Cache { get; init; }
}

/// <summary>What happened to the feature cache in a run.</summary>
/// <param name="Reason">why it was (re)built ("no cache yet", "stale: …"), null when reused.</param>
/// <param name="Unreadable">images that could not be loaded: left out of training.</param>
public sealed record FeatureCacheInfo(string Folder, int Images, bool Built, string? Reason, FeatureStorage Storage, IReadOnlyList<string> Unreadable);

/// <summary>
/// Train a captioner on any dataset the kit reads (the built-in sets, your own folder, Flickr8k, COCO …): build the
/// vocabulary on the training split, set up the encoder (trained from scratch, or pretrained and frozen with its
/// features cached), train with teacher forcing, and return the best model. The CLI's <c>train</c> and <c>demo</c>
/// and notebook 07 all go through here.
/// </summary>
public static class CaptioningRun
{
    /// <summary>The run's vocabulary: the file <see cref="RunOptions.Vocab"/> (checked against the training captions), or
    /// one built from the training captions with <see cref="RunOptions.Vocabulary"/> or the kit's defaults.</summary>
    public static Vocab BuildVocabulary(IEnumerable<CaptionedImage> train, RunOptions options)
    {
        var captions = train.SelectMany(x => x.Captions).ToList();
        var level = options.Characters ? VocabularyLevel.Char : VocabularyLevel.Word;
        return options.Vocab is { } file
            ? VocabularyFile.LoadFor(file, level, captions)
            : VocabularyBuilder.Build(captions, options.Vocabulary ?? VocabularyOptions.For(level)).Vocab;
    }

    public static TrainedRun Train(IReadOnlyList<CaptionedImage> dataset, RunOptions options, string checkpointDirectory, Device device,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var train = dataset.Where(x => x.Split == Split.Train).ToList();
        var val = dataset.Where(x => x.Split == Split.Val).ToList();
        Trainer.CheckSplits(train, val); // before the vocabulary and the model are built
        var vocab = BuildVocabulary(train, options);
        var config = options.Config ?? (options.Characters ? CaptionerConfig.ForFormulas(vocab.Size) : CaptionerConfig.ForShapes(vocab.Size));
        if (config.Decoder.VocabSize != vocab.Size) config = config with { Decoder = config.Decoder with { VocabSize = vocab.Size } };
        config = config.WithCaptionsUpTo(train.Concat(val).SelectMany(i => i.Captions).Max(c => vocab.Encode(c).Length)); // no training or validation caption is cut

        torch.manual_seed(options.Training.Seed);
        var model = new Captioner(config, device);
        var weightsHash = LoadPretrainedEncoder(model, options, device);
        FeatureCacheInfo? cacheInfo = null;
        FeatureCache? cache = null;
        try
        {
            if (weightsHash is not null && model.EncoderFrozen && options.Training.Flip == Images.HorizontalFlip.Never && options.FeatureCacheFolder is { } folder)
            {
                var built = FeatureCacheBuilder.GetOrBuild(folder, dataset, model.Encoder, config.Transform, weightsHash, device,
                    progress: options.CacheProgress, storage: options.CacheStorage, cancellationToken: cancellationToken);
                cache = built.Cache;
                var unreadable = dataset.Where(i => !cache.Contains(i.Id)).Select(i => i.Id).ToList();
                (train, val) = (train.Where(i => cache.Contains(i.Id)).ToList(), val.Where(i => cache.Contains(i.Id)).ToList());
                Trainer.CheckSplits(train, val);
                cacheInfo = new FeatureCacheInfo(folder, cache.Count, built.Built, built.Reason, options.CacheStorage, unreadable);
            }
            var trainer = new Trainer(model, vocab, options.Training, device, cache);
            if (options.ResumeFrom is not null) trainer.Resume(options.ResumeFrom);
            var history = trainer.Fit(train, val, checkpointDirectory, progress, cancellationToken);
            var best = history.BestCheckpoint is null ? model : Captioner.Load(history.BestCheckpoint, device).Model;
            return new TrainedRun(best, vocab, history) { Cache = cacheInfo };
        }
        finally
        {
            cache?.Dispose();
        }
    }

    /// <summary>
    /// Loads a pretrained encoder's weights into the model and freezes all but its last
    /// <see cref="RunOptions.FineTuneEncoderBlocks"/> blocks; returns the weights' identity (for the feature cache), or
    /// null for an encoder trained from scratch.
    /// </summary>
    static string? LoadPretrainedEncoder(Captioner model, RunOptions options, Device device)
    {
        string hash;
        if (EncoderFactory.IsPretrained(model.Config.Encoder))
        {
            if (options.EncoderWeights is not null)
                throw new ArgumentException($"The encoder {model.Config.Encoder} ships its own ImageNet weights and takes no weights file. Fix: drop the weights option (--weights), or pick resnet18 … resnet152 for a torchvision weights file.");
            var (pretrained, weightsHash) = EncoderFactory.CreatePretrained(model.Config.Encoder, device, model.Config.Grid);
            using (pretrained) model.Encoder.load_state_dict(pretrained.state_dict());
            hash = weightsHash;
        }
        else if (options.EncoderWeights is { } path && model.Encoder is ResNetEncoder resnet)
        {
            WeightLoader.Load(resnet.Backbone, WeightsLocator.Resolve(resnet.Backbone.Spec, path));
            hash = WeightsHash.OfFile(path);
        }
        else if (options.EncoderWeights is not null)
            throw new ArgumentException($"The encoder {model.Config.Encoder} is trained from scratch and takes no weights file. Fix: drop the weights option, or pick a ResNet encoder.");
        else if (model.Encoder is ResNetEncoder)
            throw new ArgumentException($"The encoder {model.Config.Encoder} needs pretrained weights (a random ResNet would train very slowly). Fix: give the weights file (torchvision .pth or .safetensors), or use resnet18-imagenet, which ships its ImageNet weights.");
        else return null;
        EncoderTraining.FineTuneLastBlocks(model.Encoder, options.FineTuneEncoderBlocks);
        return hash;
    }
}
