namespace CaptioningKit.Vocabulary.Cleaning;

/// <summary>
/// How a caption becomes word tokens: split on whitespace, then apply the named <see cref="Steps"/> in order.
/// Build one from steps, or take a preset from <see cref="CleaningPresets"/>.
/// </summary>
public sealed class CleaningPipeline
{
    public CleaningPipeline(string name, IReadOnlyList<ICleaningStep> steps)
    {
        Name = name;
        Steps = steps;
    }

    /// <summary>The preset's name ("flickr8k", "plain") or "custom".</summary>
    public string Name { get; }

    public IReadOnlyList<ICleaningStep> Steps { get; }

    /// <summary>The step names, in order: what a vocabulary file stores.</summary>
    public IReadOnlyList<string> StepNames => Steps.Select(s => s.Name).ToList();

    /// <summary>
    /// The tokens of <paramref name="caption"/>. When <paramref name="dropped"/> is given it is called with
    /// (step name, token) for each token a step removes.
    /// </summary>
    public List<string> Clean(string caption, Action<string, string>? dropped = null)
    {
        var tokens = caption.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).ToList();
        foreach (var step in Steps)
            step.Apply(tokens, dropped is null ? null : t => dropped(step.Name, t));
        return tokens;
    }

    /// <summary>
    /// What each stage does to <paramref name="caption"/>, for showing the pipeline at work: one line per stage
    /// (starting with the whitespace split) with the tokens after it and the tokens it dropped.
    /// </summary>
    public IReadOnlyList<string> Trace(string caption)
    {
        var tokens = caption.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).ToList();
        var lines = new List<string> { $"{"split-whitespace",-22} {string.Join(" ", tokens)}" };
        foreach (var step in Steps)
        {
            var gone = new List<string>();
            step.Apply(tokens, gone.Add);
            lines.Add($"{step.Name,-22} {string.Join(" ", tokens)}{(gone.Count > 0 ? $"    dropped: {string.Join(", ", gone)}" : "")}");
        }
        return lines;
    }

    /// <summary>A pipeline from step names (as stored in a vocabulary file); unknown names throw, listing the known ones.</summary>
    public static CleaningPipeline FromStepNames(string name, IEnumerable<string> stepNames) =>
        new(name, stepNames.Select(n => CleaningSteps.Find(n) ?? throw new ArgumentException(
            $"Unknown cleaning step '{n}'; the steps are: {string.Join(", ", CleaningSteps.All.Select(s => s.Name))}.")).ToList());

    public override string ToString() => $"{Name} [{string.Join(" → ", StepNames.Prepend("split-whitespace"))}]";
}
