namespace CaptioningKit.Training.Checkpoints;

/// <summary>
/// The checkpoint does not fit the model: lists every difference at once (not just the first), so one look tells
/// whether a size, a cell kind or a vocabulary changed.
/// </summary>
public sealed class CheckpointMismatchException : Exception
{
    public CheckpointMismatchException(string path, IReadOnlyList<string> configuration, IReadOnlyList<string> missing,
        IReadOnlyList<string> unexpected, IReadOnlyList<string> mismatched)
        : base(Describe(path, configuration, missing, unexpected, mismatched))
    {
        Configuration = configuration;
        Missing = missing;
        Unexpected = unexpected;
        Mismatched = mismatched;
    }

    /// <summary>Configuration entries that differ, as "key: checkpoint X, model Y".</summary>
    public IReadOnlyList<string> Configuration { get; }

    /// <summary>Tensors the model has and the checkpoint lacks.</summary>
    public IReadOnlyList<string> Missing { get; }

    /// <summary>Tensors the checkpoint has and the model lacks.</summary>
    public IReadOnlyList<string> Unexpected { get; }

    /// <summary>Tensors in both whose shape or type differ, as "name: checkpoint F32[32, 8], model F32[64, 8]".</summary>
    public IReadOnlyList<string> Mismatched { get; }

    static string Describe(string path, IReadOnlyList<string> configuration, IReadOnlyList<string> missing,
        IReadOnlyList<string> unexpected, IReadOnlyList<string> mismatched)
    {
        var lines = new List<string> { $"Checkpoint '{path}' does not fit this model:" };
        void Section(string title, IReadOnlyList<string> items)
        {
            if (items.Count == 0) return;
            lines.Add($"  {title} ({items.Count}):");
            lines.AddRange(items.Select(i => "    " + i));
        }
        Section("configuration differs", configuration);
        Section("missing from the checkpoint", missing);
        Section("unexpected in the checkpoint", unexpected);
        Section("shape or type differs", mismatched);
        lines.Add("Build the model with the checkpoint's configuration (CheckpointInfo.Configuration) before loading.");
        return string.Join(Environment.NewLine, lines);
    }
}
