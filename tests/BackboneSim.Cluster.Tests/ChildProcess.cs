using System.Diagnostics;
using BackboneSim.Tests.Shared;

namespace BackboneSim.Cluster.Tests;

/// <summary>
/// A program started by a test, with its output kept for waiting on and for failure messages. Disposing kills it
/// (and anything it started) if it is still running, so a failed test leaves no process behind.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];

    private ChildProcess(Process process, string name)
    {
        _process = process;
        Name = name;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_lines) _lines.Add(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_lines) _lines.Add(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }
    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;

    /// <summary>stdout and stderr so far, interleaved as they came.</summary>
    public string Output { get { lock (_lines) return string.Join('\n', _lines); } }

    /// <summary>Starts <c>dotnet PROGRAM.dll ARGS</c> from the repository root, stdin closed.</summary>
    public static ChildProcess StartDotnet(string name, string dll, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepoPaths.Root, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        return Start(name, psi);
    }

    public static ChildProcess Start(string name, ProcessStartInfo psi)
    {
        var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {name}");
        if (psi.RedirectStandardInput) process.StandardInput.Close();
        return new ChildProcess(process, name);
    }

    /// <summary>Waits for an output line that <paramref name="match"/> accepts; fails with the output when the program exits or time runs out.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, string what, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            lock (_lines)
                if (_lines.FirstOrDefault(match) is { } line) return line;
            if (_process.HasExited)
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} before {what}. Output:\n{Tail()}");
            if (DateTime.UtcNow > until) throw new TimeoutException($"{Name}: {what} not seen within {timeout.TotalSeconds:0} s. Output:\n{Tail()}");
            await Task.Delay(100);
        }
    }

    /// <summary>Waits for the program to end by itself; returns its exit code, or fails after <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try { await _process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { throw new TimeoutException($"{Name} still running after {timeout.TotalSeconds:0} s. Output:\n{Tail()}"); }
        _process.WaitForExit(); // drains the output readers
        return _process.ExitCode;
    }

    /// <summary>Ends the program at once (SIGKILL): no goodbye to its cluster, as when a machine dies.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
    }

    /// <summary>Asks the program to stop (SIGTERM, what a service manager sends) and waits for it to exit.</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        await SignalAsync("TERM");
        return await WaitForExitAsync(timeout);
    }

    /// <summary>Sends a signal by name (INT is Ctrl+C).</summary>
    public async Task SignalAsync(string signal)
    {
        if (_process.HasExited) return;
        using var kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString()])!;
        await kill.WaitForExitAsync();
    }

    public string Tail(int lines = 60)
    {
        lock (_lines) return string.Join('\n', _lines.Skip(Math.Max(0, _lines.Count - lines)));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            Kill();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (InvalidOperationException) { /* never started or already reaped */ }
        _process.Dispose();
    }
}
