using System.Diagnostics;

namespace BackboneSim.Tests.Shared;

/// <summary>
/// Makes sure a program from a Debian package is on the machine before a test uses it, installing the package with
/// apt-get when it is missing: tests never skip because a tool is missing (a fresh machine has none of them).
/// Test assemblies run in parallel processes, so installs are serialised through a file lock.
/// </summary>
public static class DebianPackages
{
    private static readonly string LockPath = Path.Combine(Path.GetTempPath(), "backbonesim-apt.lock");
    private static readonly SemaphoreSlim InProcess = new(1, 1);

    /// <summary>Returns <paramref name="executable"/> once it exists, installing <paramref name="package"/> if needed.</summary>
    public static string Ensure(string executable, string package, TimeSpan? timeout = null)
    {
        if (File.Exists(executable)) return executable;
        InProcess.Wait();
        try
        {
            using var fileLock = AcquireFileLock(timeout ?? TimeSpan.FromMinutes(10));
            if (File.Exists(executable)) return executable; // another process installed it meanwhile
            if (Environment.UserName != "root" && !IsRoot())
                throw new InvalidOperationException($"{executable} is missing and this user cannot install it: run 'sudo apt-get install -y {package}'.");
            var install = Run("apt-get", $"install -y --no-install-recommends {package}");
            if (install.ExitCode != 0) // the package lists of a fresh machine may be empty or stale
            {
                Run("apt-get", "update -qq");
                install = Run("apt-get", $"install -y --no-install-recommends {package}");
            }
            if (install.ExitCode != 0 || !File.Exists(executable))
                throw new InvalidOperationException($"apt-get install {package} failed (exit {install.ExitCode}); {executable} is still missing:\n{install.Output}");
            return executable;
        }
        finally { InProcess.Release(); }
    }

    private static bool IsRoot() => Run("id", "-u").Output.Trim() == "0";

    private static FileStream AcquireFileLock(TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            try { return new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
            catch (IOException) when (DateTime.UtcNow < until) { Thread.Sleep(500); }
        }
    }

    private static (int ExitCode, string Output) Run(string file, string arguments)
    {
        var psi = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result + stderr.Result);
    }
}
