namespace CaptioningKit.Data.Generated;

/// <summary>How far a generation has got: <see cref="Done"/> of <see cref="Total"/> images of <see cref="Dataset"/>.</summary>
public sealed record GenerationProgress(string Dataset, int Done, int Total);
