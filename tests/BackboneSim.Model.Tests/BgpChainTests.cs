using BackboneSim.Engine;
using BackboneSim.Model.Nodes;
using BackboneSim.Model.Scenario;
using BackboneSim.Model.Topology;
using BackboneSim.Scenarios.Actions;

namespace BackboneSim.Model.Tests;

/// <summary>
/// A chain r1 — a1 — a2 — a3: an operator edge router announcing one static prefix to a1, which passes it on AS
/// by AS (r1 buys transit from a1, a1 and a3 are customers of a2, so policy lets the route through). Timings by hand: eBGP hop = ceil(latency) + 50 ms processing; r1–a1 is 1 ms, a–a links are 5 ms.
/// </summary>
public class BgpChainTests
{
    private const int R1 = 1, A1 = 2, A2 = 3, A3 = 4, Responders = 5;
    private const string Prefix = "203.0.113.0/24";

    /// <summary>The chain with RFC 4271's MRAI per destination (<c>bgp_mrai_scope: prefix</c>), or the default, per peer.</summary>
    private static ScenarioDefinition Chain(params (long At, bool Shutdown)[] pushes) => Chain("prefix", pushes);

    private static ScenarioDefinition Chain(string mraiScope, params (long At, bool Shutdown)[] pushes) =>
        Build(mraiScope, pushes.Select((p, i) => (TimelineAction)new PushAction(i, $"p{i}", p.At, new SourceLocation("chain.yaml", i + 1, 3), [R1], [], "bgp")
        {
            Bgp = [new BgpSessionEdit { Peer = "*", Shutdown = p.Shutdown }],
        }).ToList());

    private static ScenarioDefinition Build(string mraiScope, IReadOnlyList<TimelineAction> timeline)
    {
        string[] names = ["scenario", "r1", "as100", "as200", "as300", "responders"];
        var topology = new NetworkTopology
        {
            OperatorName = "Chain", OperatorAsn = 64500, Sites = [new Site("pop", SiteKind.Pop, "P", 0, 0, "eu")],
            Routers = [new RouterSpec(R1, "r1", RouterRole.Edge, "pop", "eu")], Links = [], DnsServers = [],
            ExternalAses = [new ExternalAsSpec(A1, "as100", 100, "A1", AsTier.Regional, "eu"), new ExternalAsSpec(A2, "as200", 200, "A2", AsTier.Tier1, "eu"),
                new ExternalAsSpec(A3, "as300", 300, "A3", AsTier.Regional, "eu")],
            Peerings = [new PeeringSpec(A1, R1, 1.0)], AsLinks = [new AsLinkSpec(A1, A2, 5), new AsLinkSpec(A2, A3, 5)],
            NodeNames = names, StaticPrefixes = [Prefix], ResponderNode = Responders,
        };
        return new ScenarioDefinition
        {
            Name = "chain", Title = "chain", SourceFile = "chain.yaml", Seed = 3, Start = DateTimeOffset.UnixEpoch, DurationMs = 120_000,
            LookaheadMs = 1, Topology = topology, Parameters = new ModelParameters { PushBaseMs = 1_000, PushSpreadMs = 0, BgpMraiScope = mraiScope },
            Timeline = timeline,
        };
    }

    private static async Task<List<LoggedEvent>> Run(ScenarioDefinition s) => (await RingNetwork.RunAsync(s)).Events;

    [Fact]
    public async Task A_withdrawal_crosses_the_chain_hop_by_hop_without_waiting_for_the_MRAI()
    {
        var events = await Run(Chain((10_000, true), (20_000, false), (30_000, true)));
        long[] Times(string kind, string node) => events.Where(e => e.Kind == kind && e.NodeName == node).Select(e => e.Ms).ToArray();
        // Shutdown applied at 11 000: a1 hears at +51, a2 at +51+55, a3 at +51+55+55.
        Assert.Equal([11_051L, 31_051], Times("bgp.route_lost", "as100"));
        Assert.Equal([11_106L, 31_106], Times("bgp.route_lost", "as200"));
        Assert.Equal([11_161L, 31_161], Times("bgp.route_lost", "as300"));
        // Re-enabling the session first exchanges OPENs (r1 -> a1 -> r1, 51 ms each way), then r1 announces (51 ms):
        // a1 learns at 21 000 + 3 x 51; from there it travels just as fast: no MRAI was running yet.
        Assert.Equal([21_153L], Times("bgp.route_learned", "as100"));
        Assert.Equal([21_263L], Times("bgp.route_learned", "as300"));
        // Every update is counted, useful or not: 3 ASes x 3 changes, plus loop-rejected echoes from neighbours.
        Assert.True(events.Count(e => e.Kind == "bgp.update") >= 9);
    }

    [Fact]
    public async Task A_second_announcement_within_the_MRAI_is_held_until_the_timer_expires()
    {
        // Announce at 21 000 (after the OPEN exchange a1 learns at 21 153 and starts a 22.5-30 s MRAI towards a2),
        // withdraw at 31 000, announce again at 36 000.
        var events = await Run(Chain((10_000, true), (20_000, false), (30_000, true), (35_000, false)));
        var a1Learned = events.Where(e => e.Kind == "bgp.route_learned" && e.NodeName == "as100").Select(e => e.Ms).ToList();
        Assert.Equal([21_153L, 36_153], a1Learned);
        var a2Learned = events.Where(e => e.Kind == "bgp.route_learned" && e.NodeName == "as200").Select(e => e.Ms).ToList();
        Assert.Equal(21_208, a2Learned[0]);
        // Held at a1 until its MRAI towards a2 ends (21 153 + 22 500 .. 30 000), then one hop of 55 ms.
        Assert.InRange(a2Learned[1], 21_153 + 22_500 + 55, 21_153 + 30_000 + 55);
    }

    [Fact]
    public async Task Per_peer_an_announcement_after_a_withdrawal_waits_for_the_interval_the_withdrawal_started()
    {
        // The default scope, as FRR and Cisco run it. The shutdown's withdrawal leaves a1 for a2 at 11 051 and starts
        // a1's MRAI towards a2 (22.5-30 s, jittered); a2's withdrawal to a3 (11 106) starts a2's towards a3. The
        // session is back at 21 000: a1 learns the route at 21 153 as before, but a2 hears of it only when a1's
        // interval ends (11 051 + 22 500 .. 30 000, then 55 ms), and a3 when a2's has ended too.
        var events = await Run(Chain("peer", (10_000, true), (20_000, false)));
        long[] Times(string kind, string node) => events.Where(e => e.Kind == kind && e.NodeName == node).Select(e => e.Ms).ToArray();
        Assert.Equal([11_051L], Times("bgp.route_lost", "as100"));
        Assert.Equal([11_106L], Times("bgp.route_lost", "as200")); // withdrawals go out at once
        Assert.Equal([21_153L], Times("bgp.route_learned", "as100"));
        var a2 = Assert.Single(Times("bgp.route_learned", "as200"));
        Assert.InRange(a2, 11_051 + 22_500 + 55, 11_051 + 30_000 + 55);
        var a3 = Assert.Single(Times("bgp.route_learned", "as300"));
        Assert.InRange(a3, a2 + 55, 11_106 + 30_000 + 55);

        // Per destination (RFC 4271 §9.2.1.1), the withdrawal started nothing: a3 learns at 21 263.
        var perPrefix = await Run(Chain("prefix", (10_000, true), (20_000, false)));
        Assert.Equal(21_263, perPrefix.Single(e => e.Kind == "bgp.route_learned" && e.NodeName == "as300").Ms);
    }

    [Fact]
    public async Task Paced_withdrawals_wait_for_a_running_interval_too()
    {
        // Announced at 21 000 after a down and up: with bgp_mrai_withdrawals: paced, the shutdown at 31 000 reaches a1 at
        // 31 051, but its withdrawal to a2 waits for the interval the announcement started at 21 153 (per destination
        // here, so only announcements start one): 21 153 + 22 500 .. 30 000, then 55 ms.
        var s = Chain("prefix", (10_000, true), (20_000, false), (30_000, true));
        s.Parameters.BgpMraiWithdrawals = "paced";
        var events = await Run(s);
        var lost = events.Where(e => e.Kind == "bgp.route_lost" && e.NodeName == "as200").Select(e => e.Ms).ToArray();
        Assert.Equal(11_106, lost[0]); // nothing was running at the first shutdown
        Assert.InRange(lost[1], 21_153 + 22_500 + 55, 21_153 + 30_000 + 55);
    }

    private static ExternalAction External(int index, long atMs, int asNode, int peer, string peerName, string command) =>
        new(index, $"x{index}", atMs, new SourceLocation("chain.yaml", 20 + index, 3), [asNode], command, asNode,
            new ExternalSessionCommand { Peer = peer, PeerName = peerName, Command = command });

    [Fact]
    public async Task An_AS_that_shuts_a_session_with_a_neighbour_loses_what_came_over_it_until_it_restores_it()
    {
        // a2 shuts its session with a1 at 10 s (the driver reaches it a lookahead later): it drops a1's route at once
        // and withdraws it from a3 (5 ms + 50 ms); a1 hears the Cease 55 ms after a2 sent it. Restored at 20 s: a2
        // tells a1 first, a1 sends the route again on the reopened session (55 ms), a2 passes it on (55 ms more).
        var s = Build("prefix", [External(0, 10_000, A2, A1, "as100", "shutdown"), External(1, 20_000, A2, A1, "as100", "restore")]);
        var events = await Run(s);
        long[] Times(string kind, string node) => events.Where(e => e.Kind == kind && e.NodeName == node).Select(e => e.Ms).ToArray();
        Assert.Equal([10_001L], Times("bgp.session_down", "as200"));
        Assert.Equal([10_056L], Times("bgp.session_down", "as100"));
        Assert.Contains("administrative shutdown by as200", events.Single(e => e.Kind == "bgp.session_down" && e.NodeName == "as200").DataJson);
        Assert.Equal([10_001L], Times("bgp.route_lost", "as200"));
        Assert.Equal([10_056L], Times("bgp.route_lost", "as300"));
        Assert.Empty(Times("bgp.route_lost", "as100")); // its own route comes from r1
        Assert.Equal([20_001L], Times("bgp.session_up", "as200"));
        Assert.Equal([20_056L], Times("bgp.session_up", "as100"));
        Assert.Equal([20_111L], Times("bgp.route_learned", "as200"));
        Assert.Equal([20_166L], Times("bgp.route_learned", "as300"));
    }

    [Fact]
    public async Task An_AS_that_resets_its_session_with_an_operator_router_relearns_everything()
    {
        // a1 resets its session with r1 at 10 s: a Cease and a fresh OPEN leave at 10 001; a1 has lost r1's route
        // (and withdraws it down the chain) until the session is up again and r1 has announced it anew.
        var s = Build("prefix", [External(0, 10_000, A1, R1, "r1", "reset")]);
        var events = await Run(s);
        long[] Times(string kind, string node) => events.Where(e => e.Kind == kind && e.NodeName == node).Select(e => e.Ms).ToArray();
        Assert.Equal([10_001L], Times("bgp.session_down", "as100"));
        Assert.Equal([10_001L], Times("bgp.route_lost", "as100"));
        var up = Assert.Single(Times("bgp.session_up", "as100"));
        var learned = Assert.Single(Times("bgp.route_learned", "as100"));
        Assert.True(up > 10_001 && learned >= up, $"session up at {up}, route learned at {learned}");
        Assert.Contains(events, e => e.Kind == "bgp.session_down" && e.NodeName == "r1" && e.DataJson.Contains("administrative reset"));
    }
}
