using System.Diagnostics;
using Xunit;

namespace CaptioningKit.Tests.Notebooks;

/// <summary>
/// Runs every notebooks/*.ipynb in the real kernel, headlessly (`dotnet repl --run NB --exit-after-run --output-path OUT`),
/// with CAPTIONINGKIT_QUICK=1 so each does seconds of work. Fails naming the notebook and the cell on a non-zero exit,
/// an error output, anything a cell writes to stderr (see <see cref="NotebookJudge"/>) or a chart, image or exercise
/// cell that showed no HTML. The process's own stderr is only logged: libtorch writes hardware-dependent warnings there
/// ("Could not initialize NNPACK! Reason: Unsupported hardware.") that no cell can prevent. The run copy (with the
/// stderr recorder as its first cell), the executed copy and the stderr records land in notebooks/.out/ (ignored by git).
/// </summary>
[Trait("Category", NotebookJudge.Category)]
public class NotebookRunTests
{
    static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    /// <summary>`dotnet tool restore` once per test run, so that `dotnet test` alone is enough on a fresh clone.</summary>
    static readonly Lazy<Task> ToolsRestored = new(async () =>
    {
        var (code, stdout, stderr) = await Run(Repository.Root, ["tool", "restore"], TimeSpan.FromMinutes(5), quick: false);
        Assert.True(code == 0, $"`dotnet tool restore` failed (exit {code}); dotnet-repl is needed to run the notebooks.\n{Tail(stdout + stderr, 4000)}");
    });

    public static TheoryData<string> Notebooks()
    {
        var data = new TheoryData<string>();
        foreach (var nb in Directory.GetFiles(Path.Combine(Repository.Root, "notebooks"), "*.ipynb").Order())
            data.Add(Path.GetFileName(nb));
        return data;
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public async Task Notebook_runs_in_the_kernel_without_errors(string notebook)
    {
        var dir = Path.Combine(Repository.Root, "notebooks");
        var kitDll = Path.Combine(Repository.Root, "lib", "CaptioningKit", "bin", "Debug", "net10.0", "CaptioningKit.dll");
        Assert.True(File.Exists(kitDll), $"Notebooks load {kitDll}; build the Debug configuration first (dotnet build).");
        var outDir = Directory.CreateDirectory(Path.Combine(dir, ".out")).FullName;

        var run = await RunInstrumented(dir, Path.Combine(dir, notebook), outDir);

        Assert.True(File.Exists(run.Output), $"{notebook}: dotnet repl wrote no output notebook (exit code {run.ExitCode}).\n{run.Log}");
        var problems = NotebookJudge.Problems(notebook, run.Output, run.StderrRecords);
        Assert.True(problems.Count == 0, string.Join("\n", problems) + $"\n(exit code {run.ExitCode})");
        Assert.True(run.ExitCode == 0, $"{notebook}: dotnet repl exited with {run.ExitCode}.\n{run.Log}");
    }

    /// <summary>The judge against the real kernel: what a cell writes to stderr is reported with its cell, although
    /// dotnet-repl's output notebook files it under "stdout".</summary>
    [Fact]
    public async Task Stderr_of_a_cell_is_reported_from_the_real_kernel()
    {
        var outDir = Directory.CreateDirectory(Path.Combine(Repository.Root, "notebooks", ".out", "stderr-probe")).FullName;
        var probe = Path.Combine(Directory.CreateDirectory(Path.Combine(outDir, "source")).FullName, "probe.ipynb");
        File.WriteAllText(probe, """
        {"cells":[
          {"cell_type":"markdown","metadata":{},"source":["# probe"]},
          {"cell_type":"code","execution_count":null,"metadata":{"polyglot_notebook":{"kernelName":"csharp"}},"outputs":[],"source":["Console.WriteLine(\"fine\");"]},
          {"cell_type":"code","execution_count":null,"metadata":{"polyglot_notebook":{"kernelName":"csharp"}},"outputs":[],"source":["Console.WriteLine(\"to stdout\");\n","Console.Error.WriteLine(\"to stderr\");"]}
        ],"metadata":{"kernelspec":{"display_name":".NET (C#)","language":"C#","name":".net-csharp"},"polyglot_notebook":{"kernelInfo":{"defaultKernelName":"csharp","items":[{"aliases":[],"name":"csharp"}]}}},
        "nbformat":4,"nbformat_minor":5}
        """);

        var run = await RunInstrumented(outDir, probe, outDir);

        Assert.True(run.ExitCode == 0, $"exit code {run.ExitCode}\n{run.Log}");
        Assert.Contains("to stderr", File.ReadAllText(run.Output)); // there, but as "stdout": the reason for the recorder
        Assert.Equal(["probe.ipynb, cell 3 (Console.WriteLine(\"to stdout\");): stderr: to stderr\n"], NotebookJudge.Problems("probe.ipynb", run.Output, run.StderrRecords));
    }

    sealed record ReplRun(string Output, string StderrRecords, int ExitCode, string Log);

    /// <summary>Runs a copy of <paramref name="notebookPath"/> with the stderr recorder, from <paramref name="workingDirectory"/>
    /// (where the notebook's relative paths start), writing the copy, the executed notebook and the records into <paramref name="outDir"/>.</summary>
    static async Task<ReplRun> RunInstrumented(string workingDirectory, string notebookPath, string outDir)
    {
        var name = Path.GetFileNameWithoutExtension(notebookPath);
        var (instrumented, output, records) = (Path.Combine(outDir, name + ".run.ipynb"), Path.Combine(outDir, name + ".ipynb"), Path.Combine(outDir, name + ".stderr.jsonl"));
        foreach (var stale in new[] { instrumented, output, records }) File.Delete(stale);
        NotebookJudge.Instrument(notebookPath, instrumented, records);

        await ToolsRestored.Value;
        var (code, stdout, stderr) = await Run(workingDirectory, ["repl", "--run", instrumented, "--exit-after-run", "--output-path", output], Limit, quick: true);
        var log = Tail(stdout + stderr, 4000);
        if (code == -1) Assert.Fail($"{name}: still running after {Limit.TotalMinutes} minutes in quick mode; killed.\n{log}");
        return new ReplRun(output, records, code, log);
    }

    /// <summary>Runs `dotnet ARGS` and returns its exit code (-1 when killed at the time limit), stdout and stderr.</summary>
    static async Task<(int ExitCode, string Stdout, string Stderr)> Run(string workingDirectory, string[] args, TimeSpan limit, bool quick)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var psi = new ProcessStartInfo(dotnet)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        // The test host runs under `dotnet test`, whose MSBuild variables would confuse the kernel's own NuGet restore.
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k == "MSBUILD_EXE_PATH").ToList())
            psi.Environment.Remove(key);
        if (quick) psi.Environment[Kit.QuickEnvironmentVariable] = "1";
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, await stdout, await stderr);
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    static string Tail(string text, int chars) => text.Length <= chars ? text : "…" + text[^chars..];
}
