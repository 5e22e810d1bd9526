using BackboneSim.Model.DataPlane;
using BackboneSim.Model.Nodes;
using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Tests;

/// <summary>
/// The data centers' prefixes in the FIB: the address plan, the rule a router's entry follows (the site's nearest
/// border routers, or the BGP exit), and traffic carried by those entries, resolved recursively over the loopback
/// routes (hand-built FIBs on the network of <see cref="ServerRouteSteeringTests"/>: e1 - b1, b1 - d1, b1 - d2).
/// </summary>
public class DataCenterPrefixesTests
{
    private const int E1 = ServerRouteSteeringTests.E1, B1 = ServerRouteSteeringTests.B1, D1 = ServerRouteSteeringTests.D1, D2 = ServerRouteSteeringTests.D2;
    private static readonly NetworkTopology Topology = ServerRouteSteeringTests.Scenario([]).Topology;
    private static readonly DataCenterPrefixes Prefixes = new(Topology);

    [Fact]
    public void Each_data_center_site_has_a_slash_24_out_of_172_16_0_0_slash_12_by_its_index()
    {
        Assert.Equal(["dc1", "dc2"], Prefixes.Sites);
        Assert.Equal([Prefix.Parse("172.16.0.0/24"), Prefix.Parse("172.16.1.0/24")], Prefixes.Prefixes);
        Assert.Equal(Prefix.Parse("172.17.1.0/24"), DataCenterPrefixes.PrefixOf(257));
        Assert.Throws<ArgumentOutOfRangeException>(() => DataCenterPrefixes.PrefixOf(4096));
        Assert.Equal(-1, Prefixes.IndexOf("pop"));
        Assert.True(Prefixes.Owns(0, D1));
        Assert.False(Prefixes.Owns(0, D2));
    }

    [Fact]
    public void An_entry_names_the_nearest_border_routers_or_the_reachable_bgp_exit()
    {
        // e1's IGP distances by router ordinal (e1, b1, d1, d2): d1 at 20, d2 at 60.
        double[] dist = [0, 10, 20, 60];
        Assert.Equal([[D1], [D2]], Prefixes.Entries(E1, dist, egress: -1));
        // A preferred server route via d2: every data-center prefix is sent to d2, which looks it up again.
        Assert.Equal([[D2], [D2]], Prefixes.Entries(E1, dist, egress: D2));
        // An exit the IGP cannot reach is unusable: the nearest border routers again; and no route where none is reached.
        Assert.Equal([[D1], []], Prefixes.Entries(E1, [0, 10, 20, double.PositiveInfinity], egress: D2));
        // A border router needs no entry for its own site.
        Assert.Equal([[], [D2]], Prefixes.Entries(D1, [20, 10, 0, 60], egress: -1));
    }

    /// <summary>Loopback FIBs of the line network: every router reaches every other over the links that join them.</summary>
    private static Dictionary<int, Fib> LoopbackFibs()
    {
        // Links: 0 e1-b1, 1 b1-d1, 2 b1-d2 (as in the topology).
        var towards = new Dictionary<int, Dictionary<int, NextHop>>
        {
            [E1] = new() { [B1] = new(0, B1), [D1] = new(0, B1), [D2] = new(0, B1) },
            [B1] = new() { [E1] = new(0, E1), [D1] = new(1, D1), [D2] = new(2, D2) },
            [D1] = new() { [E1] = new(1, B1), [B1] = new(1, B1), [D2] = new(1, B1) },
            [D2] = new() { [E1] = new(2, B1), [B1] = new(2, B1), [D1] = new(2, B1) },
        };
        return towards.ToDictionary(kv => kv.Key, kv =>
        {
            var fib = new Fib(failStaticMs: 500_000);
            fib.Write(kv.Value.Select(t => new FibWrite(Loopbacks.Of(t.Key - Topology.FirstRouterNode), [t.Value])));
            return fib;
        });
    }

    private static FlowPath Walk(Dictionary<int, int[]> dc1Routes) =>
        FrontEndWalk.Walk(new FlowReport { Gbps = 1, Ingress = [E1], DataCenter = "dc1" }, Prefixes.IndexOf("dc1"), Prefixes, Topology.FirstRouterNode,
            r => LoopbackFibs().GetValueOrDefault(r), (router, site) => site == 0 ? dc1Routes.GetValueOrDefault(router) ?? [] : [], null);

    [Fact]
    public void Traffic_to_an_exit_is_looked_up_again_there_and_carried_on_to_the_data_center()
    {
        // e1 sends dc1's prefix to the exit d2 (on d2's loopback: e1 > b1 > d2); d2 sends it to d1 (d2 > b1 > d1).
        var path = Walk(new() { [E1] = [D2], [D2] = [D1] });
        Assert.Equal(1, path.Delivered, 12);
        var links = path.Links.ToDictionary(u => u.Link, u => u.Share);
        Assert.Equal(new Dictionary<int, double>
        {
            [FlowWalk.Directed(0, E1, B1)] = 1, [FlowWalk.Directed(2, B1, D2)] = 1, [FlowWalk.Directed(2, D2, B1)] = 1, [FlowWalk.Directed(1, B1, D1)] = 1,
        }, links);
    }

    [Fact]
    public void An_exit_without_an_entry_drops_the_traffic_and_exits_that_point_at_each_other_loop()
    {
        var dropped = Walk(new() { [E1] = [D2] });
        Assert.Equal(1, dropped.Blackholed, 12);
        Assert.Equal(new Dictionary<int, double> { [D2] = 1 }, dropped.DroppedAt);

        var looping = Walk(new() { [E1] = [D2], [D2] = [E1] });
        Assert.Equal(0, looping.Delivered);
        Assert.Equal(1, looping.Looped, 12);
        // Every lookup sent it across e1 > b1 > d2 or back: each direction carried it MaxLookups ÷ 2 times.
        Assert.Equal(FrontEndWalk.MaxLookups / 2, looping.Links.Single(u => u.Link == FlowWalk.Directed(0, E1, B1)).Share, 12);
    }

    [Fact]
    public void An_entry_split_over_two_border_routers_sends_each_half()
    {
        // b1 as the ingress with dc1's prefix on both d1 and d2 (as if d2 were dc1's too): half each way, half delivered
        // at d1 and half dropped at d2, which has no entry and does not own dc1.
        var path = FrontEndWalk.Walk(new FlowReport { Gbps = 1, Ingress = [B1], DataCenter = "dc1" }, 0, Prefixes, Topology.FirstRouterNode,
            r => LoopbackFibs().GetValueOrDefault(r), (router, _) => router == B1 ? [D1, D2] : [], null);
        Assert.Equal(0.5, path.Delivered, 12);
        Assert.Equal(0.5, path.Blackholed, 12);
    }
}
