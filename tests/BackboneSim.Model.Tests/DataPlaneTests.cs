using BackboneSim.Engine;
using BackboneSim.Model.DataPlane;
using BackboneSim.Model.Nodes;
using BackboneSim.Model.Scenario;
using BackboneSim.Model.Topology;
using BackboneSim.Scenarios.Actions;

namespace BackboneSim.Model.Tests;

/// <summary>
/// The data plane on small networks, with hand-computed times: FIBs programmed from SPF trees, local repair,
/// fail-static, and the transient blackholes and loops of reconvergence.
/// </summary>
public class DataPlaneTests
{
    // ---- SPF first hops -------------------------------------------------------------------------------------

    private static Lsa L(int origin, int[] neighbours, int[]? metrics = null, bool overload = false) => new()
        { Origin = origin, Sequence = 1, Neighbors = neighbours, Metrics = metrics ?? neighbours.Select(_ => 10).ToArray(), Overload = overload };

    private static RouterInterface If(int link, int peer, int metric = 10) => new(link, $"l{link}", LinkKinds.Backbone, peer, metric, 1);

    [Fact]
    public void First_hops_are_every_equal_cost_way_out_including_parallel_links()
    {
        // r0 -> {r1, r2} -> r3; r0 and r2 have two parallel links (interfaces 1 and 2).
        var lsdb = new Lsa?[] { L(0, [1, 2, 2]), L(1, [0, 3]), L(2, [0, 0, 3]), L(3, [1, 2]) };
        var tree = SpfTree.Compute(lsdb, 0, 0, [If(0, 1), If(1, 2), If(2, 2)], maxPaths: 64);
        Assert.Equal([new NextHop(0, 1)], tree.FirstHops(1));
        Assert.Equal([new NextHop(1, 2), new NextHop(2, 2)], tree.FirstHops(2));
        Assert.Equal([new NextHop(0, 1), new NextHop(1, 2), new NextHop(2, 2)], tree.FirstHops(3));
        Assert.Empty(tree.FirstHops(0));
        Assert.Equal(20, tree.Distances[3]);
        // ECMP width 2 keeps the lowest two.
        Assert.Equal([new NextHop(0, 1), new NextHop(1, 2)], SpfTree.Compute(lsdb, 0, 0, [If(0, 1), If(1, 2), If(2, 2)], maxPaths: 2).FirstHops(3));
    }

    [Fact]
    public void An_overloaded_router_is_reached_but_not_crossed_and_a_down_interface_is_no_first_hop()
    {
        // r0 - r1 - r2 and r0 - r2 at metric 30; r1 sets the overload bit, so r2 is reached over the direct link.
        var lsdb = new Lsa?[] { L(0, [1, 2], [10, 30]), L(1, [0, 2], overload: true), L(2, [1, 0], [10, 30]) };
        var tree = SpfTree.Compute(lsdb, 0, 0, [If(0, 1), If(1, 2, 30)], maxPaths: 64);
        Assert.Equal([new NextHop(0, 1)], tree.FirstHops(1));
        Assert.Equal([new NextHop(1, 2)], tree.FirstHops(2));
        // The interface to r1 is down though the LSA still lists it (not yet reoriginated): r1 has no first hop.
        var down = If(0, 1);
        down.AdjacencyUp = false;
        Assert.Empty(SpfTree.Compute(lsdb, 0, 0, [down, If(1, 2, 30)], maxPaths: 64).FirstHops(1));
    }

    [Fact]
    public void Spf_distances_equal_quikgraphs_dijkstra_with_the_two_way_check_and_overload()
    {
        // Random databases of 60 routers: one-way listings (a half-withdrawn link), overloaded routers, metrics 1-1000.
        var random = new Random(11);
        for (var round = 0; round < 20; round++)
        {
            const int n = 60, first = 3;
            var neighbours = Enumerable.Range(0, n).Select(_ => new List<(int, int)>()).ToArray();
            for (var k = 0; k < 150; k++)
            {
                int a = random.Next(n), b = random.Next(n);
                if (a == b) continue;
                int metric = random.Next(1, 1001), back = random.Next(10) == 0 ? -1 : random.Next(1, 1001);
                neighbours[a].Add((b + first, metric));
                if (back > 0) neighbours[b].Add((a + first, back));
            }
            var lsdb = Enumerable.Range(0, n).Select(u => random.Next(15) == 0 ? null : (Lsa?)new Lsa
            {
                Origin = u + first, Sequence = 1, Overload = random.Next(8) == 0,
                Neighbors = neighbours[u].Select(x => x.Item1).ToArray(), Metrics = neighbours[u].Select(x => x.Item2).ToArray(),
            }).ToArray();
            var root = Enumerable.Range(0, n).First(u => lsdb[u] is not null);
            Assert.Equal(QuikGraphDistances(lsdb, first, root), ShortestPathFirst.Distances(lsdb, first, root));
        }
    }

    /// <summary>The reference: QuikGraph's Dijkstra over the same edges (two-way, none out of an overloaded router but the root).</summary>
    private static double[] QuikGraphDistances(Lsa?[] lsdb, int first, int root)
    {
        var graph = new QuikGraph.AdjacencyGraph<int, QuikGraph.TaggedEdge<int, int>>(allowParallelEdges: true);
        for (var i = 0; i < lsdb.Length; i++) graph.AddVertex(i);
        for (var u = 0; u < lsdb.Length; u++)
        {
            if (lsdb[u] is not { } lsa || (lsa.Overload && u != root)) continue;
            foreach (var (v, metric) in ShortestPathFirst.TwoWayNeighbors(lsdb, first, u)) graph.AddEdge(new QuikGraph.TaggedEdge<int, int>(u, v, metric));
        }
        var dijkstra = new QuikGraph.Algorithms.ShortestPath.DijkstraShortestPathAlgorithm<int, QuikGraph.TaggedEdge<int, int>>(graph, e => e.Tag);
        dijkstra.Compute(root);
        return Enumerable.Range(0, lsdb.Length).Select(i => dijkstra.TryGetDistance(i, out var d) && d < double.MaxValue ? d : double.PositiveInfinity).ToArray();
    }

    [Theory]
    [InlineData(64)]
    [InlineData(2)]
    public void Start_routes_worked_out_per_destination_are_the_first_hops_each_routers_own_spf_gives(int maxPaths)
    {
        // A random network of 40 routers with parallel links, uneven metrics, overloaded routers and interfaces whose
        // adjacency is down though the LSDB lists them: every router's SPF and the per-destination reverse SPF agree.
        var random = new Random(7);
        const int n = 40, first = 5;
        var links = new List<(int A, int B, int Metric)>();
        for (var v = 1; v < n; v++) links.Add((random.Next(v), v, 10 * random.Next(1, 4)));
        for (var k = 0; k < 50; k++)
        {
            int a = random.Next(n), b = random.Next(n);
            if (a != b) links.Add((a, b, 10 * random.Next(1, 4)));
        }
        for (var k = 0; k < 6; k++) links.Add(links[random.Next(links.Count)]); // parallel links, same metric
        var interfaces = Enumerable.Range(0, n).Select(_ => new List<RouterInterface>()).ToArray();
        for (var l = 0; l < links.Count; l++)
        {
            var (a, b, metric) = links[l];
            interfaces[a].Add(new RouterInterface(l, $"l{l}", LinkKinds.Backbone, b + first, metric, 1) { AdjacencyUp = random.Next(12) > 0 });
            interfaces[b].Add(new RouterInterface(l, $"l{l}", LinkKinds.Backbone, a + first, metric, 1) { AdjacencyUp = random.Next(12) > 0 });
        }
        var lsdb = Enumerable.Range(0, n).Select(u => (Lsa?)new Lsa
        {
            Origin = u + first, Sequence = 1, Overload = u % 9 == 4,
            Neighbors = interfaces[u].Select(i => i.Peer).ToArray(), Metrics = interfaces[u].Select(i => i.Metric).ToArray(),
        }).ToArray();
        var start = new StartRoutes(lsdb, first, node => interfaces[node - first], maxPaths);
        var compared = 0;
        for (var router = 0; router < n; router++)
        {
            var tree = SpfTree.Compute(lsdb, first, router, interfaces[router], maxPaths);
            for (var destination = 0; destination < n; destination++, compared++)
                Assert.True(tree.FirstHops(destination).SequenceEqual(start.FirstHops(router, destination) ?? []),
                    $"r{router} to r{destination}: SPF [{string.Join(", ", tree.FirstHops(destination))}], per destination [{string.Join(", ", start.FirstHops(router, destination) ?? [])}]");
        }
        Assert.Equal(n * n, compared);
        Assert.Contains(Enumerable.Range(1, n - 1), d => start.FirstHops(0, d) is { Length: > 1 }); // ECMP is exercised
    }

    [Fact]
    public void Loopbacks_number_routers_from_10_0_0_1()
    {
        Assert.Equal("10.0.0.1/32", Loopbacks.Of(0).ToString());
        Assert.Equal("10.0.1.0/32", Loopbacks.Of(255).ToString());
        Assert.Equal(255, Loopbacks.OrdinalOf(Prefix.Parse("10.0.1.0/32")));
        Assert.Equal(-1, Loopbacks.OrdinalOf(Prefix.Parse("10.0.1.0/24")));
        Assert.Equal(-1, Loopbacks.OrdinalOf(Prefix.Parse("192.0.2.1/32")));
    }

    // ---- the FIB's own rules --------------------------------------------------------------------------------

    [Fact]
    public void A_fib_repairs_locally_goes_stale_drops_a_dead_lifes_batches_and_is_rewritten_by_a_full_batch()
    {
        var lsdb = new Lsa?[] { L(0, [1, 2, 2]), L(1, [0, 3]), L(2, [0, 0, 3]), L(3, [1, 2]) };
        var fib = new RouterFib(0, SpfTree.Compute(lsdb, 0, 0, [If(0, 1), If(1, 2), If(2, 2)], 64));
        Assert.Equal(3, fib.Count);
        // Interface 0 goes dark: r1's entry is removed, r3's keeps its other two next hops.
        Assert.Equal(2, fib.LocalRepair(0));
        Assert.Null(fib.Lookup(Loopbacks.Of(1)));
        Assert.Equal([new NextHop(1, 2), new NextHop(2, 2)], fib.Lookup(Loopbacks.Of(3))!.NextHops);
        // The control plane dies: entries stay, stale; a batch the dead life computed is dropped.
        Assert.Equal(2, fib.GoStale(epoch: 1));
        Assert.True(fib.Lookup(Loopbacks.Of(3))!.Stale);
        Assert.Equal(-1, fib.Program(new FibUpdate { Epoch = 0, Ordinals = [3], SetNumbers = [0] }));
        // Back in life 1: its first batch rewrites the table and clears the stale mark (an entry rewritten with the
        // same next hops changes too: it is no longer stale).
        fib.ControlPlaneBack(1);
        Assert.Equal(3, fib.Program(new FibUpdate { Epoch = 1, Ordinals = [1, 2, 3], SetNumbers = [1, 2, 0], Sets = [[new NextHop(0, 1)], [new NextHop(1, 2)]], Full = true }));
        Assert.False(fib.Lookup(Loopbacks.Of(2))!.Stale);
        Assert.Null(fib.Lookup(Loopbacks.Of(3)));
        Assert.Equal(2, fib.Flush());
    }

    // ---- on a running network ---------------------------------------------------------------------------------

    /// <summary>
    /// e (edge, the users' gateway) - a - d (data-center border), 1 ms links, metric 10 each, and a detour a - b - d:
    /// a-b and b-d are 150 ms long, a-b with metric 10 and b-d with metric 100, so b reaches d through a while a-d is up. 1.6 Gbps of
    /// front-end traffic from e to d.
    /// </summary>
    internal const int E = 1, A = 2, B = 3, D = 4, Resolver = 5, Users = 6, Traffic = 7, Responders = 8;

    internal static ScenarioDefinition Square(Action<ModelParameters>? tune, params TimelineAction[] timeline)
    {
        string[] names = ["scenario", "e", "a", "b", "d", "res", "users", "backbone", "responders"];
        LinkSpec Link(int i, int x, int y, double ms, int metric) => new(i, $"{names[x]}~{names[y]}", x, y, LinkKinds.Backbone, ms, 100, metric);
        var topology = new NetworkTopology
        {
            OperatorName = "Op", OperatorAsn = 64500,
            Sites = [new Site("pop", SiteKind.Pop, "P", 0, 0, "eu"), new Site("hub", SiteKind.Hub, "H", 0, 1, "eu"), new Site("hub2", SiteKind.Hub, "H2", 1, 1, "eu"),
                new Site("dc", SiteKind.DataCenter, "D", 0, 2, "eu")],
            Routers = [new RouterSpec(E, "e", RouterRole.Edge, "pop", "eu"), new RouterSpec(A, "a", RouterRole.Backbone, "hub", "eu"),
                new RouterSpec(B, "b", RouterRole.Backbone, "hub2", "eu"), new RouterSpec(D, "d", RouterRole.DataCenterBorder, "dc", "eu")],
            Links = [Link(0, E, A, 1, 10), Link(1, A, D, 1, 10), Link(2, A, B, 150, 10), Link(3, B, D, 150, 100)],
            DnsServers = [], ExternalAses = [], Peerings = [], AsLinks = [],
            Services = [new ServiceSpec("app", 300_000, 1, false, [])],
            Resolvers = [new ResolverSpec(Resolver, "res", -1, false, false, 1)],
            Clients = [new ClientCohortSpec(Users, "users", -1, "eu", 1_600, [(Resolver, 1.0)], [E])],
            NodeNames = names, TrafficNode = Traffic, ResponderNode = Responders,
        };
        var parameters = new ModelParameters { PushBaseMs = 1_000, PushSpreadMs = 0, ActiveUserFraction = 1, MbpsPerActiveUser = 1, BackboneTrafficShare = 1 };
        tune?.Invoke(parameters);
        return new ScenarioDefinition
        {
            Name = "square", Title = "square", SourceFile = "square.yaml", Seed = 3, Start = DateTimeOffset.UnixEpoch, DurationMs = 60_000,
            LookaheadMs = 1, Topology = topology, Timeline = timeline, Parameters = parameters,
        };
    }

    private static FailAction Fail(string name, long atMs, FailureSpec spec) =>
        new(0, name, atMs, new SourceLocation("square.yaml", 3, 3), spec.Nodes, name, spec);

    internal static (long Ms, double Delivered, double NoRoute, double Loop)[] Carried(List<LoggedEvent> events, long fromMs) =>
        events.Where(e => e.Kind == "backbone.traffic" && e.Ms >= fromMs).Select(e =>
        {
            using var json = System.Text.Json.JsonDocument.Parse(e.DataJson);
            double Get(string key) => json.RootElement.GetProperty(key).GetDouble();
            return (e.Ms, Get("delivered_gbps"), Get("lost_no_route_gbps"), Get("lost_loop_gbps"));
        }).ToArray();

    [Fact]
    public async Task Inconsistent_fibs_while_reconverging_blackhole_then_loop_then_deliver()
    {
        // a-d is cut at 10 s. The line cards see it at 10 150 (carrier_loss_detect): local repair leaves a with no
        // entry for d, so e's traffic is dropped at a (the data plane hears a lookahead later, 10 151, and carries the
        // traffic anew a traffic_step later: 10 251). a's LSA goes out at 10 200, its SPF runs at 10 400 and the
        // batch (d now via b) is programmed at 10 411, so from 10 511 a sends d's traffic to b; b still sends it back
        // to a: a loop, until b programs. b hears of the cut from a's and d's LSAs, both after a 150 ms link (10 350),
        // runs SPF at 10 550 and programs at 10 561; from 10 661 the traffic is delivered over a-b-d.
        var cut = Fail("cut", 10_000, new FailureSpec(FailureSpec.Links, 0) { CutLinks = [Square(null).Topology.Links[1]] });
        var (events, _) = await RingNetwork.RunAsync(Square(null, cut));
        Assert.Equal(10_151, events.Single(e => e.Kind == "fib.local_repair" && e.Subject == "a").Ms);
        var traffic = Carried(events, 10_000);
        Assert.Equal((10_251L, 0, 1.6, 0), traffic[0]);
        Assert.Contains("\"most_lost_at\":\"a\"", events.First(e => e.Kind == "backbone.traffic" && e.Ms == 10_251).DataJson); // a has no entry
        Assert.Equal(10_511L, traffic[1].Ms);
        Assert.True(traffic[1].Loop == 1.6, events.First(e => e.Kind == "backbone.traffic" && e.Ms == 10_511).DataJson);
        Assert.Equal((10_661L, 1.6, 0, 0), traffic[2]);
        Assert.Equal(3, traffic.Length);
        // The loop loads a~b with the traffic once per pass until the TTL (64) runs out.
        var looping = events.First(e => e.Kind == "link.utilisation" && e.Subject == "a~b" && e.Ms == 10_511);
        Assert.True(looping.Value > 0.3, $"a~b carried {looping.Value} of its capacity while looping");
    }

    [Fact]
    public async Task A_router_whose_control_plane_dies_forwards_on_stale_entries_until_its_neighbours_drop_it()
    {
        // a's control plane dies at 10 s for good (the failure reaches it a lookahead later, 10 001). Its FIB goes
        // stale (the data plane hears it at 10 002) and keeps forwarding; e and d hear nothing from a and drop their
        // adjacencies when igp_hold (30 s) runs out, at 40 001. e's LSA goes out at 40 051 and its SPF runs at 40 251:
        // e's control plane sees no data center any more, so its front-ends stop sending (the data plane hears it a
        // hop later, 40 252, and carries nothing from 40 352). Until then every packet was delivered through a's
        // stale FIB.
        var loss = Fail("cp", 10_000, new FailureSpec(FailureSpec.ControlPlane, 0) { RouterNodes = [A], Restart = false });
        var (events, _) = await RingNetwork.RunAsync(Square(null, loss));
        Assert.Equal(10_002, events.Single(e => e.Kind == "fib.fail_static" && e.Subject == "a").Ms);
        var traffic = Carried(events, 10_000);
        Assert.Equal((40_352L, 0, 0, 0), Assert.Single(traffic));
        Assert.DoesNotContain(events, e => e.Kind == "fib.flushed");
    }

    [Fact]
    public async Task Stale_entries_are_flushed_when_the_fail_static_time_runs_out_first()
    {
        // With fib_fail_static 5 s, a flushes at 15 002 and drops the traffic itself from 15 102, long before its
        // neighbours give up on it (40 001).
        var loss = Fail("cp", 10_000, new FailureSpec(FailureSpec.ControlPlane, 0) { RouterNodes = [A], Restart = false });
        var (events, _) = await RingNetwork.RunAsync(Square(p => p.FibFailStaticMs = 5_000, loss));
        Assert.Equal(15_002, events.Single(e => e.Kind == "fib.flushed" && e.Subject == "a").Ms);
        Assert.Equal((15_102L, 0, 1.6, 0), Carried(events, 10_000)[0]);
    }
    [Fact]
    public async Task An_acl_on_data_traffic_cuts_the_users_off_while_the_control_plane_sees_nothing_wrong()
    {
        // A push at 10 s puts an ACL denying data on d's end of a~d; it reaches d at 11 000 (push_base 1 s). The data
        // plane hears of it a lookahead later (11 001) and carries the traffic anew a traffic_step later (11 101):
        // all 1.6 Gbps is discarded at d. The routing protocols pass the ACL, so no adjacency drops, no LSA goes out
        // and SPF never moves the traffic to the detour: the gateway hears that nothing arrives once the loss has
        // lasted delivery_hold (1 s), and the users lose the service.
        var push = new PushAction(0, "bad-acl", 10_000, new SourceLocation("square.yaml", 3, 3), [D], [], "acl")
            { Acl = [new AclEdit { Match = "a~d", DenyData = true }] };
        var (events, _) = await RingNetwork.RunAsync(Square(null, push));
        Assert.Equal(11_000, events.Single(e => e.Kind == "interface.acl" && e.Subject == "a~d").Ms);
        var traffic = events.Where(e => e.Kind == "backbone.traffic" && e.Ms >= 10_000).ToArray();
        var filtered = Assert.Single(traffic);
        Assert.Equal(11_101, filtered.Ms);
        using (var json = System.Text.Json.JsonDocument.Parse(filtered.DataJson))
        {
            Assert.Equal(0, json.RootElement.GetProperty("delivered_gbps").GetDouble());
            Assert.Equal(1.6, json.RootElement.GetProperty("lost_filtered_gbps").GetDouble());
            Assert.Equal(0, json.RootElement.GetProperty("lost_congestion_gbps").GetDouble());
            Assert.Equal("a~d", json.RootElement.GetProperty("most_lost_at").GetString()); // where it dies
        }
        Assert.DoesNotContain(events, e => e.Ms >= 10_000 && (e.Kind.StartsWith("igp.") || e.Kind.StartsWith("bgp.") || e.Kind == "fib.programmed"));
        var served = events.Where(e => e.Kind == "service.availability" && e.Subject == "app" && e.Ms >= 10_000).ToArray();
        Assert.True(served.Length > 0 && served[0].Ms >= 12_101 && served.Last().Value == 0,
            string.Join("; ", served.Select(e => $"{e.Ms}: {e.Value}")));
    }
}
