namespace CaptioningKit.Training;

/// <summary>
/// The rule that keeps an earlier run's work: a fresh run never writes into a folder that already holds checkpoints
/// (best.safetensors, epoch-N.safetensors), where it would replace the best model and delete old epochs. The CLI's
/// <c>train</c> (without <c>--resume</c>) and the demo check it before training.
/// </summary>
public static class CheckpointFolder
{
    /// <summary>The earlier run's best (or latest epoch) checkpoint in <paramref name="directory"/>, or null when there is none.</summary>
    public static string? EarlierRun(string directory)
    {
        if (File.Exists(directory)) throw new IOException($"The checkpoint folder '{directory}' is a file. Fix: pass a folder (--out).");
        if (!Directory.Exists(directory)) return null;
        var best = Path.Combine(directory, "best.safetensors");
        return File.Exists(best) ? best : Directory.EnumerateFiles(directory, "epoch-*.safetensors").Order(StringComparer.Ordinal).LastOrDefault();
    }

    /// <summary>Throws an <see cref="IOException"/> naming the earlier run and the fix when <paramref name="directory"/> holds one.</summary>
    public static void RefuseEarlierRun(string directory, string outOption = "--out")
    {
        if (EarlierRun(directory) is { } earlier)
            throw new IOException($"'{directory}' already holds the checkpoints of an earlier run ({Path.GetFileName(earlier)}); a new run would replace them. " +
                $"Fix: write this run elsewhere ({outOption} NEW-FOLDER), continue that run (train --resume {earlier}), or move the old folder away.");
    }
}
