namespace CaptioningKit.Training.Checkpoints;

/// <summary>The file is not a valid checkpoint (truncated, corrupt, or not safetensors at all).</summary>
public sealed class CheckpointFormatException(string message) : Exception(message);
