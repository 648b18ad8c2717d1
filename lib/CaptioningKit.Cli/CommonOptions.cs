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

    public static Option<string?> DataDir() => new("--data-dir")
    {
        Description = "Where datasets are downloaded and generated (default: data/ in the repository, or $CAPTIONINGKIT_DATA)",
    };
}
