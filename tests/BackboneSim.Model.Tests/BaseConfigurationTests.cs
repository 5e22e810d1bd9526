using BackboneSim.Analysis.Observation;
using BackboneSim.Analysis.Running;
using BackboneSim.Engine;
using BackboneSim.Model.Build;
using BackboneSim.Model.Configuration;
using BackboneSim.Model.Nodes;
using BackboneSim.Model.Topology;
using BackboneSim.Scenarios;
using static BackboneSim.Model.Tests.RingNetwork;

namespace BackboneSim.Model.Tests;

/// <summary>
/// The base configuration (<c>config:</c>): the network starts in it, converged, and pushes change it from there
/// (a rollback returns to it, not to the design's defaults).
/// </summary>
public class BaseConfigurationTests
{
    private static ConfigEntry Interfaces(int router, string match, bool? adminUp = null, int? metric = null)
        => new() { Targets = [router], Interfaces = [new InterfaceSetting(match, adminUp, metric)] };

    private static ConfigEntry Health(int server, long intervalMs) => new() { Targets = [server], Health = new DnsHealthSetting(intervalMs, null, null, null) };

    [Fact]
    public async Task A_link_configured_down_is_down_from_the_start_without_an_event_and_a_push_brings_it_up()
    {
        // r4's end of r4~r1 starts administratively down; the push at 10 s (landing at 11 s) brings it up.
        var (events, factory) = await RunAsync(ConfiguredRing([Interfaces(R4, "r4~r1", adminUp: false)], timeline:
            Push(0, 10_000, R4, "r4~r1", up: true)));
        Assert.DoesNotContain(events, e => e.Ms < 10_000); // the ring starts converged around the down link: nothing to say
        var state = new RunState(factory);
        Assert.Equal(3, state.BackboneLinksUp);
        // Neither end starts with an adjacency on it, and the initial LSAs leave it out.
        var r1 = (RouterModel)factory.CreateModel(R1);
        Assert.False(r1.Interfaces.Single(i => i.LinkName == "r4~r1").AdjacencyUp);
        Assert.DoesNotContain(R4, r1.LsaOf(R1)!.Neighbors);
        Assert.DoesNotContain(R1, r1.LsaOf(R4)!.Neighbors);

        var admin = Assert.Single(events, e => e.Kind == "interface.admin");
        Assert.Equal((11_000L, 1.0, "r4~r1"), (admin.Ms, admin.Value, admin.Subject));
        // r4 sees light from r1 (which was up all along) at once and sends a hello, which reaches r1 (2 ms) before r1
        // sees r4's light (after the link and 150 ms detection, 11 152): lost. r1's first hello reaches r4 at 11 154;
        // r4's second (21 000) lists r1: r1 is two-way at 21 002 and full two round trips of 4 ms later (21 010); its
        // Database Description brings r4 to two-way at 21 004, full at 21 012.
        Assert.Equal(21_012, Assert.Single(events, e => e.Kind == "igp.adjacency_up" && e.NodeName == "r4").Ms);
        Assert.Equal(21_010, Assert.Single(events, e => e.Kind == "igp.adjacency_up" && e.NodeName == "r1").Ms);
        foreach (var e in events) state.Apply(e);
        Assert.Equal(4, state.BackboneLinksUp);
    }

    [Fact]
    public async Task Without_the_base_configuration_the_same_push_changes_nothing()
    {
        var (events, _) = await RunAsync(RingScenario(Push(0, 10_000, R4, "r4~r1", up: true)));
        Assert.DoesNotContain(events, e => e.Kind is "interface.admin" or "igp.adjacency_up");
    }

    [Fact]
    public async Task A_raised_metric_sends_traffic_to_the_other_data_center_from_the_start()
    {
        // b1 reaches d1 at metric 10 and d2 at 50; configured at 100 on b1's end of b1~d1, d2 is nearer (50 < 100),
        // and e1's 8 Gbps cross the 10 Gbps b1~d2 link (0.8) instead of b1~d1.
        var steer = ServerRouteSteeringTests.Scenario([Interfaces(ServerRouteSteeringTests.B1, "b1~d1", metric: 100)]);
        var (events, _) = await RunAsync(steer);
        Assert.Equal(0.8, ServerRouteSteeringTests.LastUtilisation(events, "b1~d2"), 3);
        Assert.Equal(0, ServerRouteSteeringTests.LastUtilisation(events, "b1~d1"), 3);
        Assert.DoesNotContain(events, e => e.Kind is "igp.metric" or "igp.lsa_originated" or "interface.admin");
    }

    [Fact]
    public async Task A_local_preference_on_one_routers_sessions_steers_traffic_from_the_start()
    {
        // d2 sets local preference 200 on what it brings into iBGP: its server routes beat d1's (100) at b1 and e1
        // from the start, so the traffic goes to d2 although d1 is nearer.
        var config = new ConfigEntry { Targets = [ServerRouteSteeringTests.D2], Bgp = [new BgpSessionEdit { Peer = "ibgp", LocalPref = 200 }] };
        var (events, factory) = await RunAsync(ServerRouteSteeringTests.Scenario([config]));
        Assert.Equal(0.8, ServerRouteSteeringTests.LastUtilisation(events, "b1~d2"), 3);
        Assert.Equal(0, ServerRouteSteeringTests.LastUtilisation(events, "b1~d1"), 3);
        Assert.Contains("\"egress\":\"d2\"", Assert.Single(events, e => e.Kind == "traffic.egress").DataJson);
        Assert.DoesNotContain(events, e => e.Kind is "bgp.policy" or "bgp.update");
        var e1 = (RouterModel)factory.CreateModel(ServerRouteSteeringTests.E1);
        Assert.Equal((200, ServerRouteSteeringTests.D2), (e1.Bgp.BestServerRoute()!.Value.LocalPref, e1.Bgp.BestServerRoute()!.Value.NextHop));
    }

    [Fact]
    public async Task A_rollback_returns_to_the_base_value_not_the_design_default()
    {
        // The design metric of r1~r2 is 10; r2 starts at 100. A push sets 500; its rollback restores 100.
        var push = Push(0, 10_000, R2, "*", up: true) with { Interfaces = [], Igp = [new IgpEdit { Metric = 500, Match = "r1~r2" }] };
        var (events, factory) = await RunAsync(ConfiguredRing([Interfaces(R2, "r1~r2", metric: 100)], timeline: [push, Respond(1, 20_000, rollbackOf: 0)]));
        Assert.Equal([500.0, 100.0], events.Where(e => e.Kind == "igp.metric").Select(e => e.Value));
        Assert.Equal(100, ((RouterModel)factory.CreateModel(R2)).LsaOf(R2)!.Metrics[0]);
    }

    [Fact]
    public async Task Each_DNS_server_withdraws_on_its_own_health_check_interval()
    {
        // d2 sits next to d1 behind r4. r4 is cut off at 11 000 (push lands); its SPF finds no data center at
        // 11 250 and both servers hear it at 11 251. d1 checks every 5 s, d2 every 10 s: each withdraws at its third
        // failing check, first check + 2 intervals, on its own phase.
        const int D2 = 7;
        var ring = RingTopology();
        var topology = ring with
        {
            NodeNames = [.. ring.NodeNames, "d2"],
            DnsServers = [.. ring.DnsServers, new DnsServerSpec(D2, "d2", "pop", R4, [R4], ["192.0.2.0/24"])],
        };
        var (events, factory) = await RunAsync(ConfiguredRing([Health(D1, 5_000), Health(D2, 10_000)], topology, Push(0, 10_000, R4, "*", up: false)));
        long Withdraw(string server) => Assert.Single(events, e => e.Kind == "dns.withdraw" && e.NodeName == server).Ms;
        long FirstCheck(int node)
        {
            var probe = factory.CreateHost(node);
            probe.Start();
            return ((DnsServerModel)probe.Model).NextCheckAfter(11_251);
        }
        Assert.InRange(FirstCheck(D1), 11_252, 16_251);
        Assert.InRange(FirstCheck(D2), 11_252, 21_251);
        Assert.Equal(FirstCheck(D1) + 2 * 5_000, Withdraw("d1"));
        Assert.Equal(FirstCheck(D2) + 2 * 10_000, Withdraw("d2"));
        Assert.True(Withdraw("d1") < 26_252 && Withdraw("d2") >= 31_252); // 5 s checks cannot be later than 10 s ones here
    }

    [Fact]
    public void Later_entries_override_earlier_ones()
    {
        var ring = RingTopology();
        var config = new BaseConfiguration(ring.Links, new ModelParameters(),
        [
            new ConfigEntry { Targets = [R1, R2, R3, R4], Interfaces = [new InterfaceSetting("*", null, 50)], Overload = true },
            Interfaces(R2, "r1~r2", metric: 70),
            new ConfigEntry { Targets = [R2], Overload = false, Bgp = [new BgpSessionEdit { Peer = "*", LocalPref = 150 }] },
            new ConfigEntry { Targets = [R2], Bgp = [new BgpSessionEdit { Peer = "transit", LocalPref = 300, MaxPrefix = 10 }] },
            Health(D1, 5_000),
            new ConfigEntry { Targets = [D1], Health = new DnsHealthSetting(null, 2, null, false) },
        ]);
        Assert.Equal((true, 70), config.Interface(R2, ring.Links[0]));  // r1~r2 at r2: the later entry
        Assert.Equal((true, 50), config.Interface(R1, ring.Links[0]));  // r1~r2 at r1: the first entry
        Assert.Equal((true, 50), config.Interface(R2, ring.Links[1]));
        Assert.True(config.Overload(R1));
        Assert.False(config.Overload(R2));
        var design = new BgpPolicySpec(["*"], ["operator"], 0, 0, true, 0);
        Assert.Equal(design with { LocalPref = 300, MaxPrefix = 10 }, config.Policy(R2, BgpSessionKind.Transit, "as1", design));
        Assert.Equal(design with { LocalPref = 150 }, config.Policy(R2, BgpSessionKind.Peer, "as2", design));
        Assert.Equal(design, config.Policy(R1, BgpSessionKind.Transit, "as1", design));
        Assert.Equal(new DnsHealthCheck(5_000, 2, 3, false), config.Health(ring.DnsServers[0]));
    }

    [Fact]
    public async Task From_a_file_a_max_prefix_on_one_edge_router_trips_there_only_and_an_announced_prefix_is_visible()
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", TempScenario.SmallTopology);
        var scenario = ScenarioLoader.Load(t.Write("s.yaml", TempScenario.Scenario(extra: """
            config:
              - targets: { role: edge }
                bgp: [ { peer: peer, max_prefix: 100000 } ]
              - targets: { role: edge, site: p1, name: "*1" }
                bgp: [ { peer: peer, max_prefix: 1 } ]
              - targets: { role: edge, site: p1 }
                announce: [203.0.113.0/24]
            """)));
        Assert.Contains("203.0.113.0/24", scenario.Topology.OperatorPrefixes);
        var factory = new SimulationFactory(scenario);
        var sink = new ListSink();
        await using (var driver = InMemoryRun.Create(factory, 60_000)) await driver.RunToEndAsync(sink, 60_000);
        var tripped = sink.Events.Where(e => e.Kind == "bgp.max_prefix_exceeded").ToList();
        Assert.NotEmpty(tripped);
        var trippedAt = tripped.Select(e => e.NodeName).Distinct().ToList();
        var p1First = Assert.Single(scenario.Topology.Routers, r => r.Role == RouterRole.Edge && r.Site == "p1" && r.Name.EndsWith('1')).Name;
        Assert.Equal([p1First], trippedAt);
        Assert.All(tripped, e => Assert.Equal(0, e.Ms)); // the start state breaks the limit: it shows at once
        // The extra prefix: p1's edge routers announce it, and the Internet has it from the start.
        Assert.All(scenario.Topology.ExternalAses, a => Assert.True(factory.InitiallyVisible(a.Node, "203.0.113.0/24")));
    }
}
