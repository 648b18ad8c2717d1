namespace CaptioningKit.Data.Generated;

/// <summary>
/// The settings of one generated dataset. Everything that changes the files is recorded in dataset.json; running
/// again with the same settings finds the folder up to date and does nothing.
/// </summary>
public sealed record GenerationOptions
{
    /// <summary>The seed every image's own seed is derived from: the same seed gives byte-identical files.</summary>
    public int Seed { get; init; } = 42;

    public int Train { get; init; } = 2000;
    public int Val { get; init; } = 200;
    public int Test { get; init; } = 200;

    /// <summary>Image width in pixels; null takes the set's default (shapes 64, formulas 256).</summary>
    public int? Width { get; init; }

    /// <summary>Image height in pixels; null takes the set's default (shapes 64, formulas 64).</summary>
    public int? Height { get; init; }

    /// <summary>Reference captions per image; null takes the set's default (shapes 5, formulas 1).</summary>
    public int? CaptionsPerImage { get; init; }

    /// <summary>Threads used; null uses every core. Does not change the output.</summary>
    public int? MaxDegreeOfParallelism { get; init; }

    /// <summary>Regenerate even when dataset.json says the folder is up to date.</summary>
    public bool Force { get; init; }

    public int Total => Train + Val + Test;

    /// <summary>Throws a clear error for a setting that cannot work.</summary>
    public void Validate()
    {
        if (Train < 0 || Val < 0 || Test < 0) throw new ArgumentException($"Split sizes must be 0 or more (got train {Train}, val {Val}, test {Test}).");
        if (Total == 0) throw new ArgumentException("Ask for at least one image: --train, --val and --test are all 0.");
        if (Width is < 16 || Height is < 16) throw new ArgumentException($"Images must be at least 16x16 pixels (got {Width}x{Height}).");
        if (Width is > 4096 || Height is > 4096) throw new ArgumentException($"Images are capped at 4096x4096 pixels (got {Width}x{Height}).");
        if (CaptionsPerImage is < 1) throw new ArgumentException($"Each image needs at least one caption (got {CaptionsPerImage}).");
    }

    /// <summary>The split of the image at <paramref name="index"/>: the first <see cref="Train"/> are train, then val, then test.</summary>
    public Split SplitOf(int index) => index < Train ? Split.Train : index < Train + Val ? Split.Val : Split.Test;
}
