namespace CaptioningKit.Images;

/// <summary>What the batch loader does with an image that cannot be loaded. Never silent.</summary>
public enum BadImagePolicy
{
    /// <summary>Stop: the enumeration throws the <see cref="ImageLoadException"/> naming the file. The default.</summary>
    Fail,
    /// <summary>Leave it out of its batch and report it in <see cref="ImageBatch.Skipped"/> and <see cref="ImageBatchLoader.Skipped"/>.</summary>
    SkipAndReport,
}
