using System.Text.Json;
using BackboneSim.Analysis.Running;
using BackboneSim.Engine;
using BackboneSim.Model.Build;
using BackboneSim.Scenarios;

namespace BackboneSim.Bench.GroundTruth;

/// <summary>
/// Runs the written scenario in memory (in process, the reference runtime) and reads the same observations from its
/// events as <see cref="FrrLogs"/> reads from the daemons: the simulator's ms 0 is the epoch.
/// </summary>
public static class SimRun
{
    /// <summary>The phase the simulator draws for a node's first random number in [0, period): a DNS server's health
    /// checks, a resolver cohort's cache refreshes (both draw it first, at their start). The harness places the real
    /// checks and the cache fill there.</summary>
    public static long Phase(string node, long periodMs) => DeterministicRandom.ForNode(ScenarioWriter.Seed, node).NextLong(0, periodMs);

    public static async Task<(Observations Observations, List<LoggedEvent> Events)> RunAsync(string scenarioPath, GtConfig c)
    {
        var scenario = ScenarioLoader.Load(scenarioPath);
        var factory = new SimulationFactory(scenario);
        var sink = new Sink();
        await using (var driver = InMemoryRun.Create(factory, null))
            await driver.RunToEndAsync(sink, scenario.DurationMs);
        return (Read(sink.Events, c), sink.Events);
    }

    private static Observations Read(List<LoggedEvent> events, GtConfig c)
    {
        var o = new Observations();
        var byId = events.ToDictionary(e => e.Id);
        string Str(LoggedEvent e, string field) =>
            JsonDocument.Parse(e.DataJson).RootElement.TryGetProperty(field, out var v) ? v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText() : "";
        var servers = GtTopology.Pops.ToDictionary(GtTopology.DnsServerOf);
        foreach (var e in events)
        {
            switch (e.Kind)
            {
                case "dns.withdraw" or "dns.announce" when servers.TryGetValue(e.NodeName, out var pop):
                    o.Verdicts.Add((e.Ms, pop, e.Kind == "dns.withdraw"));
                    break;
                case "bgp.origin_withdraw" or "bgp.origin_announce" when Str(e, "prefix") == GtTopology.DnsPrefix:
                    o.OriginSent.Add((e.Ms, e.NodeName, e.Kind == "bgp.origin_withdraw"));
                    break;
                case "bgp.update":
                    // The sender is the node whose event caused it (its route change, origination or MRAI batch).
                    var from = e.Cause is { } cause && byId.TryGetValue(cause, out var ce) ? ce.NodeName : "?";
                    o.Updates.Add(new UpdateSeen(e.Ms, e.NodeName, from, Str(e, "prefix"), Str(e, "withdraw") == "true"));
                    break;
                case "bgp.route_lost" or "bgp.route_learned" when e.NodeName == GtTopology.Farthest.Name:
                    o.FarRoute.Add((e.Ms, Str(e, "prefix"), e.Kind == "bgp.route_learned"));
                    break;
                case "igp.dc_reachability" when GtTopology.Pops.Contains(e.NodeName):
                    o.PopRoute.Add((e.Ms, e.NodeName, Str(e, "reachable") == "true"));
                    break;
                case "igp.adjacency_up":
                    o.AdjacencyUp.Add((e.Ms, Str(e, "link")));
                    break;
                case "resolver.servfail" or "resolver.resolving" when e.NodeName == GtTopology.ResolverNode:
                    o.Resolver.Add((e.Ms, e.Kind == "resolver.resolving"));
                    break;
            }
        }
        // The cache's refresh grid: the cohort's phase, restarted when a name resolves again after a failure.
        var ttl = c.TtlSeconds * 1000L;
        var phase = Phase(GtTopology.ResolverNode, ttl);
        var restarts = new Queue<long>(o.Resolver.Where(r => r.Answering).Select(r => r.Ms).Order());
        for (var t = phase; t <= c.EndAtMs;)
        {
            if (restarts.Count > 0 && restarts.Peek() < t) { t = restarts.Dequeue() + ttl; continue; }
            o.CacheExpiries.Add(t);
            t += ttl;
        }
        // Sanity: a SERVFAIL comes one round trip (no route: ICMP unreachable) or the give-up time after an expiry.
        var firstServfail = o.Resolver.FirstOrDefault(r => !r.Answering);
        if (firstServfail != default && !o.CacheExpiries.Any(x => firstServfail.Ms - x is >= 0 and <= 5_100))
            o.Notes.Add("simulator: the resolver's predicted cache grid does not explain its SERVFAIL; the expiry figure is unreliable");
        return o;
    }

    private sealed class Sink : IEventSink
    {
        public List<LoggedEvent> Events { get; } = new();
        public void OnWindow(long windowStartMs, IReadOnlyList<LoggedEvent> events) => Events.AddRange(events);
        public void OnFinished(long endMs) { }
    }
}
