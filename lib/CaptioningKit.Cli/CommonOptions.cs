using System.CommandLine;
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
}
