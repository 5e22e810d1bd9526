using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace BackboneSim.Bench;

/// <summary>
/// One `--one` measurement in a fresh child process: the run's wall time and memory are its own, not the bench's.
/// By default this build's bench in the current folder; `compare` passes another checkout's bench and folder.
/// </summary>
public static class ChildMeasurement
{
    public static async Task<Measurement> RunAsync(string scenario, string runtime, int silos, string? clusterUrl = null,
        string? benchDll = null, string? workingDir = null)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        if (workingDir is not null) psi.WorkingDirectory = workingDir;
        psi.ArgumentList.Add(benchDll ?? typeof(Measurement).Assembly.Location);
        foreach (var a in new[] { "--one", scenario, runtime, silos.ToString(CultureInfo.InvariantCulture) }) psi.ArgumentList.Add(a);
        if (clusterUrl is not null) psi.ArgumentList.Add(clusterUrl);
        using var p = Process.Start(psi)!;
        // Both streams at once: a child that fills one pipe while the other is being read would never finish.
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0) throw new InvalidOperationException($"bench child {psi.ArgumentList[0]} failed ({runtime}, {silos} silos): {await error}");
        return JsonSerializer.Deserialize<Measurement>((await output).Trim().Split('\n')[^1])!;
    }
}
