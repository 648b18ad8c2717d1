using System.Text.Json;
using System.Text.Json.Serialization;
using CaptioningKit.Attention;
using CaptioningKit.Decoder;
using CaptioningKit.Model;
using TorchSharp;

namespace CaptioningKit.Demo;

/// <summary>One experiment on the shapes demo: the default with one switch flipped.</summary>
/// <param name="Name">short id ("gru", "dot-product" …), as in bench/results/shapes-variants.json.</param>
/// <param name="Switch">what is flipped, in words.</param>
public sealed record ShapesVariant(string Name, string Switch, Func<DemoOptions, DemoOptions> Apply);

/// <summary>One measured variant, as the bench recorded it.</summary>
public sealed record ShapesVariantResult
{
    [JsonPropertyName("name")] public string Name { get; init; } = "";
    [JsonPropertyName("switch")] public string Switch { get; init; } = "";
    [JsonPropertyName("bleu4_greedy")] public double Bleu4 { get; init; }
    [JsonPropertyName("bleu4_beam3")] public double BeamBleu4 { get; init; }
    [JsonPropertyName("attention_localization")] public double? AttentionLocalization { get; init; }
    [JsonPropertyName("total_seconds")] public double TotalSeconds { get; init; }
    [JsonPropertyName("epochs")] public int Epochs { get; init; }
    [JsonPropertyName("best_epoch")] public int BestEpoch { get; init; }

    public override string ToString() =>
        $"{Name,-19} BLEU-4 greedy {Bleu4:F3}, beam {BeamBleu4:F3}, localisation {(AttentionLocalization is { } l ? l.ToString("P1") : "-")}, {Epochs} epochs (best {BestEpoch}), {TotalSeconds:F0} s   ({Switch})";

    public static ShapesVariantResult From(ShapesVariant variant, DemoMetrics m) => new()
    {
        Name = variant.Name, Switch = variant.Switch, Bleu4 = Math.Round(m.Bleu4, 4), BeamBleu4 = Math.Round(m.BeamBleu4, 4),
        AttentionLocalization = m.AttentionLocalization is { } l ? Math.Round(l, 4) : null,
        TotalSeconds = Math.Round(m.TotalSeconds, 1), Epochs = m.Epochs, BestEpoch = m.BestEpoch,
    };
}

/// <summary>The bench's results file: how and when the variants were measured, and one row per variant.</summary>
public sealed record ShapesVariantResults
{
    [JsonPropertyName("measured")] public string Measured { get; init; } = "";
    [JsonPropertyName("settings")] public string Settings { get; init; } = "";
    [JsonPropertyName("variants")] public List<ShapesVariantResult> Variants { get; init; } = [];

    /// <summary>The rows of <paramref name="names"/> (all when none), one per line, with how they were measured.</summary>
    public string Describe(params string[] names) => string.Join(Environment.NewLine,
        (names.Length == 0 ? Variants : names.Select(n => this[n])).Select(r => r.ToString())
        .Append($"(measured {Measured}; {Settings})"));

    /// <summary>The row of <paramref name="name"/>; an error naming the known rows when it is missing.</summary>
    public ShapesVariantResult this[string name] => Variants.FirstOrDefault(v => v.Name == name)
        ?? throw new KeyNotFoundException($"The results file has no variant '{name}' (it has: {string.Join(", ", Variants.Select(v => v.Name))}). Fix: run `CaptioningKit.Bench variants`.");
}

/// <summary>
/// The experiments of issue 13 on the shapes demo: the default, and the default with one switch flipped (gate off, no
/// cell positions, doubly stochastic lambda = 1, GRU, dot-product attention, scheduled sampling, hard attention at
/// decode, attention without the word). The bench trains each at full size and records the results in
/// <see cref="ResultsFile"/>; notebooks 05-08 run one at quick size and show it beside the recorded row.
/// </summary>
public static class ShapesVariants
{
    /// <summary>The results file, relative to the repository root.</summary>
    public const string ResultsFile = "bench/results/shapes-variants.json";

    static CaptionerConfig Default(DemoOptions o) => o.Config ?? CaptionerConfig.ForShapes(0);
    static DemoOptions WithDecoder(DemoOptions o, Func<DecoderOptions, DecoderOptions> change) =>
        o with { Config = Default(o) with { Decoder = change(Default(o).Decoder) } };

    public static IReadOnlyList<ShapesVariant> All { get; } =
    [
        new("default", "none (the demo's default)", o => o),
        new("no-gate", "no sigmoid gate on the context", o => WithDecoder(o, d => d with { Gate = false })),
        new("no-cell-positions", "no cell-position channels", o => o with
        {
            Config = Default(o) with { CellPositions = false, Decoder = Default(o).Decoder with { FeatureChannels = Default(o).Decoder.FeatureChannels - 2 } },
        }),
        new("doubly-stochastic", "doubly stochastic penalty lambda = 1", o => WithDecoder(o, d => d with { DoublyStochasticWeight = 1.0 })),
        new("gru", "GRU cell instead of LSTM", o => WithDecoder(o, d => d with { Cell = RecurrentCellKind.Gru })),
        new("dot-product", "scaled dot-product attention instead of additive", o => WithDecoder(o, d => d with { Attention = AttentionKind.ScaledDotProduct })),
        new("no-word-in-query", "attention query without the previous word (h only)", o => WithDecoder(o, d => d with { AttendWithWord = false })),
        new("scheduled-sampling", "scheduled sampling p = 0.25", o => o with { Training = o.Training with { ScheduledSampling = 0.25 } }),
        new("hard-attention", "hard attention at decode (argmax cell), trained soft", o => o with { HardAttention = true }),
    ];

    /// <summary>The variant named <paramref name="name"/>; an error listing the names when there is none.</summary>
    public static ShapesVariant Get(string name) => All.FirstOrDefault(v => v.Name == name)
        ?? throw new ArgumentException($"Unknown shapes variant '{name}'. Use one of: {string.Join(", ", All.Select(v => v.Name))}.");

    /// <summary>The demo's options with variant <paramref name="name"/> applied.</summary>
    public static DemoOptions Options(string name, DemoOptions baseOptions) => Get(name).Apply(baseOptions);

    /// <summary>Reads the recorded results (<paramref name="path"/>, else <see cref="ResultsFile"/> in the repository).</summary>
    public static ShapesVariantResults Load(string? path = null)
    {
        path ??= Path.Combine(KitPaths.RepositoryRoot ?? Directory.GetCurrentDirectory(), ResultsFile);
        if (!File.Exists(path)) throw new FileNotFoundException($"The bench's results file {path} is missing. Fix: run `CaptioningKit.Bench variants` from the repository root.", path);
        try { return JsonSerializer.Deserialize<ShapesVariantResults>(File.ReadAllText(path)) ?? throw new InvalidDataException($"{path} is empty."); }
        catch (JsonException e) { throw new InvalidDataException($"{path} is not a valid results file ({e.Message}). Fix: run `CaptioningKit.Bench variants` again.", e); }
    }

    /// <summary>
    /// The recorded rows of <paramref name="names"/> (all when none) as text, for a notebook: rows the file lacks, or a
    /// missing file, are named with the command that measures them instead of failing the cell.
    /// </summary>
    public static string Recorded(params string[] names)
    {
        ShapesVariantResults results;
        try { results = Load(); }
        catch (Exception e) when (e is FileNotFoundException or InvalidDataException) { return e.Message; }
        var missing = names.Where(n => results.Variants.All(v => v.Name != n)).ToList();
        var lines = new List<string>();
        if (names.Length == 0 || missing.Count < names.Length) lines.Add(results.Describe(names.Except(missing).ToArray()));
        if (missing.Count > 0) lines.Add($"not measured yet: {string.Join(", ", missing)} (run `CaptioningKit.Bench variants {string.Join(" ", missing)}`)");
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>Writes the results (temp file + rename).</summary>
    public static void Save(ShapesVariantResults results, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Training images of a learner's experiment (full mode).</summary>
    public const int TryTrainImages = 600;

    /// <summary>
    /// The size of a learner's experiment: 600/100/100 images and 4 epochs (about a minute on two cores), in the data
    /// folder's <c>try/</c> subfolder so no full-size dataset is replaced; in quick mode (<see cref="Kit.Quick"/>, the
    /// tests) <see cref="DemoOptions.Quick"/>, seconds.
    /// </summary>
    public static DemoOptions TrySize(DemoOptions options) => Kit.Quick
        ? options.Quick()
        : options with
        {
            DataDirectory = Path.Combine(options.DataDirectory ?? KitPaths.DataDirectory, "try"),
            TrainImages = TryTrainImages, ValImages = 100, TestImages = 100,
            Training = options.Training with { Epochs = 4 },
        };

    /// <summary>
    /// A learner's experiment: the shapes demo at <see cref="TrySize"/> (or <paramref name="size"/>) with variant
    /// <paramref name="name"/>, in a fresh folder under <paramref name="runsDirectory"/>; returns the learner's row and
    /// the bench's recorded rows of the variant and of the default (null when the results file is missing).
    /// </summary>
    public static ShapesVariantTrial Try(string name, string runsDirectory, torch.Device device,
        Func<DemoOptions, DemoOptions>? size = null, IProgress<DemoProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var variant = Get(name);
        var output = Path.Combine(runsDirectory, $"try-{name}-{DateTime.UtcNow:yyyyMMdd-HHmmss-fff}");
        var options = (size ?? TrySize)(new DemoOptions("shapes", OutputDirectory: output));
        var result = DemoPipeline.Run(variant.Apply(options), device, progress, cancellationToken);
        ShapesVariantResults? recorded = null;
        try { recorded = Load(); } catch (Exception e) when (e is FileNotFoundException or InvalidDataException) { }
        return new ShapesVariantTrial(ShapesVariantResult.From(variant, result.Metrics), options.TrainImages, options.Training.Epochs,
            recorded?.Variants.FirstOrDefault(v => v.Name == name), recorded?.Variants.FirstOrDefault(v => v.Name == "default"), recorded?.Settings);
    }
}

/// <summary>A learner's run of a variant beside what the bench recorded at full size.</summary>
public sealed record ShapesVariantTrial(ShapesVariantResult Yours, int TrainImages, int Epochs, ShapesVariantResult? Recorded, ShapesVariantResult? RecordedDefault, string? RecordedSettings)
{
    static string Row(string who, ShapesVariantResult r) =>
        $"{who,-34} BLEU-4 greedy {r.Bleu4:F3}, beam {r.BeamBleu4:F3}, localisation {(r.AttentionLocalization is { } l ? l.ToString("P1") : "-")}, {r.Epochs} epochs, {r.TotalSeconds:F0} s";

    public override string ToString()
    {
        var lines = new List<string>
        {
            $"switch: {Yours.Switch}",
            Row($"your run ({TrainImages} images):", Yours),
            Recorded is null ? "the bench: no recorded row (run `CaptioningKit.Bench variants`)" : Row("the bench, this switch:", Recorded),
        };
        if (RecordedDefault is not null && Yours.Name != "default") lines.Add(Row("the bench, the default:", RecordedDefault));
        if (RecordedSettings is not null) lines.Add($"(the bench: {RecordedSettings}; a smaller run scores lower, compare the bench's two rows)");
        return string.Join(Environment.NewLine, lines);
    }
}
