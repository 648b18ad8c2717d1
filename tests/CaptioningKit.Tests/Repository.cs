namespace CaptioningKit.Tests;

/// <summary>The repository the tests run in.</summary>
static class Repository
{
    public static string Root => KitPaths.RepositoryRoot ?? throw new InvalidOperationException("Run the tests from inside the repository (CaptioningKit.sln not found upwards).");
}
