namespace CaptioningKit.Encoder;

/// <summary>A weights file that cannot be used: missing, unreadable, or not matching the module (see <see cref="Report"/>).</summary>
public sealed class WeightLoadException : Exception
{
    public WeightLoadException(string path, string message, Exception? inner = null) : base(message, inner) => Path = path;

    public WeightLoadException(WeightLoadReport report)
        : base(report.Describe() + "\nPass allowPartial: true to load the matching tensors anyway (the rest keep their random values).") =>
        (Path, Report) = (report.File, report);

    public string Path { get; }

    /// <summary>The comparison of file and module, when the file could be read.</summary>
    public WeightLoadReport? Report { get; }
}
