namespace CaptioningKit.Data;

/// <summary>
/// The kit's one way to derive seeds: turns (seed, index, …) into an independent, well-mixed seed, the same in every
/// process on every machine. Generated images use (dataset seed, image index), so they can be drawn in any order on any
/// number of threads and still come out byte-identical; the batch loader uses (seed, epoch) for its shuffle and
/// (seed, epoch, item) for each item's augmentation. (<see cref="HashCode"/> is randomised per process, so it cannot
/// be used for this; this is SplitMix64's finaliser, a fixed function.)
/// </summary>
public static class SeedMixer
{
    /// <summary>A seed for item <paramref name="index"/> of something seeded with <paramref name="seed"/>.</summary>
    public static int Mix(int seed, int index)
    {
        ulong z = unchecked((ulong)(uint)seed * 0x9E3779B97F4A7C15UL + (ulong)index + 1);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return unchecked((int)(uint)z);
    }

    /// <summary>A seed for (<paramref name="first"/>, <paramref name="second"/>) under <paramref name="seed"/>, e.g. (seed, epoch, item).</summary>
    public static int Mix(int seed, int first, int second) => Mix(Mix(seed, first), second);
}
