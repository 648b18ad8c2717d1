using Xunit;

namespace CaptioningKit.Tests;

/// <summary>
/// Tests that seed torch's global random generator and rely on what it then produces (initial weights, dropout)
/// run one at a time: xUnit runs test classes in parallel, and a neighbour drawing from the same global generator
/// would change their numbers.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchRandomCollection
{
    public const string Name = "torch global random generator";
}
