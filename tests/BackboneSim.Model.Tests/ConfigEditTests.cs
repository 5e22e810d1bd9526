using BackboneSim.Analysis.Running;
using BackboneSim.Engine;
using BackboneSim.Model.Build;
using BackboneSim.Model.Nodes;
using BackboneSim.Model.Scenario;
using BackboneSim.Scenarios;
using BackboneSim.Scenarios.Actions;
using static BackboneSim.Model.Tests.RingNetwork;

namespace BackboneSim.Model.Tests;

/// <summary>Config pushes beyond interfaces: the IGP overload bit and eBGP session shutdown, and their rollback.</summary>
public class ConfigEditTests
{
    private static PushAction IgpPush(int index, long at, int target, IgpEdit edit)
        => Push(index, at, target, "*", up: true) with { Interfaces = [], Igp = [edit] };

    [Fact]
    public async Task An_overloaded_router_is_not_used_for_transit_and_the_rollback_clears_it()
    {
        // r4 loses its direct link to r1; its only way to the data center is now r4-r3-r2-r1, and r3 is drained.
        var (events, _) = await RunAsync(RingScenario(ResponderSpec.Default with { OobSeparate = true },
            Push(0, 10_000, R4, "r4~r1", up: false),
            IgpPush(1, 10_000, R3, new IgpEdit { Overload = true }),
            Respond(2, 60_000, rollbackOf: 1)));
        Assert.Equal(11_000, Assert.Single(events, e => e.Kind == "igp.overload" && e.Value == 1).Ms);
        var lost = events.First(e => e.Kind == "igp.dc_reachability" && e.NodeName == "r4");
        Assert.Equal(0, lost.Value);
        Assert.Contains(events, e => e.Kind == "dns.withdraw");
        // The responders undo the drain (not the cut): r4 reaches the data center through r3 again.
        var cleared = Assert.Single(events, e => e.Kind == "igp.overload" && e.Value == 0);
        Assert.Contains(events, e => e.Kind == "igp.dc_reachability" && e.NodeName == "r4" && e.Value == 1 && e.Ms > cleared.Ms);
    }

    [Fact]
    public async Task A_metric_change_is_advertised_and_a_rollback_restores_the_configured_metric()
    {
        var (events, _) = await RunAsync(RingScenario(
            IgpPush(0, 10_000, R2, new IgpEdit { Metric = 500, Match = "r1~r2" }),
            Respond(1, 20_000, rollbackOf: 0)));
        var metrics = events.Where(e => e.Kind == "igp.metric").Select(e => e.Value).ToList();
        Assert.Equal([500.0, 10.0], metrics); // configured: 1 ms link, metric 10
        Assert.Equal(2, events.Count(e => e.Kind == "igp.lsa_originated" && e.NodeName == "r2"));
    }

    [Fact]
    public async Task Shutting_every_eBGP_session_empties_the_Internet_of_the_operator_and_the_rollback_returns_it()
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", TempScenario.SmallTopology.Replace("operator: { name: Example, asn: 64500 }",
            "operator: { name: Example, asn: 64500, prefixes: [198.51.100.0/24] }"));
        var scenario = ScenarioLoader.Load(t.Write("s.yaml", TempScenario.Scenario("""
              - at: "+1m"
                name: shut
                push: { targets: { role: edge }, change: [ { bgp: { peer: "*", shutdown: true } } ] }
              - at: "+5m"
                respond: { rollback: shut }
            """, extra: "responders: { oob: separate, oob_login: 1m, diagnose: 1m }")));
        var sink = new ListSink();
        await using (var driver = InMemoryRun.Create(new SimulationFactory(scenario), null))
            await driver.RunToEndAsync(sink, scenario.DurationMs);
        var ases = scenario.Topology.ExternalAses.Count;
        var prefixes = scenario.Topology.OperatorPrefixes.Count();
        var lost = sink.Events.Where(e => e.Kind == "bgp.route_lost").ToList();
        Assert.Equal(ases * prefixes, lost.Count); // every AS, every prefix (static ones too: the sessions carried them)
        Assert.All(lost, e => Assert.InRange(e.Ms, 60_000, 5 * 60_000));
        Assert.Contains(sink.Events, e => e.Kind == "bgp.session_down");
        Assert.Equal(ases * prefixes, sink.Events.Count(e => e.Kind == "bgp.route_learned" && e.Ms > 5 * 60_000));
    }
}
