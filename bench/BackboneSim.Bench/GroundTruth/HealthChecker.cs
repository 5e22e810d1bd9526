namespace BackboneSim.Bench.GroundTruth;

/// <summary>A health-check verdict at a PoP: the DNS announcement withdrawn (or announced again), Unix ms.</summary>
public sealed record Verdict(long Ms, string Pop, bool Withdraw);

/// <summary>
/// The DNS servers' health check at one PoP, as the simulator's DNS server runs it and as Facebook's DNS servers did:
/// every interval, at a fixed phase, it pings the data center's border router from the PoP's namespace (1 s
/// timeout); after <c>fall</c> failures in a row it removes the PoP's <c>network</c> statement for the DNS prefix
/// (bgpd withdraws it), after <c>rise</c> passes in a row it puts it back. The phase is the simulator's (the same
/// draw from the same seed), so both sides check at the same instants.
/// </summary>
public sealed class HealthChecker(Daemons daemons, string pop, int fall, int rise, int intervalMs)
{
    private readonly List<Verdict> _verdicts = new();
    private readonly List<(long Ms, bool Passed)> _checks = new();

    public IReadOnlyList<Verdict> Verdicts { get { lock (_verdicts) return [.. _verdicts]; } }
    public IReadOnlyList<(long Ms, bool Passed)> Checks { get { lock (_checks) return [.. _checks]; } }

    /// <summary>Checks at <paramref name="epochMs"/> + phase + k × interval from the first such instant after now, until cancelled.</summary>
    public async Task RunAsync(long epochMs, long phaseMs, CancellationToken stop)
    {
        var announced = true;
        var streak = 0; // consecutive checks that disagree with what is announced
        var k = (long)Math.Ceiling((Shell.NowMs() + 100 - epochMs - phaseMs) / (double)intervalMs);
        while (!stop.IsCancellationRequested)
        {
            var at = epochMs + phaseMs + k++ * intervalMs;
            var wait = at - Shell.NowMs();
            if (wait > 0)
            {
                try { await Task.Delay(TimeSpan.FromMilliseconds(wait), stop); }
                catch (OperationCanceledException) { return; }
            }
            var r = await Shell.RunAsync("ip", "netns", "exec", GtTopology.Namespace(pop), "ping", "-n", "-q", "-c", "1", "-W", "1", GtTopology.DataCenter.Loopback);
            lock (_checks) _checks.Add((at, r.Ok));
            File.AppendAllText(Path.Combine(daemons.DirOf(pop), "healthcheck.log"),
                $"{at} {Shell.NowMs()} {(r.Ok ? "pass" : "fail")} {(r.Output + r.Error).ReplaceLineEndings(" ").Trim()}\n");
            streak = r.Ok == announced ? 0 : streak + 1;
            if (streak < (announced ? fall : rise)) continue;
            // The verdict counts from the check's instant (the simulator's check is instantaneous); the ping's own
            // time is the probe's timeout, which the simulator takes to fit inside the interval.
            announced = !announced;
            streak = 0;
            lock (_verdicts) _verdicts.Add(new Verdict(at, pop, !announced));
            var change = (announced ? "" : "no ") + $"network {GtTopology.DnsPrefix}";
            var v = await daemons.VtyshAsync(pop, "configure terminal", $"router bgp {GtTopology.OperatorAsn}", "address-family ipv4 unicast", change);
            if (!v.Ok) Console.Error.WriteLine($"groundtruth: vtysh at {pop} failed: {v.Error.Trim()}");
        }
    }
}
