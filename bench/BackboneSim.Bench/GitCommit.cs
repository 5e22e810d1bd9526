using System.Diagnostics;

namespace BackboneSim.Bench;

/// <summary>Which commit a measured build is, for the reports' titles.</summary>
public static class GitCommit
{
    /// <summary>The short commit a checkout is at, or the folder's name when git cannot tell.</summary>
    public static string Of(string dir)
    {
        try
        {
            var psi = new ProcessStartInfo("git", $"-C \"{dir}\" rev-parse --short HEAD") { RedirectStandardOutput = true, RedirectStandardError = true };
            using var p = Process.Start(psi)!;
            var s = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit();
            return p.ExitCode == 0 && s.Length > 0 ? s : Path.GetFileName(dir);
        }
        catch (System.ComponentModel.Win32Exception) { return Path.GetFileName(dir); }
    }
}
