using Xunit;

namespace CaptioningKit.Tests.Cli;

/// <summary>
/// Tests that run the command-line tool in-process. They replace the process-wide console (Console.Out/Error and
/// Spectre's AnsiConsole.Console) while a command runs, and the commands draw from torch's global generator, so they run
/// one at a time and never beside another test. They share one temp folder with a tiny dataset and checkpoint.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CliCollection : ICollectionFixture<CliFiles>
{
    public const string Name = "CLI in-process (global console)";
}
