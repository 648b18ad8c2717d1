using System.Runtime.CompilerServices;

namespace CaptioningKit.Tests;

/// <summary>The test host is a host like any other: it calls the kit's one entry point before any TorchSharp use.</summary>
static class TestHost
{
    [ModuleInitializer]
    internal static void Initialize() => Kit.Initialize("cpu");
}
