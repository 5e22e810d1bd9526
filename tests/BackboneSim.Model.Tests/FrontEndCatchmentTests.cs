using BackboneSim.Analysis.Observation;
using BackboneSim.Engine;
using BackboneSim.Scenarios;

namespace BackboneSim.Model.Tests;

/// <summary>
/// <c>frontend_catchment: bgp</c>: users enter the operator's network where their AS's best BGP route to the
/// front-ends' prefix (the first of <c>operator.prefixes</c>) leads, and are served by that PoP's front-ends; when a
/// site withdraws the prefix or goes dark, the Internet's routes move and the users follow.
/// </summary>
public class FrontEndCatchmentTests
{
    private const string FrontEndPrefix = "203.0.113.0/24";

    /// <summary>The small network (p1 in na, p2 in eu; DTAG's eu users peer at p2, Comcast's na users at p1; Lumen is
    /// both ISPs' transit and buys from p1-er2 and p2-er2's sites) with the front-ends' prefix followed by BGP; only the
    /// users' traffic on the links (no internal tools).</summary>
    private static async Task<(List<LoggedEvent> Events, Model.Scenario.ScenarioDefinition Scenario)> Run(string timeline, string duration = "30m", bool byBgp = true)
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", TempScenario.SmallTopology.Replace("operator: { name: Example, asn: 64500 }",
            $"operator: {{ name: Example, asn: 64500, prefixes: [{FrontEndPrefix}] }}") + $$"""

            services:
              - { name: example.com, ttl: 300s }
            users: { eu: 20000000, na: 20000000 }
            {{(byBgp ? "frontend_catchment: bgp" : "")}}
            """);
        var scenario = ScenarioLoader.Load(t.Write("s.yaml", TempScenario.Scenario(timeline, extra: "parameters: { push_spread: 0s, internal_tools_gbps: 0 }")
            .Replace("duration: 1h", $"duration: {duration}")));
        return ((await RingNetwork.RunAsync(scenario)).Events, scenario);
    }

    private const string WithdrawBoth = """
              - at: "+1m"
                name: withdraw-p2
                push:
                  targets: { role: edge, site: p2 }
                  change:
                    - bgp: { peer: ebgp, announce: [192.0.2.0/24] }
              - at: "+10m"
                name: withdraw-p1
                push:
                  targets: { role: edge, site: p1 }
                  change:
                    - bgp: { peer: ebgp, announce: [192.0.2.0/24] }
            """;

    private const string DarkBoth = """
              - at: "+1m"
                name: dark-p2
                fail: { site: p2 }
              - at: "+10m"
                name: dark-p1
                fail: { site: p1 }
            """;

    private static (long Ms, string? Fate, string? Router, string? Gateway, string? Cohorts) Entry(LoggedEvent e)
        => (e.Ms, e.Field("fate"), e.Field("router"), e.Field("gateway"), e.Field("cohorts"));

    private static List<(long Ms, string Node, double Value)> Availability(List<LoggedEvent> events)
        => events.Where(e => e.Kind == "service.availability").Select(e => (e.Ms, e.NodeName, e.Value)).ToList();

    [Fact]
    public async Task Users_follow_their_ASs_route_to_another_PoP_when_theirs_withdraws_the_prefix_and_it_carries_their_load()
    {
        var (events, scenario) = await Run(WithdrawBoth);
        // DTAG's users (as3320-users) enter where DTAG's best route leads: its direct session with p2.
        Assert.Equal(["p2-er1"], scenario.Topology.Clients.Single(c => c.Name == "as3320-users").ServingGateways.Select(g => scenario.Topology.NodeNames[g]));
        // At 1 min a push lets p2's eBGP sessions announce only the DNS prefix: applied push_base (2 s) later, the
        // withdrawal of the front-ends' prefix reaches DTAG ceil(latency) + bgp_processing = 51 ms after that, and its
        // best route now leads through Lumen to p1-er2. The data plane hears a lookahead (10 ms) later and moves DTAG's
        // users to p1, whose gateway is p1-er1.
        var changed = Assert.Single(events, e => e.Kind == "bgp.route_changed" && e.NodeName == "as3320" && e.Field("prefix") == FrontEndPrefix);
        Assert.Equal((62_051L, "3356 64500"), (changed.Ms, changed.Field("path")));
        var moved = events.Where(e => e.Kind == "anycast.frontend_catchment").ToList();
        Assert.Equal((62_061L, "answered", "p1-er2", "p1-er1", "as3320-users"), Entry(moved[0]));
        Assert.Equal((changed.Id, FrontEndPrefix), (moved[0].Cause, moved[0].Subject));
        // The cohort hears at 62 071 and sends its 18 Gbps to p1-er1 (a local hop), whose flow reaches the data plane a
        // lookahead later and is carried a traffic_step (100 ms) after that: p1-er1's link to h1 now carries DTAG's users
        // to their data center (dc2), and p2's link to dc2 nothing.
        // (At the start each cohort's 18 Gbps leaves its own PoP's second edge router towards its data center.)
        var links = events.Where(e => e.Kind == "link.utilisation" && e.Ms < 600_000).Select(e => (e.Ms, e.Field("routers"), e.Field("gbps"))).ToList();
        Assert.Equal([(120L, "dc1-bb1~p1-er2", "18"), (120L, "dc2-bb1~p2-er2", "18"), (62_191L, "dc2-bb1~p2-er2", "0"), (62_191L, "h1-bb1~p1-er1", "18")], links);
        // Still served: nobody's availability changes before the second push.
        Assert.DoesNotContain(events, e => e.Kind == "service.availability" && e.Ms < 600_000);

        // At 10 min p1 withdraws too (heard at 602 051): no AS has a route left for either cohort at 602 061. Each
        // cohort hears a lookahead later: its users reach no front-end (front-end share 0), whatever their resolvers say.
        Assert.Equal((602_061L, "no_route", null, null, "as3320-users as7922-users"), Entry(moved[1]));
        Assert.Equal(2, moved.Count);
        var down = events.Where(e => e.Kind == "service.availability").ToList();
        Assert.Equal([(602_071L, "as3320-users", 0.0), (602_071L, "as7922-users", 0.0)], Availability(events));
        Assert.All(down, e => Assert.Equal(("0", "1", moved[1].Id), (e.Field("front_end_share"), e.Field("dns"), e.Cause)));
    }

    [Fact]
    public async Task Without_frontend_catchment_users_stay_at_the_PoPs_their_ISP_peers_with()
    {
        // The same pushes with the default (peering): the users keep entering at their fixed gateways, which still reach
        // the data centers, so withdrawing the front-ends' prefix everywhere changes nothing for them.
        var (events, _) = await Run(WithdrawBoth, byBgp: false);
        Assert.DoesNotContain(events, e => e.Kind is "anycast.frontend_catchment" or "service.availability");
    }

    [Fact]
    public async Task A_dark_PoP_blackholes_its_users_until_their_ASs_route_moves_and_both_dark_cut_everyone_off()
    {
        var (events, _) = await Run(DarkBoth);
        Assert.Equal([
            // p2's routers go dark at 60 010 (power lost at 60 000): the data plane hears at 60 020 and DTAG's users die
            // at p2-er1, where DTAG's route still leads;
            (60_020L, "blackholed", "p2-er1", null, "as3320-users"),
            // DTAG's session to p2-er1 drops when the line card notices (60 161), and its route through Lumen leads to p1-er2;
            (60_171L, "answered", "p1-er2", "p1-er1", "as3320-users"),
            // p1 goes dark too: every cohort is blackholed, then without a route once the sessions drop.
            (600_020L, "blackholed", "p1-er2", null, "as3320-users"),
            (600_020L, "blackholed", "p1-er1", null, "as7922-users"),
            (600_171L, "no_route", null, null, "as3320-users as7922-users"),
        ], events.Where(e => e.Kind == "anycast.frontend_catchment").Select(Entry).ToList());
        // DTAG's users are down while their gateway is dark (it tells them at once) and served again a lookahead after
        // the data plane moved them to p1; with both PoPs dark nobody is.
        var a = Availability(events).Where(x => x.Ms < 600_100).ToList();
        Assert.Equal([(60_020L, "as3320-users", 0.0), (60_181L, "as3320-users", 1.0), (600_020L, "as3320-users", 0.0), (600_020L, "as7922-users", 0.0)], a);
    }

    [Fact]
    public async Task Without_a_failure_nobody_moves()
    {
        var (events, scenario) = await Run("", duration: "10m");
        Assert.DoesNotContain(events, e => e.Kind is "anycast.frontend_catchment" or "service.availability");
        // The front-ends' prefix is the first of operator.prefixes.
        Assert.Equal(FrontEndPrefix, scenario.Topology.FrontEndPrefix);
    }
}

/// <summary><c>frontend_catchment</c>: each mistake is reported at the key's value, with the file and line.</summary>
public class FrontEndCatchmentLoaderTests
{
    private static ScenarioError SingleError(string topology, string value)
    {
        using var t = new TempScenario();
        var text = topology + $$"""

            services:
              - { name: example.com, ttl: 300s }
            users: { eu: 1000 }
            frontend_catchment: {{value}}
            """;
        t.Write("topo.yaml", text);
        var ex = Assert.Throws<ScenarioLoadException>(() => ScenarioLoader.Load(t.Write("s.yaml", TempScenario.Scenario())));
        var e = Assert.Single(ex.Errors);
        Assert.EndsWith("topo.yaml", e.Location.File);
        Assert.Equal((text.Split('\n').Length, "frontend_catchment: ".Length + 1), (e.Location.Line, e.Location.Column)); // the last line's value
        return e;
    }

    [Fact]
    public void Following_BGP_needs_a_prefix_under_operator_prefixes()
    {
        var e = SingleError(TempScenario.SmallTopology, "bgp");
        Assert.Equal("'frontend_catchment: bgp' follows the routes to the front-ends' prefix: list it under operator.prefixes", e.Message);
    }

    [Fact]
    public void Only_peering_or_bgp()
    {
        var e = SingleError(TempScenario.SmallTopology.Replace("asn: 64500 }", "asn: 64500, prefixes: [203.0.113.0/24] }"), "anycast");
        Assert.StartsWith("'frontend_catchment' is 'anycast'; expected one of peering, bgp", e.Message);
    }

    [Fact]
    public void Peering_is_the_default_and_bgp_follows_the_first_prefix()
    {
        using var t = new TempScenario();
        foreach (var (value, expected) in new[] { ("peering", (string?)null), ("bgp", "203.0.113.0/24") })
        {
            t.Write("topo.yaml", TempScenario.SmallTopology.Replace("asn: 64500 }", "asn: 64500, prefixes: [203.0.113.0/24, 198.51.100.0/24] }") + $$"""

                users: { eu: 1000 }
                frontend_catchment: {{value}}
                """);
            Assert.Equal(expected, ScenarioLoader.Load(t.Write("s.yaml", TempScenario.Scenario())).Topology.FrontEndPrefix);
        }
    }

    [Theory]
    [InlineData("bgp", "frontend_prefix: 203.0.113.128/25", null, "203.0.113.128/25")]
    [InlineData("bgp", "frontend_prefix: 192.0.2.0/25", "'frontend_prefix' 192.0.2.0/25 is inside none of operator.prefixes (203.0.113.0/24)", null)]
    [InlineData("bgp", "frontend_prefix: 203.0.113.1/25", "host bits set", null)]
    [InlineData("peering", "frontend_prefix: 203.0.113.128/25", "'frontend_prefix' is where users' traffic goes with 'frontend_catchment: bgp'; set that too", null)]
    public void The_front_ends_may_answer_inside_the_operators_prefix(string catchment, string line, string? error, string? prefix)
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", TempScenario.SmallTopology.Replace("asn: 64500 }", "asn: 64500, prefixes: [203.0.113.0/24] }") + $$"""

            users: { eu: 1000 }
            frontend_catchment: {{catchment}}
            {{line}}
            """);
        var path = t.Write("s.yaml", TempScenario.Scenario());
        if (error is null) { Assert.Equal(prefix, ScenarioLoader.Load(path).Topology.FrontEndPrefix); return; }
        var e = Assert.Single(Assert.Throws<ScenarioLoadException>(() => ScenarioLoader.Load(path)).Errors);
        Assert.Contains(error, e.Message);
        Assert.EndsWith("topo.yaml", e.Location.File);
    }
}

/// <summary><see cref="Nodes.AnycastCatchment.FrontEndChanges"/> alone: ASes 10 (the users') and 11; operator routers 1
/// and 2 at one PoP (gateway 1) and 3 at another (its own gateway); client cohort 70 in AS 10.</summary>
public class FrontEndCatchmentWalkTests
{
    private const string Prefix = "203.0.113.0/24";

    [Fact]
    public void Users_enter_at_the_gateway_of_the_router_their_ASs_route_leads_to_and_nowhere_without_one()
    {
        var c = new Nodes.AnycastCatchment(new Dictionary<(int, string), int> { [(10, Prefix)] = 11, [(11, Prefix)] = 2 }, [10, 11], [], [], [], [],
            frontEnds: new Nodes.FrontEndUsers(Prefix, new Dictionary<int, int> { [1] = 1, [2] = 1, [3] = 3 }, [(70, 10)]));
        Assert.Equal([(70, Nodes.AnycastFate.Answered, 2, 1)], c.FrontEndChanges(_ => false));
        Assert.Empty(c.FrontEndChanges(_ => false)); // told once
        Assert.Equal([(70, Nodes.AnycastFate.Blackholed, 2, -1)], c.FrontEndChanges(r => r == 2)); // a dark entry router
        c.SetHop(11, Prefix, 3);
        Assert.Equal([(70, Nodes.AnycastFate.Answered, 3, 3)], c.FrontEndChanges(r => r == 2));
        c.SetHop(11, Prefix, 10); // a loop between the ASes
        Assert.Equal([(70, Nodes.AnycastFate.Blackholed, -1, -1)], c.FrontEndChanges(_ => false));
        c.SetHop(11, Prefix, -1);
        Assert.Equal([(70, Nodes.AnycastFate.NoRoute, -1, -1)], c.FrontEndChanges(_ => false));
    }
}
