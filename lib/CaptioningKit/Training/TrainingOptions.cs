using CaptioningKit.Images;

namespace CaptioningKit.Training;

/// <summary>How to train. The defaults suit the built-in shapes set on a laptop CPU.</summary>
public sealed record TrainingOptions
{
    public int Epochs { get; init; } = 12;
    /// <summary>Images per step; each brings all its captions (5 for shapes), so a step sees about 5x as many captions.</summary>
    public int BatchSize { get; init; } = 32;
    /// <summary>Adam's learning rate at the start; it follows a cosine schedule down to <see cref="MinLearningRate"/>.</summary>
    public double LearningRate { get; init; } = 3e-3;
    public double MinLearningRate { get; init; } = 2e-4;
    /// <summary>Gradients are clipped to this total norm (LSTMs can blow up on long captions).</summary>
    public double GradientClip { get; init; } = 5.0;
    /// <summary>Probability of feeding the model its own previous prediction instead of the true word (0 = pure teacher forcing).</summary>
    public double ScheduledSampling { get; init; }
    /// <summary>Stop when validation BLEU-4 has not improved for this many epochs.</summary>
    public int Patience { get; init; } = 4;
    /// <summary>Stop early once validation BLEU-4 reaches this (null: never).</summary>
    public double? TargetBleu4 { get; init; }
    /// <summary>Images decoded greedily for validation BLEU each epoch (all when null).</summary>
    public int? ValidationImages { get; init; }
    public int Seed { get; init; } = 42;
    /// <summary>Random horizontal flips of the training images (augmentation); with FlipAndSwapLeftRight the captions'
    /// "left" and "right" are swapped to match. Off by default.</summary>
    public HorizontalFlip Flip { get; init; } = HorizontalFlip.Never;
    /// <summary>Keep this many per-epoch checkpoints besides best.safetensors.</summary>
    public int KeepLastCheckpoints { get; init; } = 2;
    /// <summary>Stop after this many optimiser steps in total (for quick runs and tests; null: no limit).</summary>
    public int? MaxSteps { get; init; }

    /// <summary>
    /// Throws an <see cref="ArgumentException"/> naming the first setting that cannot work (the CLI checks the same
    /// rules when it parses its options, so a command line never gets this far).
    /// </summary>
    public void Validate()
    {
        if (Epochs < 1) throw new ArgumentException($"Epochs must be at least 1 (it is {Epochs}).");
        if (BatchSize < 1) throw new ArgumentException($"The batch size must be at least 1 (it is {BatchSize}).");
        if (!double.IsFinite(LearningRate) || LearningRate <= 0) throw new ArgumentException($"The learning rate must be a positive number (it is {LearningRate}).");
        if (!double.IsFinite(MinLearningRate) || MinLearningRate < 0) throw new ArgumentException($"The minimum learning rate must be 0 or more (it is {MinLearningRate}).");
        if (!double.IsFinite(GradientClip) || GradientClip <= 0) throw new ArgumentException($"The gradient clip must be a positive number (it is {GradientClip}).");
        if (!(ScheduledSampling is >= 0 and <= 1)) throw new ArgumentException($"Scheduled sampling is a probability between 0 and 1 (it is {ScheduledSampling}).");
        if (Patience < 1) throw new ArgumentException($"Patience must be at least 1 epoch (it is {Patience}).");
        if (MaxSteps is < 1) throw new ArgumentException($"MaxSteps must be at least 1 when set (it is {MaxSteps}).");
    }

    /// <summary>
    /// The cosine schedule: <see cref="LearningRate"/> at epoch 1, gliding down along half a cosine to
    /// <see cref="MinLearningRate"/> at the last epoch — big steps while far from a minimum, small ones near it.
    /// </summary>
    public double LearningRateAt(int epoch)
    {
        var t = Epochs <= 1 ? 0 : (epoch - 1) / (double)(Epochs - 1);
        return MinLearningRate + 0.5 * (LearningRate - MinLearningRate) * (1 + Math.Cos(Math.PI * t));
    }

    /// <summary>The formulas recipe (the demo's and notebook 08's): few epochs over many scans, batches of 64, Adam
    /// 3e-3 down to 1e-4 on the cosine schedule.</summary>
    public static TrainingOptions Formulas { get; } = new() { Epochs = 3, BatchSize = 64, LearningRate = 3e-3, MinLearningRate = 1e-4, Patience = 2 };
}
