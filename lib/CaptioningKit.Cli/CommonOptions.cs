using System.CommandLine;
using System.Globalization;
using CaptioningKit.Native;

namespace CaptioningKit.Cli;

/// <summary>Options several commands share.</summary>
static class CommonOptions
{
    public static Option<string?> Device() => new("--device")
    {
        Description = $"auto (default: cuda if available, else cpu), cpu, cuda or cuda:N; also ${DeviceChoice.EnvironmentVariable}",
    };

    /// <summary>What every <c>--dataset</c> takes: whatever <c>CaptionDatasets.Resolve</c> reads.</summary>
    public const string DatasetDescription =
        "A dataset: a captions file or a folder holding one (your own folder: captions.csv + images/; Flickr8k.token.txt; Kaggle captions.txt; " +
        "COCO captions_*.json; Karpathy dataset_*.json; BMS train_labels.csv). A folder with several such files: pass the file";

    public static Option<string?> DataDir() => new("--data-dir")
    {
        Description = "Where datasets are downloaded and generated (default: data/ in the repository, or $CAPTIONINGKIT_DATA)",
    };

    /// <summary>
    /// Adds a parse-time check: a value outside the rule is a parse error naming the option, the value and the rule
    /// (exit 1, before the command runs or loads anything).
    /// </summary>
    public static Option<T> Must<T>(this Option<T> option, Func<T, bool> ok, string rule)
    {
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count == 0 && result.Implicit) return; // the default is always valid
            T value;
            try { value = result.GetValueOrDefault<T>(); }
            catch (InvalidOperationException) { return; } // not even parsable: System.CommandLine reports that itself
            if (!ok(value))
                result.AddError($"{option.Name} {rule} (got {Convert.ToString(value, CultureInfo.InvariantCulture) ?? "nothing"}).");
        });
        return option;
    }

    public static Option<int> AtLeast(this Option<int> option, int minimum) => option.Must(v => v >= minimum, $"must be at least {minimum}");

    public static Option<int?> AtLeast(this Option<int?> option, int minimum) => option.Must(v => v is null || v >= minimum, $"must be at least {minimum}");

    /// <summary>A finite number above 0 (NaN, infinities, 0 and negatives are refused).</summary>
    public static Option<double> Positive(this Option<double> option) => option.Must(v => double.IsFinite(v) && v > 0, "must be a finite number above 0");

    /// <summary>A probability: a finite number from 0 to 1.</summary>
    public static Option<double> Probability(this Option<double> option) => option.Must(v => v is >= 0 and <= 1, "must be a probability from 0 to 1");
}
