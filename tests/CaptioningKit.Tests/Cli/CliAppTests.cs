using System.CommandLine;
using CaptioningKit.Cli;
using CaptioningKit.Native;
using Xunit;
using static CaptioningKit.Tests.Cli.CliRun;

namespace CaptioningKit.Tests.Cli;

/// <summary>How <see cref="CliApp"/> turns what a command throws into an exit code and a message.</summary>
[Collection(CliCollection.Name)]
public sealed class CliAppTests
{
    static RootCommand Throwing(Exception e)
    {
        var command = new Command("fail");
        command.SetAction(new Func<ParseResult, int>(_ => throw e));
        return new RootCommand("test") { command };
    }

    [Fact]
    public async Task A_native_setup_failure_exits_2_with_its_message()
    {
        var r = await Run(Throwing(new NativeSetupException("libLibTorchSharp.so needs GLIBCXX_3.4.32. Fix: run doctor.")), "fail");
        Assert.Equal(CliApp.NativeSetupFailure, r.ExitCode);
        Assert.Contains("TorchSharp could not be set up: libLibTorchSharp.so needs GLIBCXX_3.4.32. Fix: run doctor.", r.OutputLines);
        AssertNoStackTrace(r);
    }

    [Theory]
    [InlineData(typeof(FileNotFoundException))]
    [InlineData(typeof(DirectoryNotFoundException))]
    [InlineData(typeof(InvalidDataException))]
    [InlineData(typeof(ArgumentException))]
    [InlineData(typeof(UnauthorizedAccessException))]
    public async Task Bad_input_exits_1_with_one_error_line(Type type)
    {
        var r = await Run(Throwing((Exception)Activator.CreateInstance(type, "/data/x.csv [is] bad. Fix: that.")!), "fail");
        AssertBadInput(r, "/data/x.csv [is] bad. Fix: that."); // markup characters in the message are printed as they are
    }

    [Fact]
    public async Task Any_other_exception_is_exit_3_with_a_crash_log_not_a_stack_trace()
    {
        // No more exit 134 with the runtime's report: one line and a crash log (see Faults/CliFaultTests).
        var r = await Run(Throwing(new InvalidOperationException("a bug")), "fail");
        Assert.True(r.ExitCode == CliApp.UnexpectedError, r.ToString());
        Assert.Contains("Unexpected error (InvalidOperationException): a bug", r.Output);
        AssertNoStackTrace(r);
    }

    [Fact]
    public async Task The_tool_uses_the_torch_the_host_initialised()
    {
        // The test host called Kit.Initialize("cpu") first (TestHost); a command's own Kit.Initialize(null) keeps it.
        var before = TorchNativeLoader.Status;
        Assert.NotNull(before);
        var r = await Run("doctor", "--data-dir", Path.GetTempPath());
        Assert.Contains(r.OutputLines, l => l.Contains("Device") && l.Contains("cpu (CUDA available:"));
        Assert.Same(before, TorchNativeLoader.Status);
        Assert.Equal(TorchSharp.DeviceType.CPU, Kit.Device.type);
    }
}
