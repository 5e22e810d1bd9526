using BackboneSim.Analysis.Running;
using BackboneSim.Engine;
using BackboneSim.Model.Build;
using BackboneSim.Scenarios;
using BackboneSim.Tests.Shared;

namespace BackboneSim.Model.Tests;

/// <summary>The FB scenario on the in-memory runtime: the cascade emerges, in causal order, back to its scenario line.</summary>
public class FacebookScenarioTests
{
    private static async Task<List<LoggedEvent>> RunUntil(long untilMs)
    {
        var scenario = ScenarioLoader.Load(RepoPaths.File("scenarios/facebook-2021-10-04.yaml"));
        var sink = new RingNetwork.ListSink();
        await using var driver = InMemoryRun.Create(new SimulationFactory(scenario), untilMs);
        await driver.RunToEndAsync(sink, untilMs);
        return sink.Events;
    }

    [Fact]
    public async Task Every_DNS_server_withdraws_and_each_withdrawal_traces_back_to_the_push_line()
    {
        var events = await RunUntil(30 * 60_000); // 15:30-16:00
        var byId = events.ToDictionary(e => e.Id);
        var withdrawals = events.Where(e => e.Kind == "dns.withdraw").ToList();
        Assert.Equal(100, withdrawals.Count);
        foreach (var w in withdrawals)
        {
            var chain = new List<string>();
            for (LoggedEvent? e = w; e is not null; e = e.Cause is { } c ? byId[c] : null) chain.Add(e.Kind);
            chain.Reverse();
            Assert.Equal(["scenario.action", "gate.audit", "config.applied"], chain[..3]); // the faulty audit passed the command
            Assert.Contains("igp.dc_reachability", chain);
            Assert.Equal(["dns.healthcheck_failing", "dns.withdraw"], chain[^2..]);
        }
        var root = events.First(e => e.Kind == "scenario.action");
        var lines = File.ReadAllLines(RepoPaths.File("scenarios/facebook-2021-10-04.yaml"));
        var pushLine = Array.FindIndex(lines, l => l.Contains("- at: 15:39:00")) + 1;
        Assert.Contains($"\"line\":\"facebook-2021-10-04.yaml:{pushLine}:5\"", root.DataJson);
    }

    [Fact]
    public async Task The_cascade_happens_in_causal_order()
    {
        var events = await RunUntil(60 * 60_000);
        long First(string kind) => events.First(e => e.Kind == kind).Ms;
        long Last(string kind) => events.Last(e => e.Kind == kind).Ms;
        Assert.True(First("scenario.action") < First("config.applied"));
        Assert.True(First("config.applied") <= First("igp.adjacency_down"));
        Assert.True(First("igp.adjacency_down") < First("igp.dc_reachability"));
        Assert.True(First("igp.dc_reachability") < First("dns.withdraw"));
        Assert.True(First("dns.withdraw") < First("bgp.origin_withdraw") + 1);
        Assert.True(First("bgp.origin_withdraw") < First("bgp.route_lost"));
        // Within minutes every external AS has lost both anycast prefixes.
        var topology = ScenarioLoader.Load(RepoPaths.File("scenarios/facebook-2021-10-04.yaml")).Topology;
        Assert.Equal(topology.ExternalAses.Count * topology.AnycastPrefixes.Count(),
            events.Count(e => e.Kind == "bgp.route_lost") - events.Count(e => e.Kind == "bgp.route_learned"));
        Assert.True(Last("dns.withdraw") - First("scenario.action") < 5 * 60_000);
        // The statically announced front-end space stays visible everywhere: only the health-checked DNS goes.
        foreach (var prefix in topology.StaticPrefixes)
            Assert.DoesNotContain(events, e => e.Kind == "bgp.route_lost" && e.Subject == prefix);
        Assert.NotEmpty(topology.StaticPrefixes);
    }
}
