namespace CaptioningKit.Training;

/// <summary>
/// The training loss became NaN or infinite: the weights are no longer usable, so training stops and the step's model
/// is never written as a checkpoint. The message names the epoch, the step and the fix (a lower learning rate, or
/// resuming from the last good checkpoint).
/// </summary>
public sealed class TrainingDivergedException(int epoch, long step, double loss, double learningRate, string? lastCheckpoint)
    : Exception($"Training diverged: the loss became {loss} at epoch {epoch}, step {step} (learning rate {learningRate:G3}); no checkpoint was written for this epoch. " +
                $"Fix: lower --lr (e.g. {learningRate / 10:G3})" + (lastCheckpoint is null ? "." : $", or --resume {lastCheckpoint} with a lower --lr."))
{
    public int Epoch { get; } = epoch;
    public long Step { get; } = step;
    public double Loss { get; } = loss;
}
