namespace CaptioningKit.Data.Generated;

/// <summary>
/// What a generation did: the dataset folder, whether it was already up to date (<see cref="Skipped"/>), how many
/// images and caption rows it holds and how long the call took.
/// </summary>
public sealed record GenerationResult(string Folder, bool Skipped, DatasetManifest Manifest, int Images, int CaptionRows, TimeSpan Elapsed)
{
    /// <summary>Images drawn per second (0 when skipped).</summary>
    public double ImagesPerSecond => Skipped || Elapsed <= TimeSpan.Zero ? 0 : Images / Elapsed.TotalSeconds;
}
