using System.Diagnostics;

namespace BackboneSim.Bench.GroundTruth;

/// <summary>
/// Starts the daemons in their namespaces as child processes in the foreground (<c>ip netns exec</c> execs the daemon,
/// so the child is the daemon) and kills every one of them on dispose, by its own process id. Each router has its own
/// folder for configuration, pid files, zebra's API socket, the vty sockets and the logs.
/// </summary>
public sealed class Daemons : IDisposable
{
    private const string FrrBin = "/usr/lib/frr";
    private readonly List<(string Name, Process Process)> _running = new();
    private readonly object _lock = new();

    public Daemons(string root) => Root = root;

    /// <summary>The folder holding one folder per node (its configuration and logs).</summary>
    public string Root { get; }

    public string DirOf(string node) => Path.Combine(Root, node);

    /// <summary>What is missing to run the real side, or null.</summary>
    public static string? WhyUnavailable()
    {
        foreach (var d in new[] { "zebra", "ospfd", "bgpd" })
            if (!File.Exists(Path.Combine(FrrBin, d))) return $"FRR is not installed ({FrrBin}/{d} missing): apt-get install -y frr";
        if (!Shell.Exists("vtysh")) return "vtysh is missing: apt-get install -y frr";
        if (!Shell.Exists("unbound")) return "Unbound is not installed: apt-get install -y unbound";
        if (!Shell.Exists("nsd")) return "nsd is not installed: apt-get install -y nsd";
        if (!Shell.Exists("ping")) return "ping is not installed: apt-get install -y iputils-ping";
        if (!Shell.Exists("dig")) return "dig is not installed: apt-get install -y dnsutils";
        return null;
    }

    /// <summary>Writes every router's FRR files and starts zebra, then ospfd (operator routers) and bgpd (PoPs, ASes).</summary>
    public async Task StartFrrAsync(int mraiSeconds)
    {
        foreach (var node in GtTopology.AllNodes)
        {
            var dir = DirOf(node);
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "zebra.conf"), FrrConfig.Zebra(node, dir));
            var router = GtTopology.Routers.FirstOrDefault(r => r.Name == node);
            if (router is not null) File.WriteAllText(Path.Combine(dir, "ospfd.conf"), FrrConfig.Ospfd(router, dir));
            if (router is not null && GtTopology.Pops.Contains(node)) File.WriteAllText(Path.Combine(dir, "bgpd.conf"), FrrConfig.PopBgpd(router, dir));
            if (router is null) File.WriteAllText(Path.Combine(dir, "bgpd.conf"), FrrConfig.AsBgpd(GtTopology.As(node), mraiSeconds, dir));
        }
        // FRR drops to its own user: the folders must be its.
        await Shell.MustAsync("chown", "-R", "frr:frr", Root);
        foreach (var node in GtTopology.AllNodes)
        {
            var dir = DirOf(node);
            Start(node, "zebra", Frr(node, "zebra"));
            await WaitForAsync(Path.Combine(dir, "zserv.api"), $"zebra of {node}");
        }
        foreach (var node in GtTopology.AllNodes)
            foreach (var daemon in new[] { "ospfd", "bgpd" }.Where(d => File.Exists(Path.Combine(DirOf(node), d + ".conf"))))
                Start(node, daemon, Frr(node, daemon));
    }

    private string[] Frr(string node, string daemon)
    {
        var dir = DirOf(node);
        return [Path.Combine(FrrBin, daemon), "-f", Path.Combine(dir, daemon + ".conf"), "-i", Path.Combine(dir, daemon + ".pid"),
            "-z", Path.Combine(dir, "zserv.api"), "--vty_socket", dir, "-P", "0"];
    }

    /// <summary>nsd on the anycast address of a PoP, serving the zone.</summary>
    public void StartNsd(string pop, string config) => Start(pop, "nsd", ["nsd", "-d", "-c", config]);

    /// <summary>Unbound in the farthest AS.</summary>
    public void StartUnbound(string node, string config) => Start(node, "unbound", ["unbound", "-d", "-c", config]);

    /// <summary>Any program in a node's namespace, killed on dispose; its output lines go to <paramref name="onLine"/>.</summary>
    public Process Start(string node, string name, string[] command, Action<string>? onLine = null)
    {
        var psi = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "netns", "exec", GtTopology.Namespace(node) }.Concat(command)) psi.ArgumentList.Add(a);
        psi.Environment["TZ"] = "UTC";
        var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {name} in {node}");
        var log = Path.Combine(DirOf(node), name + ".out");
        var writer = TextWriter.Synchronized(new StreamWriter(log, append: true) { AutoFlush = true });
        p.OutputDataReceived += (_, e) => { if (e.Data is null) return; if (onLine is not null) onLine(e.Data); else writer.WriteLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) writer.WriteLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        lock (_lock) _running.Add(($"{name}@{node}", p));
        return p;
    }

    /// <summary>Daemons that exited on their own (a configuration error): their names.</summary>
    public IReadOnlyList<string> Dead()
    {
        lock (_lock) return _running.Where(r => r.Process.HasExited).Select(r => $"{r.Name} (exit {r.Process.ExitCode})").ToList();
    }

    /// <summary>A vtysh command (or several, as one session) on a node's daemons.</summary>
    public Task<Shell.Result> VtyshAsync(string node, params string[] commands)
    {
        var args = new List<string> { "netns", "exec", GtTopology.Namespace(node), "vtysh", "--vty_socket", DirOf(node) };
        foreach (var c in commands) { args.Add("-c"); args.Add(c); }
        return Shell.RunAsync("ip", [.. args]);
    }

    private static async Task WaitForAsync(string path, string what)
    {
        for (var i = 0; i < 100; i++)
        {
            if (File.Exists(path)) return;
            await Task.Delay(50);
        }
        throw new InvalidOperationException($"{what} did not start (no {path})");
    }

    /// <summary>
    /// Daemons an earlier run left behind (it was killed before it could stop them): each pid file under the work folder
    /// whose process still runs with that folder on its command line is stopped, by its own id.
    /// </summary>
    public static void KillLeftovers(string workDir)
    {
        if (!Directory.Exists(workDir)) return;
        foreach (var pidFile in Directory.EnumerateFiles(workDir, "*.pid", SearchOption.AllDirectories))
        {
            if (!int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid)) continue;
            var cmdline = $"/proc/{pid}/cmdline";
            try
            {
                if (!File.Exists(cmdline) || !File.ReadAllText(cmdline).Contains(workDir, StringComparison.Ordinal)) continue;
                using var p = Process.GetProcessById(pid);
                p.Kill();
                p.WaitForExit(2000);
            }
            catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception) { }
        }
    }

    public void Dispose()
    {
        List<(string Name, Process Process)> all;
        lock (_lock) { all = [.. _running]; _running.Clear(); }
        foreach (var (_, p) in all)
        {
            try { if (!p.HasExited) p.Kill(); }
            catch (InvalidOperationException) { }
            catch (System.ComponentModel.Win32Exception) { }
        }
        foreach (var (_, p) in all)
        {
            try { p.WaitForExit(2000); } catch (InvalidOperationException) { }
            p.Dispose();
        }
    }
}
