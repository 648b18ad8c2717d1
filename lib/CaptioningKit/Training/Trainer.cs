using System.Diagnostics;
using CaptioningKit.Decoder;
using CaptioningKit.Evaluation;
using CaptioningKit.Inference;
using CaptioningKit.Training.Checkpoints;
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

    public Trainer(Captioner model, Vocab vocab, TrainingOptions options, Device device)
    {
        (_model, _vocab, _options, _device) = (model, vocab, options, device);
        _optimizer = torch.optim.Adam(model.parameters(), lr: options.LearningRate);
    }

    public TrainingHistory History { get; } = new();

    /// <summary>The epoch to start from: 1, or one after the checkpoint resumed with <see cref="Resume"/>.</summary>
    public int NextEpoch { get; private set; } = 1;

    /// <summary>Continues from a checkpoint written by this trainer: weights, Adam's state, random state, epoch, step.</summary>
    public void Resume(string checkpointPath)
    {
        var info = Checkpoint.ReadInfo(checkpointPath);
        TrainingCheckpoint.CheckConfiguration(checkpointPath, info, _model.Config);
        Checkpoint.Load(checkpointPath, _model);
        TrainingCheckpoint.RestoreTrainingState(checkpointPath, _optimizer);
        (NextEpoch, _step) = (info.Epoch + 1, info.Step);
    }

    /// <summary>Trains until the epochs run out, early stopping triggers or <see cref="TrainingOptions.MaxSteps"/> is reached.</summary>
    /// <param name="checkpointDirectory">where best.safetensors and epoch-N.safetensors go (null: no checkpoints).</param>
    public TrainingHistory Fit(PreparedSplit train, PreparedSplit val, string? checkpointDirectory = null,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (NextEpoch == 1) torch.manual_seed(_options.Seed);
        int stepsPerEpoch = (train.Count + _options.BatchSize - 1) / _options.BatchSize;
        int sinceBest = 0;
        double best = History.Epochs.Count > 0 ? History.BestBleu4 : double.NegativeInfinity;
        if (checkpointDirectory is not null) Directory.CreateDirectory(checkpointDirectory);

        for (int epoch = NextEpoch; epoch <= _options.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            var lr = SetLearningRate(epoch);
            var order = Enumerable.Range(0, train.Count).ToArray();
            new Random(_options.Seed * 1000 + epoch).Shuffle(order); // the epoch's order depends only on seed and epoch
            var (lossSum, tokens) = (0.0, new TokenCounts());
            _model.train();
            for (int s = 0; s < stepsPerEpoch; s++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var batch = order.AsSpan(s * _options.BatchSize, Math.Min(_options.BatchSize, order.Length - s * _options.BatchSize)).ToArray();
                var (loss, counts, meanCe) = TrainStep(train, batch);
                lossSum += meanCe * counts.Total;
                tokens += counts;
                _step++;
                progress?.Report(new TrainingProgress(epoch, _options.Epochs, s + 1, stepsPerEpoch, loss));
                if (_step >= _options.MaxSteps) break;
            }
            var trainCe = lossSum / Math.Max(1, tokens.Total);
            var (valCe, valAcc) = TeacherForcedLoss(val);
            var bleu4 = ValidationBleu4(val);
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
    (double Loss, TokenCounts Counts, double MeanCe) TrainStep(PreparedSplit train, int[] batch)
    {
        using var scope = NewDisposeScope();
        var pairs = batch.SelectMany((image, b) => Enumerable.Range(0, train.CaptionCounts[image]).Select(k => (Row: b, Image: image, Caption: k))).ToArray();
        var images = train.Images.index_select(0, tensor(batch.Select(i => (long)i).ToArray())).to(_device); // (B, 3, H, W)
        var captions = TrimPadding(train.Captions[tensor(pairs.Select(p => (long)p.Image).ToArray()),
            tensor(pairs.Select(p => (long)p.Caption).ToArray())]).to(_device);                // (pairs, L')
        var (inputs, targets) = TeacherForcing.Split(captions);                                 // (pairs, L'-1) each
        var features = _model.Features(images)                                                  // (B, pixels, channels)
            .index_select(0, tensor(pairs.Select(p => (long)p.Row).ToArray(), device: _device)); // (pairs, pixels, channels)
        var sampling = _options.ScheduledSampling > 0 ? new ScheduledSampling(_options.ScheduledSampling) : null;
        var output = _model.Decoder.Forward(features, inputs, null, sampling);                  // logits (pairs, T, V), weights (pairs, T, P)
        var pad = _model.Decoder.Tokens.Pad;
        var ce = MaskedCrossEntropy.Mean(output.Logits, targets, pad);                  // scalar
        var loss = ce + _model.Decoder.AttentionPenalty(output.Weights, targets.ne(pad)); // scalar
        _optimizer.zero_grad();
        loss.backward();
        nn.utils.clip_grad_norm_(_model.parameters(), _options.GradientClip);
        _optimizer.step();
        return (loss.item<float>(), TokenAccuracy.CountFromLogits(output.Logits, targets, pad), ce.item<float>());
    }

    /// <summary>Validation cross-entropy (per token) and token accuracy with teacher forcing, first caption of each image.</summary>
    (double MeanCe, double Accuracy) TeacherForcedLoss(PreparedSplit val)
    {
        _model.eval();
        using var noGrad = no_grad();
        var (sum, counts) = (0.0, new TokenCounts());
        for (int start = 0; start < val.Count; start += 256)
        {
            using var scope = NewDisposeScope();
            int n = Math.Min(256, val.Count - start);
            var images = val.Images.narrow(0, start, n).to(_device);                    // (B, 3, H, W)
            var captions = TrimPadding(val.Captions.narrow(0, start, n).select(1, 0)).to(_device); // (B, L')
            var (inputs, targets) = TeacherForcing.Split(captions);                     // (B, L'-1)
            var output = _model.Forward(images, inputs);                                // logits (B, T, V)
            var c = TokenAccuracy.CountFromLogits(output.Logits, targets, _model.Decoder.Tokens.Pad);
            sum += MaskedCrossEntropy.Sum(output.Logits, targets, _model.Decoder.Tokens.Pad).item<float>();
            counts += c;
        }
        return (sum / Math.Max(1, counts.Total), counts.Accuracy);
    }

    double ValidationBleu4(PreparedSplit val)
    {
        int n = Math.Min(val.Count, _options.ValidationImages ?? val.Count);
        using var images = val.Images.narrow(0, 0, n);
        var generated = SplitDecoding.Generate(_model, images, val.Items.Take(n).ToList(), _vocab, _device);
        return CorpusBleu.Bleu1To4(val.References.Take(n).ToList(), generated.Select(g => g.Words).ToList()).Bleu4;
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
        TrainingCheckpoint.Save(path, _model, _optimizer, _vocab, epoch, _step, _options.Seed);
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
