using System.Diagnostics;
using CaptioningKit.Data;
using CaptioningKit.Decoder;
using CaptioningKit.Encoder;
using CaptioningKit.Evaluation;
using CaptioningKit.Images;
using CaptioningKit.Inference;
using CaptioningKit.Model;
using CaptioningKit.Vocabulary;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CaptioningKit.Training;

/// <summary>
/// Trains a <see cref="Captioner"/> with teacher forcing: for every (image, caption) pair the decoder reads the true
/// previous word at each step and is scored with masked cross-entropy on the next one (padding ignored), plus the
/// doubly stochastic attention penalty. Adam, gradient clipping, a cosine learning-rate schedule, optional scheduled
/// sampling, validation BLEU-4 after every epoch (greedy decoding) with early stopping, and atomic checkpoints
/// (best and the last few) that resume exactly. One dispose scope per batch keeps native memory flat; each epoch
/// records the live tensor count and the process memory so you can see it.
/// </summary>
public sealed class Trainer
{
    readonly Captioner _model;
    readonly Vocab _vocab;
    readonly TrainingOptions _options;
    readonly Device _device;
    readonly Adam _optimizer;
    long _step;

    readonly FeatureCache? _cache;

    /// <param name="featureCache">the frozen encoder's output for every image (see <see cref="FeatureCache"/>): training
    /// then reads each batch's features from it and never decodes an image or runs the CNN. Null: the image path (the
    /// encoder runs on every batch, and trains unless frozen).</param>
    public Trainer(Captioner model, Vocab vocab, TrainingOptions options, Device device, FeatureCache? featureCache = null)
    {
        (_model, _vocab, _options, _device, _cache) = (model, vocab, options, device, featureCache);
        options.Validate();
        if (featureCache is not null)
        {
            if (!model.EncoderFrozen)
                throw new ArgumentException("A feature cache holds a frozen encoder's output, but this model's encoder is being trained. Fix: freeze the encoder (EncoderTraining.Freeze), or train without the cache (fine-tuning needs the image path).");
            if (options.Flip != HorizontalFlip.Never)
                throw new ArgumentException($"Flip augmentation changes each image every epoch, but a feature cache holds each image's features once. Fix: set Flip to Never, or train without the cache.");
            var m = featureCache.Metadata;
            if (m.EncoderName != model.Encoder.EncoderName || m.Pixels != model.Encoder.Pixels || m.Channels != model.Encoder.Channels)
                throw new ArgumentException($"The feature cache '{featureCache.Folder}' holds {m.EncoderName} features ({m.Pixels} pixels x {m.Channels}) but the model's encoder is {model.Encoder.EncoderName} ({model.Encoder.Pixels} x {model.Encoder.Channels}). Fix: build the cache with the model's encoder.");
        }
        _optimizer = torch.optim.Adam(model.parameters().Where(p => p.requires_grad), lr: options.LearningRate);
    }

    public TrainingHistory History { get; } = new();

    /// <summary>The epoch to start from: 1, or one after the checkpoint resumed with <see cref="Resume"/>.</summary>
    public int NextEpoch { get; private set; } = 1;

    /// <summary>
    /// Continues from a checkpoint written by this trainer: weights, Adam's state, random state, epoch, step, and the
    /// history of the epochs so far (so the best score and the patience count carry on, and a worse epoch never
    /// replaces a better best.safetensors).
    /// </summary>
    public void Resume(string checkpointPath)
    {
        var info = Checkpoint.ReadInfo(checkpointPath);
        TrainingCheckpoint.CheckConfiguration(checkpointPath, info, _model.Config);
        TrainingCheckpoint.CheckVocabulary(checkpointPath, info, _vocab);
        Checkpoint.Load(checkpointPath, _model);
        TrainingCheckpoint.RestoreTrainingState(checkpointPath, _optimizer);
        (NextEpoch, _step) = (info.Epoch + 1, info.Step);
        History.Epochs.Clear();
        History.Epochs.AddRange(TrainingCheckpoint.ReadHistory(checkpointPath, info));
    }

    /// <summary>Trains until the epochs run out, early stopping triggers or <see cref="TrainingOptions.MaxSteps"/> is reached.</summary>
    /// <param name="train">the training images; each epoch streams them through the kit's one image path, the
    /// <see cref="ImageBatchLoader"/> (shuffled by seed and epoch, with the flip policy of the options).</param>
    /// <param name="val">the validation images (cross-entropy, token accuracy and greedy BLEU-4 after every epoch).</param>
    /// <param name="checkpointDirectory">where best.safetensors and epoch-N.safetensors go (null: no checkpoints).</param>
    public TrainingHistory Fit(IReadOnlyList<CaptionedImage> train, IReadOnlyList<CaptionedImage> val, string? checkpointDirectory = null,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        CheckSplits(train, val);
        if (train.FirstOrDefault(x => x.Captions.Count == 0) is { } bare)
            throw new ArgumentException($"Image {bare.Id} has no caption; every training image needs at least one.");
        CheckCtcColumns(train);
        if (NextEpoch == 1) torch.manual_seed(_options.Seed);
        var loader = _cache is not null ? null : new ImageBatchLoader(train, new ImageBatchLoaderOptions
        {
            BatchSize = _options.BatchSize, Seed = _options.Seed, Shuffle = true,
            Transform = _model.Config.Transform with { Flip = _options.Flip },
        });
        int stepsPerEpoch = (train.Count + _options.BatchSize - 1) / _options.BatchSize;
        var (best, sinceBest) = History.Epochs.Count == 0
            ? (double.NegativeInfinity, 0)
            : (History.BestBleu4, History.Epochs.Count - 1 - History.Epochs.FindIndex(e => e.Epoch == History.BestEpoch)); // resumed: carry on
        if (checkpointDirectory is not null)
        {
            Directory.CreateDirectory(checkpointDirectory);
            var bestPath = Path.Combine(checkpointDirectory, "best.safetensors");
            if (History.Epochs.Count > 0 && File.Exists(bestPath)) History.BestCheckpoint = bestPath;
        }

        for (int epoch = NextEpoch; epoch <= _options.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            var lr = SetLearningRate(epoch);
            var (lossSum, tokens, s) = (0.0, new TokenCounts(), 0);
            _model.train();
            if (_model.EncoderFrozen) _model.Encoder.eval(); // a frozen encoder keeps its batch-norm statistics too
            foreach (var batch in EpochBatches(train, loader, epoch, cancellationToken)) // the order depends only on seed and epoch
            {
                using (batch)
                {
                    var (loss, counts, meanCe) = TrainStep(batch);
                    if (!double.IsFinite(loss)) throw new TrainingDivergedException(epoch, _step + 1, loss, lr, History.LastCheckpoint);
                    lossSum += meanCe * counts.Total;
                    tokens += counts;
                }
                _step++;
                progress?.Report(new TrainingProgress(epoch, _options.Epochs, ++s, stepsPerEpoch, lossSum / Math.Max(1, tokens.Total)));
                if (_step >= _options.MaxSteps) break;
            }
            var trainCe = lossSum / Math.Max(1, tokens.Total);
            var (valCe, valAcc) = TeacherForcedLoss(val, cancellationToken);
            var bleu4 = ValidationBleu4(val, cancellationToken);
            var record = new EpochRecord(epoch, trainCe, Perplexity.FromMeanCrossEntropy(trainCe), tokens.Accuracy,
                valCe, Perplexity.FromMeanCrossEntropy(valCe), valAcc, bleu4, lr, clock.Elapsed.TotalSeconds,
                DisposeScopeManager.Statistics.TensorStatistics.ThreadTotalLiveCount, Process.GetCurrentProcess().WorkingSet64);
            History.Epochs.Add(record);
            progress?.Report(new TrainingProgress(epoch, _options.Epochs, stepsPerEpoch, stepsPerEpoch, trainCe, record));

            if (checkpointDirectory is not null) SaveCheckpoints(checkpointDirectory, epoch, bleu4 > best);
            if (bleu4 > best) (best, sinceBest) = (bleu4, 0); else sinceBest++;
            if (_step >= _options.MaxSteps) { History.StopReason = $"reached {_options.MaxSteps} steps"; break; }
            if (_options.TargetBleu4 is { } target && bleu4 >= target) { History.StopReason = $"validation BLEU-4 {bleu4:F3} reached the target {target:F3}"; break; }
            if (sinceBest >= _options.Patience) { History.StopReason = $"no BLEU-4 improvement for {_options.Patience} epochs"; break; }
            History.StopReason = $"ran {epoch} epochs";
        }
        return History;
    }

    /// <summary>
    /// One optimiser step on a batch of images with ALL their captions, inside its own dispose scope. Each image is
    /// encoded once and its features repeated for each of its captions: the CNN, the expensive part, runs once per
    /// image instead of once per caption.
    /// </summary>
    (double Loss, TokenCounts Counts, double MeanCe) TrainStep(TrainingBatch batch)
    {
        using var scope = NewDisposeScope();
        var pairs = batch.Items.SelectMany((item, row) => item.Captions.Select(caption => (Row: row, Caption: caption))).ToArray();
        var captions = EncodeCaptions(pairs.Select(p => p.Caption)).to(_device);               // (pairs, L')
        var (inputs, targets) = TeacherForcing.Split(captions);                                 // (pairs, L'-1) each
        var features = batch.Features(_model)                                                   // (B, pixels, channels)
            .index_select(0, tensor(pairs.Select(p => (long)p.Row).ToArray(), device: _device)); // (pairs, pixels, channels)
        var sampling = _options.ScheduledSampling > 0 ? new ScheduledSampling(_options.ScheduledSampling) : null;
        var output = _model.Decoder.Forward(features, inputs, null, sampling);                  // logits (pairs, T, V), weights (pairs, T, P)
        var pad = _model.Decoder.Tokens.Pad;
        var ce = MaskedCrossEntropy.Mean(output.Logits, targets, pad);                  // scalar
        var loss = ce + _model.Decoder.AttentionPenalty(output.Weights, targets.ne(pad)); // scalar
        if (_model.Config.CtcWeight > 0) // joint CTC-attention: the encoder's columns must also read the caption on their own
            loss = loss + _model.Config.CtcWeight * CtcLoss.Mean(_model.ColumnLogProbabilities(features), captions, _model.Decoder.Tokens); // scalar
        _optimizer.zero_grad();
        loss.backward();
        nn.utils.clip_grad_norm_(_model.parameters(), _options.GradientClip);
        _optimizer.step();
        return (loss.item<float>(), TokenAccuracy.CountFromLogits(output.Logits, targets, pad), ce.item<float>());
    }

    /// <summary>With the CTC loss on, every training caption must fit the encoder's columns (one per character, one
    /// more between equal neighbours); one that does not would teach nothing, so it is an error before training.</summary>
    void CheckCtcColumns(IReadOnlyList<CaptionedImage> train)
    {
        if (_model.Config.CtcWeight <= 0) return;
        var columns = _model.Config.Grid.Pixels;
        foreach (var item in train)
            foreach (var caption in item.Captions)
            {
                var ids = SpecialTokens.Strip(_vocab.Encode(caption)); // the characters, without <start> and <end>
                var needed = CtcLoss.ColumnsNeeded(ids);
                if (needed > columns)
                    throw new ArgumentException($"Image {item.Id}: the caption \"{caption}\" needs {needed} encoder columns for the CTC loss, but the grid has {columns}. Fix: turn the CTC loss off (`train --ctc-weight 0`, or CtcWeight = 0 in the configuration), or use a wider grid (GridColumns) for captions this long.");
            }
    }

    /// <summary>Both splits must hold images: training learns from one and picks the best epoch on the other.</summary>
    public static void CheckSplits(IReadOnlyList<CaptionedImage> train, IReadOnlyList<CaptionedImage> val)
    {
        if (train.Count == 0 || val.Count == 0)
            throw new ArgumentException($"Training needs images in both the train and val splits; this dataset has {train.Count} and {val.Count}. Fix: add a split column (train/val/test) to the captions file.");
    }

    /// <summary>
    /// One epoch's training batches, in the order of <see cref="ImageBatchLoader.EpochOrder"/>: from the feature cache
    /// when there is one (rows read from disk, nothing decoded), else from the image loader (decoded and transformed
    /// on worker threads, with the flip augmentation).
    /// </summary>
    IEnumerable<TrainingBatch> EpochBatches(IReadOnlyList<CaptionedImage> items, ImageBatchLoader? loader, int epoch, CancellationToken cancellationToken, bool shuffle = true)
    {
        if (loader is not null)
        {
            foreach (var batch in loader.Batches(_device, epoch, cancellationToken))
                yield return new TrainingBatch(batch.Items, batch.Images, null);
            yield break;
        }
        var order = ImageBatchLoader.EpochOrder(items.Count, _options.Seed, epoch, shuffle);
        foreach (var rows in order.Chunk(_options.BatchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batchItems = rows.Select(i => items[i]).ToList();
            yield return new TrainingBatch(batchItems, null, _cache!.ReadBatch(batchItems.Select(i => i.Id).ToList(), _device)); // (B, pixels, encoder channels)
        }
    }

    /// <summary>Validation cross-entropy (per token) and token accuracy with teacher forcing, first caption of each image.</summary>
    (double MeanCe, double Accuracy) TeacherForcedLoss(IReadOnlyList<CaptionedImage> val, CancellationToken cancellationToken)
    {
        _model.eval();
        using var noGrad = no_grad();
        var (sum, counts) = (0.0, new TokenCounts());
        var loader = _cache is not null ? null : new ImageBatchLoader(val, new ImageBatchLoaderOptions { BatchSize = 256, Shuffle = false, Transform = _model.Config.Transform });
        foreach (var batch in EpochBatches(val, loader, 0, cancellationToken, shuffle: false))
        {
            using var scope = NewDisposeScope();
            using var owned = batch;
            var captions = EncodeCaptions(batch.Items.Select(x => x.Captions[0])).to(_device); // (B, L')
            var (inputs, targets) = TeacherForcing.Split(captions);                               // (B, L'-1)
            var output = _model.Decoder.Forward(batch.Features(_model), inputs, null, null);       // logits (B, T, V)
            counts += TokenAccuracy.CountFromLogits(output.Logits, targets, _model.Decoder.Tokens.Pad);
            sum += MaskedCrossEntropy.Sum(output.Logits, targets, _model.Decoder.Tokens.Pad).item<float>();
        }
        return (sum / Math.Max(1, counts.Total), counts.Accuracy);
    }

    double ValidationBleu4(IReadOnlyList<CaptionedImage> val, CancellationToken cancellationToken)
    {
        var images = val.Take(_options.ValidationImages ?? val.Count).ToList();
        var generated = _cache is not null
            ? ImageCaptioning.FromCache(_model, _cache, images, _vocab, _device, cancellationToken: cancellationToken)
            : ImageCaptioning.Generate(_model, images, _vocab, _device, cancellationToken: cancellationToken);
        return CorpusBleu.Bleu1To4(DatasetEvaluation.References(images, _vocab), generated.Select(g => g.Words).ToList()).Bleu4;
    }

    /// <summary>The captions as token ids, &lt;start&gt; … &lt;end&gt;, padded to the longest one; a caption longer than the
    /// model's maximum length is an error naming it (<see cref="Vocab.EncodeWithin"/>).</summary>
    /// <returns>(captions, L') int64 on the CPU.</returns>
    Tensor EncodeCaptions(IEnumerable<string> captions)
    {
        var rows = captions.Select(c => _vocab.EncodeWithin(c, _model.Config.MaxCaptionLength)).ToList(); // a longer caption is an error, not a cut
        var ids = rows.SelectMany(r => r.Select(id => (long)id)).ToArray();
        return TrimPadding(tensor(ids).reshape(rows.Count, _model.Config.MaxCaptionLength)); // (captions, L')
    }

    /// <summary>Drops the columns that are padding in every row of the batch: shorter batches, faster steps.</summary>
    static Tensor TrimPadding(Tensor captions)
    {
        var used = captions.ne(SpecialTokens.PadId).any(0);                              // (L)
        var length = Math.Max(2, (int)used.nonzero().max().item<long>() + 1);
        return captions.narrow(1, 0, length);                                          // (B, L')
    }

    double SetLearningRate(int epoch)
    {
        var lr = _options.LearningRateAt(epoch);
        foreach (var group in _optimizer.ParamGroups) group.LearningRate = lr;
        return lr;
    }

    void SaveCheckpoints(string directory, int epoch, bool isBest)
    {
        var path = Path.Combine(directory, $"epoch-{epoch:D3}.safetensors");
        TrainingCheckpoint.Save(path, _model, _optimizer, _vocab, epoch, _step, _options.Seed, History);
        History.LastCheckpoint = path;
        if (isBest)
        {
            var bestPath = Path.Combine(directory, "best.safetensors");
            var temp = bestPath + ".tmp";
            File.Copy(path, temp, overwrite: true);
            File.Move(temp, bestPath, overwrite: true);
            History.BestCheckpoint = bestPath;
        }
        // Keep this run's last N epochs. Files numbered above the current epoch belong to an older, longer run in the
        // same folder: they are not ours to delete.
        var keepFrom = epoch - Math.Max(1, _options.KeepLastCheckpoints) + 1;
        foreach (var old in Directory.GetFiles(directory, "epoch-*.safetensors"))
            if (int.TryParse(Path.GetFileNameWithoutExtension(old)["epoch-".Length..], out var n) && n < keepFrom)
                File.Delete(old);
    }
}

/// <summary>
/// One batch of training images with what the encoder needs: the transformed pixels (the image path) or the encoder's
/// output read from the feature cache. Either way <see cref="Features"/> gives the decoder's input.
/// </summary>
/// <param name="Images">(B, 3, H, W), or null when the features come from the cache.</param>
/// <param name="Encoded">(B, pixels, encoder channels) from the cache, or null on the image path.</param>
sealed record TrainingBatch(IReadOnlyList<CaptionedImage> Items, Tensor? Images, Tensor? Encoded) : IDisposable
{
    /// <summary>(B, pixels, channels): the encoder runs now (and trains, unless frozen) or its cached output is used.</summary>
    public Tensor Features(Captioner model) => Encoded is { } encoded ? model.FeaturesFromEncoded(encoded) : model.Features(Images!);

    public void Dispose()
    {
        Images?.Dispose();
        Encoded?.Dispose();
    }
}
