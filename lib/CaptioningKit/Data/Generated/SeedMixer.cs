namespace CaptioningKit.Data.Generated;

/// <summary>
/// Turns (dataset seed, image index) into an independent seed for that image, so images can be drawn in any order on
/// any number of threads and still come out byte-identical. (<see cref="HashCode"/> is randomised per process, so it
/// cannot be used here; this is SplitMix64, a fixed, well-mixed function.)
/// </summary>
public static class SeedMixer
{
    public static int ForImage(int datasetSeed, int index)
    {
        ulong z = unchecked((ulong)(uint)datasetSeed * 0x9E3779B97F4A7C15UL + (ulong)index + 1);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return unchecked((int)(uint)z);
    }
}
