using System.Diagnostics;
using BackboneSim.Tests.Shared;

namespace BackboneSim.Ops.Tests;

/// <summary><c>promtool check metrics</c> from Debian's prometheus package, installed when missing.</summary>
public static class Promtool
{
    /// <summary>promtool's exit code when the text parses but has lint findings (it is 1 when it does not parse).</summary>
    public const int LintFindings = 3;

    public static async Task<(int ExitCode, string Output)> CheckMetricsAsync(string exposition)
    {
        var promtool = DebianPackages.Ensure("/usr/bin/promtool", "prometheus");
        var psi = new ProcessStartInfo(promtool) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("check");
        psi.ArgumentList.Add("metrics");
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.StandardInput.WriteAsync(exposition);
        p.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await p.WaitForExitAsync(timeout.Token);
        return (p.ExitCode, (await stdout + await stderr).Trim());
    }
}
