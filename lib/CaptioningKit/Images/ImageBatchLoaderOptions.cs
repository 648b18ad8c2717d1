namespace CaptioningKit.Images;

/// <summary>Settings of <see cref="ImageBatchLoader"/>.</summary>
public sealed record ImageBatchLoaderOptions
{
    public int BatchSize { get; init; } = 32;
    /// <summary>Seeds the shuffle and every random augmentation: the same seed and epoch give the same batches.</summary>
    public int Seed { get; init; }
    public bool Shuffle { get; init; } = true;
    /// <summary>Keep the last batch when it is smaller than BatchSize.</summary>
    public bool KeepLastPartialBatch { get; init; } = true;
    public ImageTransform Transform { get; init; } = ImageTransform.Evaluation();
    public BadImagePolicy BadImages { get; init; } = BadImagePolicy.Fail;
    /// <summary>How many decoded batches may wait ahead of the consumer (bounds memory).</summary>
    public int Prefetch { get; init; } = 2;
    /// <summary>Decoding threads; the number of cores by default.</summary>
    public int Workers { get; init; } = Environment.ProcessorCount;
}
