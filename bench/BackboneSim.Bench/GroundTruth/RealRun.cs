using System.Globalization;

namespace BackboneSim.Bench.GroundTruth;

/// <summary>
/// One run of the real daemons: namespaces, FRR, nsd and Unbound up; wait until the network has converged (every
/// AS has the DNS prefix, the PoPs reach the data center); then align the epoch to the simulator's draws (the cache
/// fill at the resolver cohort's phase, each PoP's health checks at its DNS server's phase), play the schedule (cut,
/// restore), wait for the end, and read the logs. Namespaces and daemons are always torn down, unless kept.
/// </summary>
public static class RealRun
{
    public const int ProbeIntervalMs = 200;

    public static async Task<Observations> RunAsync(GtConfig c, string workDir, bool keep, Action<string> say, CancellationToken stop)
    {
        Daemons.KillLeftovers(workDir);
        Namespaces.TearDown();
        if (Directory.Exists(workDir)) Directory.Delete(workDir, recursive: true);
        Directory.CreateDirectory(workDir);
        using var daemons = new Daemons(workDir);
        try
        {
            await Namespaces.CreateAsync();
            await daemons.StartFrrAsync(c.MraiSeconds);
            foreach (var pop in GtTopology.Pops)
                daemons.StartNsd(pop, DnsSetup.WriteNsd(Path.Combine(daemons.DirOf(pop), "nsd"), c.TtlSeconds));
            daemons.StartUnbound(GtTopology.Farthest.Name, DnsSetup.WriteUnbound(Path.Combine(daemons.DirOf(GtTopology.Farthest.Name), "unbound"), GtTopology.Farthest.OwnAddress));
            say("  real: daemons started, waiting for OSPF and BGP to converge");
            var converged = await WaitConvergedAsync(stop);
            if (daemons.Dead() is { Count: > 0 } dead) throw new InvalidOperationException($"daemons exited: {string.Join(", ", dead)} (logs in {workDir})");
            say(string.Create(CultureInfo.InvariantCulture, $"  real: converged after {converged / 1000.0:F1} s"));

            // Quiet for longer than the MRAI before the events, as the simulator starts (no MRAI timer running): the
            // start's own UPDATEs would otherwise hold the first ones the events cause.
            if (c.MraiSeconds > 0)
            {
                say($"  real: waiting {c.MraiSeconds + 5} s for the MRAI timers the start left running");
                await Task.Delay(TimeSpan.FromSeconds(c.MraiSeconds + 5), stop);
            }

            // The epoch: the resolver's first fill lands at the cohort's phase minus one TTL, so its expiries fall where
            // the simulator's do; every check of a PoP at its DNS server's phase.
            var ttl = c.TtlSeconds * 1000L;
            var cachePhase = SimRun.Phase(GtTopology.ResolverNode, ttl);
            var probeStart = Shell.NowMs() + 2000;
            var epoch = probeStart + ttl - cachePhase;
            // Each PoP's route to the data center, as the kernel's routing table changes (ip monitor, stamped on arrival).
            var popRoutes = new List<(long Ms, string Pop, bool Present)>();
            foreach (var pop in GtTopology.Pops)
                daemons.Start(pop, "route-monitor", ["ip", "monitor", "route"], line =>
                {
                    var present = line.StartsWith(GtTopology.DataCenter.Loopback + " ", StringComparison.Ordinal);
                    if (present || line.StartsWith("Deleted " + GtTopology.DataCenter.Loopback + " ", StringComparison.Ordinal))
                        lock (popRoutes) popRoutes.Add((Shell.NowMs(), pop, present));
                });
            var answers = new DnsProbe.Recorder();
            daemons.Start(GtTopology.Farthest.Name, "probe", DnsProbe.Command(probeStart, ProbeIntervalMs, epoch + c.EndAtMs + 10_000), answers.OnLine);
            using var checksStop = CancellationTokenSource.CreateLinkedTokenSource(stop);
            var checkers = GtTopology.Pops.Select(p => new HealthChecker(daemons, p, c.Fall, c.Rise, GtConfig.HealthIntervalMs)).ToList();
            var checking = checkers.Select((h, i) => h.RunAsync(epoch, SimRun.Phase(GtTopology.DnsServerOf(GtTopology.Pops[i]), GtConfig.HealthIntervalMs), checksStop.Token)).ToList();

            await UntilAsync(epoch + GtConfig.CutAtMs, stop);
            say($"  real: cutting {string.Join(", ", GtTopology.DataCenterLinks.Select(l => l.SimName))}");
            await Namespaces.SetLinksAsync(GtTopology.DataCenterLinks, up: false);
            await UntilAsync(epoch + c.RestoreAtMs, stop);
            say("  real: restoring them");
            await Namespaces.SetLinksAsync(GtTopology.DataCenterLinks, up: true);
            await UntilAsync(epoch + c.EndAtMs, stop);
            checksStop.Cancel();
            await Task.WhenAll(checking);
            if (answers.Answers.Count == 0) say("  real: the resolver probe recorded nothing (see probe.out in the farthest AS's folder)");
            return FrrLogs.Read(daemons, epoch, checkers.SelectMany(h => h.Verdicts), answers.Answers, c.TtlSeconds, Snapshot(popRoutes));
        }
        finally
        {
            daemons.Dispose();
            if (keep) say($"  real: --keep: namespaces gt-* left in place (ip netns list); logs in {workDir}");
            else Namespaces.TearDown();
        }
    }

    /// <summary>
    /// Until the farthest AS has routes for both operator prefixes, each PoP has the way back to it and reaches the data
    /// center, and the resolver answers for another name of the zone (ns1.example.com: the probe's name stays uncached
    /// until the probe's first query); ms taken.
    /// </summary>
    private static async Task<long> WaitConvergedAsync(CancellationToken stop)
    {
        var start = Shell.NowMs();
        var far = GtTopology.Namespace(GtTopology.Farthest.Name);
        while (Shell.NowMs() - start < 180_000)
        {
            stop.ThrowIfCancellationRequested();
            var routes = (await Shell.RunAsync("ip", "-n", far, "route")).Output;
            var ok = routes.Contains(GtTopology.DnsPrefix, StringComparison.Ordinal) && routes.Contains(GtTopology.OperatorPrefix, StringComparison.Ordinal);
            foreach (var pop in GtTopology.Pops)
            {
                ok = ok && (await Shell.RunAsync("ip", "-n", GtTopology.Namespace(pop), "route")).Output.Contains(GtTopology.Farthest.OwnPrefix, StringComparison.Ordinal);
                ok = ok && (await Shell.RunAsync("ip", "netns", "exec", GtTopology.Namespace(pop), "ping", "-n", "-q", "-c", "1", "-W", "1", GtTopology.DataCenter.Loopback)).Ok;
            }
            ok = ok && (await Shell.RunAsync("ip", "netns", "exec", far, "dig", "+short", "+time=1", "+tries=1", "@127.0.0.1", "ns1.example.com", "A")).Output.Trim() == GtTopology.DnsAddress;
            if (ok) return Shell.NowMs() - start;
            await Task.Delay(1000, stop);
        }
        throw new InvalidOperationException("the real network did not converge within 3 minutes (see the daemons' logs)");
    }

    private static List<T> Snapshot<T>(List<T> list)
    {
        lock (list) return [.. list];
    }

    private static async Task UntilAsync(long unixMs, CancellationToken stop)
    {
        var wait = unixMs - Shell.NowMs();
        if (wait > 0) await Task.Delay(TimeSpan.FromMilliseconds(wait), stop);
    }
}
