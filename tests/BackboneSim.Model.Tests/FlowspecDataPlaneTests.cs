using System.Text.Json;
using BackboneSim.Analysis.Observation;
using BackboneSim.Engine;
using BackboneSim.Model.Build;
using BackboneSim.Model.DataPlane;
using BackboneSim.Model.Nodes;
using BackboneSim.Model.Scenario;
using BackboneSim.Scenarios;

namespace BackboneSim.Model.Tests;

/// <summary>
/// Flowspec rules (RFC 8955) in the data plane: a router's installed rules act on every packet arriving at it, by the
/// packets each flow really carries (<see cref="PacketSignature"/>). The routers' control planes do not originate
/// rules here: a router's model is wrapped so that it sends <see cref="FlowspecInstall"/> to the data plane at given
/// times, as its control plane does once it has programmed them.
/// </summary>
public class FlowspecDataPlaneTests
{
    // ---- the square (DataPlaneTests.Square): e (the users' gateway) - a - d (the data center "dc"), 1.6 Gb/s ----------

    /// <summary>The square's data-center site is the only one: 172.16.0.0/24.</summary>
    private const string Dc = "172.16.0.0/24";

    private static FlowspecRule Rule(string? destination = null, int? protocol = null, int[]? ports = null, double rate = 0) =>
        new() { Name = "r", Destination = destination, Protocol = protocol, Ports = ports, RateGbps = rate };

    private static (long Ms, double Delivered, double Filtered, double NoRoute, string? LostAt) Traffic(LoggedEvent e)
    {
        using var json = JsonDocument.Parse(e.DataJson);
        var r = json.RootElement;
        return (e.Ms, r.GetProperty("delivered_gbps").GetDouble(), r.GetProperty("lost_filtered_gbps").GetDouble(),
            r.GetProperty("lost_no_route_gbps").GetDouble(), r.GetProperty("most_lost_at").GetString());
    }

    private static List<(long Ms, double Delivered, double Filtered, double NoRoute, string? LostAt)> TrafficFrom(List<LoggedEvent> events, long ms) =>
        events.Where(e => e.Kind == "backbone.traffic" && e.Ms >= ms).Select(Traffic).ToList();

    [Fact]
    public async Task A_discard_rule_for_the_site_prefix_at_a_transit_router_drops_the_front_ends_traffic_there_until_it_is_taken_off()
    {
        // a installs "dst 172.16.0.0/24: discard" at 10 s; the data plane hears a lookahead later (10 001) and carries
        // the traffic anew a traffic_step later (10 101): the front-ends' requests to the site (HTTPS to 172.16.0.0)
        // arrive at a and are dropped there, all 1.6 Gb/s, filtered, lost at a (not "no route": a has its entry). The
        // rule comes off at 20 s (an empty install): delivered again at 20 101. The routing protocols see nothing.
        var (events, _) = await RunWithInstalls(DataPlaneTests.Square(null), (10_000, "a", [Rule(Dc)]), (20_000, "a", []));
        Assert.Equal([(10_101L, 0.0, 1.6, 0.0, "a"), (20_101L, 1.6, 0.0, 0.0, null)], TrafficFrom(events, 10_000));
        Assert.DoesNotContain(events, e => e.Ms >= 10_000 && (e.Kind.StartsWith("igp.") || e.Kind.StartsWith("fib.")));
    }

    [Fact]
    public async Task Rules_for_another_prefix_port_or_protocol_leave_the_front_ends_traffic_alone()
    {
        // Another site's prefix, SSH to this one, UDP to this one: none matches HTTPS to 172.16.0.0, so nothing changes.
        var (events, _) = await RunWithInstalls(DataPlaneTests.Square(null),
            (10_000, "a", [Rule("172.16.1.0/24"), Rule(Dc, IpProtocol.Tcp, [WellKnownPort.Ssh]), Rule(Dc, IpProtocol.Udp)]));
        Assert.Empty(TrafficFrom(events, 10_000));
        // The same rules with the HTTPS port among them do match.
        (events, _) = await RunWithInstalls(DataPlaneTests.Square(null), (10_000, "a", [Rule(Dc, IpProtocol.Tcp, [WellKnownPort.Ssh, WellKnownPort.Https])]));
        Assert.Equal([(10_101L, 0.0, 1.6, 0.0, "a")], TrafficFrom(events, 10_000));
    }

    [Fact]
    public async Task A_rule_on_the_front_ends_public_prefix_drops_the_users_requests_at_the_ingress_but_means_nothing_on_the_backbone()
    {
        // The operator's first static prefix is the front-ends' public address (198.51.100.0): users' HTTPS requests to
        // it arrive at the gateway e, the front-ends' ingress. A rule for it at e drops them all there; the same rule at
        // a acts on nothing, since only the proxied requests to the site's prefix cross a.
        var rule = Rule("198.51.100.0/24", IpProtocol.Tcp, [WellKnownPort.Https]);
        var (events, _) = await RunWithInstalls(WithStaticPrefix(DataPlaneTests.Square(null), "198.51.100.0/24"), (10_000, "e", [rule]));
        Assert.Equal([(10_101L, 0.0, 1.6, 0.0, "e")], TrafficFrom(events, 10_000));
        (events, _) = await RunWithInstalls(WithStaticPrefix(DataPlaneTests.Square(null), "198.51.100.0/24"), (10_000, "a", [rule]));
        Assert.Empty(TrafficFrom(events, 10_000));
    }

    [Fact]
    public async Task A_rate_limit_of_half_the_offered_load_delivers_half_and_one_above_it_changes_nothing()
    {
        // "dst 172.16.0.0/24: rate 0.8 Gb/s" at a polices the 1.6 Gb/s arriving there to 0.8: half is filtered at a.
        var (events, _) = await RunWithInstalls(DataPlaneTests.Square(null), (10_000, "a", [Rule(Dc, rate: 0.8)]), (20_000, "a", []));
        Assert.Equal([(10_101L, 0.8, 0.8, 0.0, "a"), (20_101L, 1.6, 0.0, 0.0, null)], TrafficFrom(events, 10_000));
        // A rate above what arrives polices nothing; a rate is never a discard.
        (events, _) = await RunWithInstalls(DataPlaneTests.Square(null), (10_000, "a", [Rule(Dc, rate: 3.2)]));
        Assert.Empty(TrafficFrom(events, 10_000));
    }

    [Fact]
    public async Task A_rule_at_the_router_that_delivers_acts_as_at_any_other_and_the_more_specific_rule_comes_first()
    {
        // At d, the site's border router: "dst 172.16.0.0/24: rate 0.4" and the less specific "dst 172.16.0.0/16:
        // discard". RFC 8955's order puts the /24 first, so the traffic is policed to 0.4 Gb/s, not discarded.
        var (events, _) = await RunWithInstalls(DataPlaneTests.Square(null),
            (10_000, "d", [Rule("172.16.0.0/16"), Rule(Dc, rate: 0.4)]));
        Assert.Equal([(10_101L, 0.4, 1.2, 0.0, "d")], TrafficFrom(events, 10_000));
    }

    private static ScenarioDefinition WithStaticPrefix(ScenarioDefinition s, string prefix) => new()
    {
        Name = s.Name, Title = s.Title, SourceFile = s.SourceFile, Seed = s.Seed, Start = s.Start, DurationMs = s.DurationMs,
        LookaheadMs = s.LookaheadMs, Topology = s.Topology with { StaticPrefixes = [prefix] }, Timeline = s.Timeline, Parameters = s.Parameters,
    };

    // ---- the small generated network: replication and the anycast catchment ---------------------------------------------

    private static ScenarioDefinition Small(string extra = "", string placement = "region")
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", TempScenario.SmallTopology + $$"""

            services:
              - { name: example.com, ttl: 300s, placement: {{placement}} }
            users: { eu: 1000000, na: 1000000 }
            """);
        return ScenarioLoader.Load(t.Write("s.yaml", TempScenario.Scenario("", extra).Replace("duration: 1h", "duration: 2m")));
    }

    private static (double Offered, double Delivered) Bulk(LoggedEvent e)
    {
        using var json = JsonDocument.Parse(e.DataJson);
        return (json.RootElement.GetProperty("bulk_offered_gbps").GetDouble(), json.RootElement.GetProperty("bulk_delivered_gbps").GetDouble());
    }

    [Fact]
    public async Task Replication_is_dropped_by_a_destination_only_rule_but_not_by_an_https_rule()
    {
        // dc1 and dc2 each replicate 10 Gb/s to the other (bulk TCP, no well-known port). dc2's border router installs
        // "dst 172.16.1.0/24 (dc2): discard" at 60 s: dc1's 10 Gb/s to dc2 is dropped as it arrives there, dc2's own
        // 10 Gb/s to dc1 still arrives.
        var scenario = Small("parameters: { dc_replication_gbps: 10 }");
        var (events, _) = await RunWithInstalls(scenario, (60_000, "dc2-dr1", [Rule("172.16.1.0/24")]));
        Assert.Equal((20.0, 20.0), Bulk(events.Last(e => e.Kind == "backbone.traffic" && e.Ms < 60_000)));
        Assert.Equal((20.0, 10.0), Bulk(events.Last(e => e.Kind == "backbone.traffic")));
        // "dst 172.16.1.0/24 port 443": the front-ends' requests to dc2 are dropped, the replication is not.
        (events, _) = await RunWithInstalls(Small("parameters: { dc_replication_gbps: 10 }"),
            (60_000, "dc2-dr1", [Rule("172.16.1.0/24", IpProtocol.Tcp, [WellKnownPort.Https])]));
        var last = events.Last(e => e.Kind == "backbone.traffic");
        Assert.Equal((20.0, 20.0), Bulk(last));
        Assert.True(Traffic(last).Filtered > 0 && Traffic(last).LostAt == "dc2-dr1", last.DataJson);
    }

    [Fact]
    public async Task A_udp_53_discard_at_the_entry_routers_blackholes_the_resolvers_queries_and_a_tcp_53_rule_does_not()
    {
        // The eu ISP's resolvers' queries to 192.0.2.0/24 enter at p2's edge routers. Both install "dst 192.0.2.0/24
        // proto udp port 53: discard" at 60 s; the data plane hears a lookahead (10 ms) later and works the catchment out at
        // once: the queries are dropped silently where they enter, so the resolvers time out (blackholed). The na
        // ISP's resolvers enter at p1 and are still answered.
        var udp = Rule("192.0.2.0/24", IpProtocol.Udp, [WellKnownPort.Dns]);
        var scenario = Small();
        var (events, _) = await RunWithInstalls(scenario, (60_000, "p2-er1", [udp]), (60_000, "p2-er2", [udp]));
        var blackholed = Assert.Single(events, e => e.Kind == "anycast.catchment" && e.Ms >= 60_000);
        Assert.Equal((60_000 + scenario.LookaheadMs, "blackholed", "as3320-resolvers"), (blackholed.Ms, blackholed.Field("fate"), blackholed.Field("resolvers")));
        // DNS over TCP is another protocol: the same rule for TCP leaves the queries (UDP) alone.
        var tcp = Rule("192.0.2.0/24", IpProtocol.Tcp, [WellKnownPort.Dns]);
        (events, _) = await RunWithInstalls(Small(), (60_000, "p2-er1", [tcp]), (60_000, "p2-er2", [tcp]));
        Assert.DoesNotContain(events, e => e.Kind == "anycast.catchment" && e.Ms >= 60_000);
    }

    [Fact]
    public async Task A_rule_discarding_pings_to_a_border_router_fails_the_front_ends_checks_while_the_users_traffic_still_arrives()
    {
        // The front-ends' health checks ping dc1's border router from every gateway (ICMP echo to its loopback). At 60 s
        // dc1-dr1 installs "dst 10.0.0.0/8 proto icmp: discard": the probes die as they arrive there, HTTPS does not.
        // The data plane hears at 60 010 and carries a traffic_step later (60 110); the cohorts hear a hop later
        // (60 120). The checks run every 2 s: the third after that (66 000) marks dc1 down in both cohorts, as the
        // filter on all data does (FrontEndDataPlaneTests), but here not one Gb/s was lost before the failover.
        var (events, _) = await RunWithInstalls(Small(placement: "global"), (60_000, "dc1-dr1", [Rule("10.0.0.0/8", IpProtocol.Icmp)]));
        var failovers = events.Where(e => e.Kind == "frontend.failover").ToList();
        Assert.Equal([(66_000L, "dc1"), (66_000L, "dc1")], failovers.Select(f => (f.Ms, f.Field("down"))));
        Assert.DoesNotContain(events, e => e.Kind == "backbone.traffic" && e.Ms is >= 60_000 and <= 66_000);
        Assert.All(TrafficFrom(events, 0), t => Assert.Equal(0, t.Filtered));
    }

    [Fact]
    public async Task With_frontend_catchment_bgp_an_https_discard_at_the_entry_routers_leaves_the_users_no_front_end_and_a_dns_rule_does_not()
    {
        // DTAG's users enter at p2 on their way to the front-ends' prefix 203.0.113.0/24 (FrontEndCatchmentTests). p2's
        // edge routers install "dst 203.0.113.0/24 proto tcp port 443: discard" at 60 s: heard a lookahead later, the
        // users' requests are dropped where they enter, as at a dark router: blackholed, no gateway.
        var https = Rule("203.0.113.0/24", IpProtocol.Tcp, [WellKnownPort.Https]);
        var (events, _) = await RunWithInstalls(FrontEndsByBgp(), (60_000, "p2-er1", [https]), (60_000, "p2-er2", [https]));
        var entry = Assert.Single(events, e => e.Kind == "anycast.frontend_catchment" && e.Ms >= 60_000);
        Assert.Equal((60_010L, "blackholed", null, "as3320-users"), (entry.Ms, entry.Field("fate"), entry.Field("gateway"), entry.Field("cohorts")));
        // UDP to port 53 of that prefix is not what users send there.
        var dns = Rule("203.0.113.0/24", IpProtocol.Udp, [WellKnownPort.Dns]);
        (events, _) = await RunWithInstalls(FrontEndsByBgp(), (60_000, "p2-er1", [dns]), (60_000, "p2-er2", [dns]));
        Assert.DoesNotContain(events, e => e.Kind == "anycast.frontend_catchment" && e.Ms >= 60_000);
    }

    private static ScenarioDefinition FrontEndsByBgp()
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", TempScenario.SmallTopology.Replace("operator: { name: Example, asn: 64500 }",
            "operator: { name: Example, asn: 64500, prefixes: [203.0.113.0/24] }") + """

            services:
              - { name: example.com, ttl: 300s }
            users: { eu: 20000000, na: 20000000 }
            frontend_catchment: bgp
            """);
        return ScenarioLoader.Load(t.Write("s.yaml", TempScenario.Scenario("", extra: "parameters: { internal_tools_gbps: 0 }")
            .Replace("duration: 1h", "duration: 2m")));
    }

    // ---- the catchment's entry rule, by hand ---------------------------------------------------------------------------

    [Fact]
    public void An_entry_router_whose_rules_discard_the_queries_blackholes_them_and_taking_the_rules_off_answers_again()
    {
        // AS 10's queries to 192.0.2.0/24 go through AS 11 to router 2, whose DNS server 200 answers.
        const string prefix = "192.0.2.0/24";
        var c = new AnycastCatchment(new Dictionary<(int, string), int> { [(10, prefix)] = 11, [(11, prefix)] = 2 }, [10, 11],
            [(100, [1], [prefix]), (200, [2], [prefix])], [(50, 10)], [prefix], ["example.com"]);
        var table = new FlowspecTable();
        EntryDrops drops = (router, p, kind) => table.Action(router, kind == AnycastTraffic.Dns
            ? PacketSignature.Dns(Prefix.Parse(p)) : PacketSignature.Https(Prefix.Parse(p))) == FlowspecTable.Discard;
        Assert.Equal((AnycastFate.Answered, 200), c.Follow(10, prefix, drops));
        table.Install(2, [Rule(prefix, IpProtocol.Udp, [WellKnownPort.Dns])]);
        Assert.Equal((AnycastFate.Blackholed, -1), c.Follow(10, prefix, drops));
        table.Install(2, [Rule(prefix, IpProtocol.Udp, [WellKnownPort.Dns], rate: 1)]); // a rate is no discard
        Assert.Equal((AnycastFate.Answered, 200), c.Follow(10, prefix, drops));
        table.Install(2, []);
        Assert.Equal((AnycastFate.Answered, 200), c.Follow(10, prefix, drops));
    }

    // ---- a policer beside the links -------------------------------------------------------------------------------------

    [Fact]
    public void A_policer_cuts_every_class_by_the_same_share_and_is_offered_what_got_through_the_link_before_it()
    {
        // Policer -1 at 6 Gb/s: 6 interactive and 6 bulk arrive, 12 in all; each class keeps half (a link would serve
        // the interactive first). Behind a link (7) of 8 Gb/s that carries 8 of 12 of the same two flows (interactive
        // 6, bulk 2), the policer is offered 8 and keeps 6/8 of each.
        Func<Func<int, double>?, IReadOnlyList<LinkUse>> Chain(params int[] ids) => carried =>
        {
            var uses = new List<LinkUse>();
            var share = 1.0;
            foreach (var id in ids) { uses.Add(new LinkUse(id, share)); share *= carried?.Invoke(id) ?? 1; }
            return uses;
        };
        var (passes, _) = StrictPriorityLinks.Settle([(6, TrafficClass.Interactive, Chain(-1)), (6, TrafficClass.Bulk, Chain(-1))],
            id => id < 0 ? 6 : 100, _ => false);
        Assert.Equal(0.5, passes[(-1, TrafficClass.Interactive)], 9);
        Assert.Equal(0.5, passes[(-1, TrafficClass.Bulk)], 9);
        (passes, _) = StrictPriorityLinks.Settle([(6, TrafficClass.Interactive, Chain(7, -1)), (6, TrafficClass.Bulk, Chain(7, -1))],
            id => id < 0 ? 6 : 8, _ => false);
        Assert.False(passes.ContainsKey((7, TrafficClass.Interactive)));
        Assert.Equal(2.0 / 6, passes[(7, TrafficClass.Bulk)], 9);
        Assert.Equal(6.0 / 8, passes[(-1, TrafficClass.Interactive)], 9);
        Assert.Equal(6.0 / 8, passes[(-1, TrafficClass.Bulk)], 9);
    }

    // ---- driving it -----------------------------------------------------------------------------------------------------

    /// <summary>Runs a scenario in memory, with the named routers sending <see cref="FlowspecInstall"/> (in RFC 8955's
    /// order) to the data plane at the given times.</summary>
    private static async Task<(List<LoggedEvent> Events, SimulationFactory Factory)> RunWithInstalls(ScenarioDefinition scenario,
        params (long Ms, string Router, FlowspecRule[] Rules)[] installs)
    {
        var factory = new SimulationFactory(scenario);
        var names = factory.NodeNames;
        foreach (var (_, router, _) in installs) Assert.Contains(router, names);
        var hosts = Enumerable.Range(0, factory.NodeCount).Select(node =>
        {
            var mine = installs.Where(i => i.Router == names[node]).Select(i => (i.Ms, i.Rules)).ToArray();
            return mine.Length == 0 ? factory.CreateHost(node)
                : new NodeHost(node, names[node], new InstallingRouter(factory.CreateModel(node), scenario.Topology.TrafficNode, mine),
                    scenario.LookaheadMs, DeterministicRandom.ForNode(scenario.Seed, names[node]));
        }).ToArray();
        var sink = new RingNetwork.ListSink();
        await using var driver = new CoordinatorDriver(s => new SimulationCoordinator(names, new InMemoryExecutor(hosts), scenario.LookaheadMs,
            scenario.DurationMs, s, ScenarioWatcher.For(factory)));
        await driver.RunToEndAsync(sink, scenario.DurationMs);
        return (sink.Events, factory);
    }

    /// <summary>A router whose control plane programs the given rules into its hardware at the given times.</summary>
    private sealed class InstallingRouter(INodeModel router, int dataPlane, (long Ms, FlowspecRule[] Rules)[] installs) : INodeModel
    {
        private sealed record Program(FlowspecRule[] Rules);

        public void Start(NodeContext ctx)
        {
            router.Start(ctx);
            foreach (var (ms, rules) in installs) ctx.SetTimer(ms, new Program(rules), ctx.CurrentCause);
        }

        public void Handle(NodeContext ctx, SimMessage message)
        {
            if (message.Payload is Program program)
                ctx.Send(dataPlane, Math.Max(ctx.Lookahead, 1), new FlowspecInstall { Rules = FlowspecRules.InOrder(program.Rules) }, ctx.CurrentCause);
            else router.Handle(ctx, message);
        }
    }
}
