using System.Diagnostics;
using BackboneSim.Tests.Shared;

namespace BackboneSim.Cli.Tests;

/// <summary>Runs the real `backbonesim` program as a child process from the repository root.</summary>
public static class Cli
{
    public static string RepoRoot => RepoPaths.Root;

    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static async Task<Result> RunAsync(params string[] args)
    {
        // stdin is an empty pipe, never the test runner's terminal: nothing a test runs can wait for typed input.
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = RepoRoot, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "backbonesim.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await p.WaitForExitAsync(timeout.Token);
        return new Result(p.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts `backbonesim` without waiting for it, to signal it mid-run (SIGINT, SIGTERM).</summary>
    public static Running Start(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = RepoRoot, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "backbonesim.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        var p = Process.Start(psi)!;
        p.StandardInput.Close();
        return new Running(p, p.StandardOutput.ReadToEndAsync(), p.StandardError.ReadToEndAsync());
    }

    public sealed class Running(Process process, Task<string> stdout, Task<string> stderr) : IDisposable
    {
        public bool HasExited => process.HasExited;

        /// <summary>Sends a POSIX signal by name (INT, TERM) with kill(1), as a terminal or a service manager would.</summary>
        public async Task SignalAsync(string signal)
        {
            using var kill = Process.Start("kill", [$"-{signal}", process.Id.ToString()])!;
            await kill.WaitForExitAsync();
        }

        public async Task<Result> WaitAsync(TimeSpan timeout)
        {
            using var cts = new CancellationTokenSource(timeout);
            await process.WaitForExitAsync(cts.Token);
            return new Result(process.ExitCode, await stdout, await stderr);
        }

        public void Dispose()
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.Dispose();
        }
    }

}
