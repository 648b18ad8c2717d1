namespace CaptioningKit.Training;

/// <summary>One epoch's numbers. Perplexity is exp(mean cross-entropy per token); token accuracy counts non-pad targets.</summary>
public sealed record EpochRecord(
    int Epoch, double TrainLoss, double TrainPerplexity, double TrainTokenAccuracy,
    double ValLoss, double ValPerplexity, double ValTokenAccuracy, double ValBleu4,
    double LearningRate, double Seconds, long LiveTensors, long ProcessMemoryBytes);

/// <summary>Progress inside an epoch, for a progress bar or a live chart.</summary>
public readonly record struct TrainingProgress(int Epoch, int Epochs, int Step, int StepsPerEpoch, double Loss, EpochRecord? Finished = null);

/// <summary>Every epoch so far, and where the best and last checkpoints are.</summary>
public sealed class TrainingHistory
{
    public List<EpochRecord> Epochs { get; } = [];
    public string? BestCheckpoint { get; set; }
    public string? LastCheckpoint { get; set; }
    public int BestEpoch => Epochs.Count == 0 ? 0 : Epochs.MaxBy(e => e.ValBleu4)!.Epoch;
    public double BestBleu4 => Epochs.Count == 0 ? 0 : Epochs.Max(e => e.ValBleu4);
    public double TotalSeconds => Epochs.Sum(e => e.Seconds);
    public string StopReason { get; set; } = "";
}
