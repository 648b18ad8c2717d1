using CaptioningKit.Data.Generated.Formulas;
using CaptioningKit.Data.Generated.Shapes;

namespace CaptioningKit.Data.Generated;

/// <summary>
/// The built-in offline datasets, by name, and the one call behind the CLI's
/// <c>generate shapes|formulas [--data-dir D] [--seed S] [--train N --val N --test N]</c>.
/// </summary>
public static class BuiltInDatasets
{
    static readonly IGeneratedSet[] Sets = [new ShapesSet(), new FormulasSet()];

    /// <summary>"shapes", "formulas".</summary>
    public static IReadOnlyList<string> Names => Sets.Select(s => s.Name).ToList();

    /// <summary>The set called <paramref name="name"/> (case-insensitive), or an error listing the names there are.</summary>
    public static IGeneratedSet Get(string name) =>
        Sets.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"There is no built-in dataset called '{name}'; choose one of: {string.Join(", ", Names)}.", nameof(name));

    /// <summary>
    /// Generates the named set into <c>&lt;dataDir&gt;/&lt;name&gt;</c> (default <see cref="KitPaths.DataDirectory"/>),
    /// or does nothing when it is already there with the same settings. Null arguments take the defaults of
    /// <see cref="GenerationOptions"/> (seed 42, 2000/200/200 images). Progress goes to <paramref name="progress"/>;
    /// nothing is written to the console.
    /// </summary>
    public static GenerationResult Generate(string name, string? dataDir = null, int? seed = null,
        int? train = null, int? val = null, int? test = null,
        IProgress<GenerationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var defaults = new GenerationOptions();
        var options = defaults with
        {
            Seed = seed ?? defaults.Seed, Train = train ?? defaults.Train, Val = val ?? defaults.Val, Test = test ?? defaults.Test,
        };
        return Generate(name, dataDir, options, progress, cancellationToken);
    }

    /// <summary>As above, with every setting (image size, captions per image, threads, force) in <paramref name="options"/>.</summary>
    public static GenerationResult Generate(string name, string? dataDir, GenerationOptions options,
        IProgress<GenerationProgress>? progress = null, CancellationToken cancellationToken = default) =>
        DatasetGenerator.Generate(Get(name), dataDir ?? KitPaths.DataDirectory, options, progress, cancellationToken);
}
