using BackboneSim.Engine;
using BackboneSim.Model.Nodes;
using BackboneSim.Model.Scenario;
using BackboneSim.Model.Topology;
using BackboneSim.Scenarios.Actions;

namespace BackboneSim.Model.Tests;

/// <summary>
/// Local preference steering traffic (the shape of Cloudflare's 17 July 2020 incident): PoP edge router e1 reaches
/// backbone router b1 over a 100 Gbps link; b1 reaches data-center border d1 (metric 10) and d2 (metric 50), each
/// over a 10 Gbps link. b1 reflects iBGP for e1, d1 and d2. 8 Gbps of front-end traffic normally go to d1, the
/// nearest. A push on d2 sets local preference 200 on what it sends over iBGP: its server routes now beat d1's
/// (100) everywhere, so e1's traffic goes to d2. Timings: push lands at 11 000; d2's export waits the 5 s batch
/// (16 000) and reaches b1 after 1 ms + 50 ms (16 051; the route count is unchanged, so no transfer time); b1's
/// batch sends it on at 21 051, and e1 has it at 21 102.
/// </summary>
public class ServerRouteSteeringTests
{
    internal const int E1 = 1, B1 = 2, D1 = 3, D2 = 4, Resolver = 5, Users = 6, Traffic = 7, Responders = 8;

    private static ScenarioDefinition Scenario(params TimelineAction[] timeline) => Scenario([], timeline);

    /// <summary>The network above, starting in the given base configuration.</summary>
    internal static ScenarioDefinition Scenario(IReadOnlyList<Configuration.ConfigEntry> config, params TimelineAction[] timeline)
    {
        string[] names = ["scenario", "e1", "b1", "d1", "d2", "res", "users", "backbone", "responders"];
        LinkSpec Link(int i, int a, int b, int metric, double gbps) => new(i, $"{names[a]}~{names[b]}", a, b, LinkKinds.Backbone, 1, gbps, metric);
        var topology = new NetworkTopology
        {
            OperatorName = "Op", OperatorAsn = 64500,
            Sites = [new Site("pop", SiteKind.Pop, "P", 0, 0, "eu"), new Site("hub", SiteKind.Hub, "H", 0, 1, "eu"),
                new Site("dc1", SiteKind.DataCenter, "D1", 0, 2, "eu"), new Site("dc2", SiteKind.DataCenter, "D2", 0, 3, "eu")],
            Routers = [new RouterSpec(E1, "e1", RouterRole.Edge, "pop", "eu"), new RouterSpec(B1, "b1", RouterRole.Backbone, "hub", "eu"),
                new RouterSpec(D1, "d1", RouterRole.DataCenterBorder, "dc1", "eu"), new RouterSpec(D2, "d2", RouterRole.DataCenterBorder, "dc2", "eu")],
            Links = [Link(0, E1, B1, 10, 100), Link(1, B1, D1, 10, 10), Link(2, B1, D2, 50, 10)],
            IbgpSessions = [new IbgpSessionSpec(E1, B1, 1, false), new IbgpSessionSpec(D1, B1, 1, false), new IbgpSessionSpec(D2, B1, 1, false)],
            DnsServers = [], ExternalAses = [], Peerings = [], AsLinks = [],
            Services = [new ServiceSpec("app", 300_000, 1, false, [])],
            Resolvers = [new ResolverSpec(Resolver, "res", -1, false, false, 1)],
            Clients = [new ClientCohortSpec(Users, "users", -1, "eu", 8_000, [(Resolver, 1.0)], [E1])],
            NodeNames = names, TrafficNode = Traffic, ResponderNode = Responders,
        };
        return new ScenarioDefinition
        {
            Name = "steer", Title = "steer", SourceFile = "steer.yaml", Seed = 3, Start = DateTimeOffset.UnixEpoch, DurationMs = 60_000,
            LookaheadMs = 1, Topology = topology, Timeline = timeline, Configuration = config,
            Parameters = new ModelParameters { PushBaseMs = 1_000, PushSpreadMs = 0, ActiveUserFraction = 1, MbpsPerActiveUser = 1, BackboneTrafficShare = 1 },
        };
    }

    private static PushAction Push(int target, BgpSessionEdit edit) =>
        new(0, "prefer-d2", 10_000, new SourceLocation("steer.yaml", 4, 3), [target], [], "bgp") { Bgp = [edit] };

    internal static double LastUtilisation(List<LoggedEvent> events, string pair, long beforeMs = long.MaxValue)
        => events.LastOrDefault(e => e.Kind == "link.utilisation" && e.Subject == pair && e.Ms < beforeMs)?.Value ?? 0;

    [Fact]
    public async Task A_higher_local_preference_on_one_data_centers_server_routes_draws_every_PoPs_traffic_to_it()
    {
        var (events, _) = await RingNetwork.RunAsync(Scenario(Push(D2, new BgpSessionEdit { Peer = "ibgp", LocalPref = 200 })));
        Assert.Equal(0.8, LastUtilisation(events, "b1~d1", 10_000), 3);
        Assert.Equal(0, LastUtilisation(events, "b1~d2", 10_000), 3);

        var steer = Assert.Single(events, e => e.Kind == "traffic.egress" && e.NodeName == "e1");
        Assert.Equal(21_102, steer.Ms);
        Assert.Contains("\"egress\":\"d2\"", steer.DataJson);
        Assert.Equal(200, steer.Value);
        // Now all 8 Gbps take the long way to d2.
        Assert.Equal(0.8, LastUtilisation(events, "b1~d2"), 3);
        Assert.Equal(0, LastUtilisation(events, "b1~d1"), 3);
    }

    [Fact]
    public async Task The_new_exit_is_a_prefix_entry_programmed_without_an_spf_run_and_the_traffic_moves_when_it_lands()
    {
        // No link changed, so no router runs SPF: b1 (16 051) and e1 (21 102) each program one data-center prefix entry
        // (dc1's, now via d2; dc2's was d2 already), ready fib_programming_base (10 ms) + 1 entry (1 ms) later. The
        // front-ends' demand that names no data center now goes to the one nearest the exit, dc2, whose entry was d2 all
        // along: the gateway's report reaches the data plane a hop later (21 103), which carries it a traffic_step later.
        var (events, _) = await RingNetwork.RunAsync(Scenario(Push(D2, new BgpSessionEdit { Peer = "ibgp", LocalPref = 200 })));
        var programmed = events.Where(e => e.Kind == "fib.programmed" && e.Ms >= 10_000).Select(e => (e.Subject, e.Ms, e.DataJson)).ToList();
        Assert.Equal(["b1", "e1"], programmed.Select(p => p.Subject));
        Assert.Equal([16_062L, 21_113L], programmed.Select(p => p.Ms));
        Assert.All(programmed, p => Assert.Contains("\"entries\":1,", p.DataJson));
        Assert.Equal(21_203, events.First(e => e.Kind == "link.utilisation" && e.Subject == "b1~d2" && e.Ms >= 10_000).Ms);
    }

    [Fact]
    public async Task Clearing_the_preference_sends_the_traffic_back_to_the_nearest_data_center()
    {
        var undo = new PushAction(1, "undo", 30_000, new SourceLocation("steer.yaml", 9, 3), [D2], [], "bgp")
        {
            Bgp = [new BgpSessionEdit { Peer = "ibgp", LocalPref = 0 }],
        };
        var (events, _) = await RingNetwork.RunAsync(Scenario(Push(D2, new BgpSessionEdit { Peer = "ibgp", LocalPref = 200 }), undo));
        // The undo lands at 31 000 and travels the same way: 36 000, 36 051 at b1, 41 051, 41 102 at e1.
        var steers = events.Where(e => e.Kind == "traffic.egress" && e.NodeName == "e1").ToList();
        Assert.Equal([21_102L, 41_102L], steers.Select(e => e.Ms));
        Assert.Contains("\"reason\":\"nearest data center\"", steers[1].DataJson);
        Assert.Equal(0.8, LastUtilisation(events, "b1~d1"), 3);
        Assert.Equal(0, LastUtilisation(events, "b1~d2"), 3);
    }
}
