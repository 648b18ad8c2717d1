using System.Diagnostics;
using System.Text.Json;
using Xunit;

namespace CaptioningKit.Tests.Notebooks;

/// <summary>
/// Runs every notebooks/*.ipynb in the real kernel, headlessly (`dotnet repl --run NB --exit-after-run --output-path OUT`),
/// with CAPTIONINGKIT_QUICK=1 so each does seconds of work. Fails naming the notebook and the cell on a non-zero exit,
/// an error output or anything written to stderr. The executed copies land in notebooks/.out/ (ignored by git).
/// </summary>
public class NotebookRunTests
{
    static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    /// <summary>`dotnet tool restore` once per test run, so that `dotnet test` alone is enough on a fresh clone.</summary>
    static readonly Lazy<Task> ToolsRestored = new(async () =>
    {
        var (code, log) = await Run(Repository.Root, ["tool", "restore"], TimeSpan.FromMinutes(5), quick: false);
        Assert.True(code == 0, $"`dotnet tool restore` failed (exit {code}); dotnet-repl is needed to run the notebooks.\n{log}");
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
        var output = Path.Combine(outDir, notebook);
        File.Delete(output);

        await ToolsRestored.Value;
        var (exitCode, log) = await RunRepl(dir, notebook, output);

        Assert.True(File.Exists(output), $"{notebook}: dotnet repl wrote no output notebook (exit code {exitCode}).\n{log}");
        var problems = Problems(notebook, output);
        Assert.True(problems.Count == 0, string.Join("\n", problems) + $"\n(exit code {exitCode})");
        Assert.True(exitCode == 0, $"{notebook}: dotnet repl exited with {exitCode}.\n{log}");
    }

    /// <summary>Every error output and stderr stream, as "notebook, cell N (first line): message".</summary>
    internal static List<string> Problems(string notebook, string executedPath)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(executedPath));
        var problems = new List<string>();
        var cells = doc.RootElement.GetProperty("cells").EnumerateArray().ToList();
        for (int i = 0; i < cells.Count; i++)
        {
            if (!cells[i].TryGetProperty("outputs", out var outputs)) continue;
            var firstLine = string.Concat(cells[i].GetProperty("source").EnumerateArray().Select(s => s.GetString())).Split('\n')[0];
            foreach (var o in outputs.EnumerateArray())
            {
                var type = o.GetProperty("output_type").GetString();
                if (type == "error")
                    problems.Add($"{notebook}, cell {i + 1} ({firstLine}): {o.GetProperty("ename").GetString()}: {o.GetProperty("evalue").GetString()}");
                else if (type == "stream" && o.GetProperty("name").GetString() == "stderr")
                    problems.Add($"{notebook}, cell {i + 1} ({firstLine}): stderr: {string.Concat(o.GetProperty("text").EnumerateArray().Select(t => t.GetString()))}");
            }
        }
        return problems;
    }

    static async Task<(int ExitCode, string Log)> RunRepl(string workingDirectory, string notebook, string output)
    {
        var (code, log) = await Run(workingDirectory, ["repl", "--run", notebook, "--exit-after-run", "--output-path", output], Limit, quick: true);
        if (code == -1) Assert.Fail($"{notebook}: still running after {Limit.TotalMinutes} minutes in quick mode; killed.\n{log}");
        return (code, log);
    }

    /// <summary>Runs `dotnet ARGS` and returns its exit code (-1 when killed at the time limit) and the tail of its output.</summary>
    static async Task<(int ExitCode, string Log)> Run(string workingDirectory, string[] args, TimeSpan limit, bool quick)
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
            return (-1, Tail(await stdout + await stderr, 4000));
        }
        return (process.ExitCode, Tail(await stdout + await stderr, 4000));
    }

    static string Tail(string text, int chars) => text.Length <= chars ? text : "…" + text[^chars..];
}
