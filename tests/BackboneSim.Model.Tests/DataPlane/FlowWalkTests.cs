using BackboneSim.Model.DataPlane;

namespace BackboneSim.Model.Tests.DataPlane;

/// <summary>Forwarding an aggregate hop by hop over FIBs: delivery, ECMP shares, blackholes, loops and stale entries, by hand.</summary>
public class FlowWalkTests
{
    private static readonly Prefix Dest = Prefix.Parse("203.0.113.0/24");

    /// <summary>FIBs from (router, link, neighbour) rows: each router's entry for <see cref="Dest"/>.</summary>
    private static Dictionary<int, Fib> Fibs(params (int Router, int Link, int Neighbour)[] hops)
    {
        var fibs = new Dictionary<int, Fib>();
        foreach (var g in hops.GroupBy(h => h.Router))
        {
            var fib = new Fib(failStaticMs: 500_000);
            fib.Write([new FibWrite(Dest, g.Select(h => new NextHop(h.Link, h.Neighbour)).ToList())]);
            fibs[g.Key] = fib;
        }
        return fibs;
    }

    private static FlowPath Walk(Dictionary<int, Fib> fibs, int owner, int maxHops = 64, int ingress = 0)
        => FlowWalk.Walk(ingress, Dest, r => fibs.GetValueOrDefault(r) ?? new Fib(500_000), r => r == owner, maxHops);

    private static Dictionary<int, double> Links(FlowPath path) => path.Links.ToDictionary(u => u.Link, u => u.Share);

    [Fact]
    public void A_line_delivers_everything_over_each_link_once()
    {
        var path = Walk(Fibs((0, 10, 1), (1, 11, 2)), owner: 2);
        Assert.Equal(1, path.Delivered);
        Assert.Equal(new Dictionary<int, double> { [10] = 1, [11] = 1 }, Links(path));
        Assert.Equal(0, path.Blackholed + path.Looped);
    }

    [Fact]
    public void Ecmp_splits_a_diamond_in_half()
    {
        var path = Walk(Fibs((0, 1, 1), (0, 2, 2), (1, 3, 3), (2, 4, 3)), owner: 3);
        Assert.Equal(1, path.Delivered, 12);
        Assert.Equal(new Dictionary<int, double> { [1] = 0.5, [2] = 0.5, [3] = 0.5, [4] = 0.5 }, Links(path));
    }

    [Fact]
    public void A_router_without_an_entry_drops_its_share_and_says_so()
    {
        // Router 1 (one of two ECMP next hops of the ingress) has no route: half is blackholed there.
        var path = Walk(Fibs((0, 1, 1), (0, 2, 2), (2, 4, 3)), owner: 3);
        Assert.Equal(0.5, path.Delivered, 12);
        Assert.Equal(0.5, path.Blackholed, 12);
        Assert.Equal(new Dictionary<int, double> { [1] = 0.5 }, path.DroppedAt);
    }

    [Fact]
    public void A_dark_router_forwards_nothing()
    {
        var fibs = Fibs((0, 10, 1), (1, 11, 2));
        var path = FlowWalk.Walk(0, Dest, r => r == 1 ? null : fibs.GetValueOrDefault(r), r => r == 2, 64);
        Assert.Equal(1, path.Blackholed);
        Assert.Equal(new Dictionary<int, double> { [1] = 1 }, path.DroppedAt);
    }

    [Fact]
    public void Inconsistent_fibs_loop_until_the_hop_limit_and_load_the_loop_each_time_round()
    {
        // 0 sends to 1 over link 1, 1 sends back over link 2 (it still points at 0): with 8 hops the traffic crosses
        // link 1 at hops 0, 2, 4, 6 and link 2 at hops 1, 3, 5, 7, then its TTL expires.
        var path = Walk(Fibs((0, 1, 1), (1, 2, 0)), owner: 9, maxHops: 8);
        Assert.Equal(1, path.Looped);
        Assert.Equal(0, path.Delivered);
        Assert.Equal(new Dictionary<int, double> { [1] = 4, [2] = 4 }, Links(path));
    }

    [Fact]
    public void Traffic_through_a_stale_entry_is_counted_as_such()
    {
        var fibs = Fibs((0, 10, 1), (1, 11, 2));
        fibs[1].ControlPlaneDown(0); // router 1 keeps forwarding on what it had (fail-static)
        var path = Walk(fibs, owner: 2);
        Assert.Equal(1, path.Delivered);
        Assert.Equal(1, path.Stale);
    }

    [Fact]
    public void A_stale_entry_that_points_where_the_traffic_cannot_arrive_counts_what_is_lost_after_it()
    {
        // Router 1 went stale and still splits over 2 and 3; 3 has since lost its route: the half sent there is
        // blackholed after a stale entry. What router 0 sends itself into a router without a route would not be.
        var fibs = Fibs((0, 10, 1), (1, 11, 2), (1, 12, 3), (2, 13, 4));
        fibs[1].ControlPlaneDown(0);
        var path = Walk(fibs, owner: 4);
        Assert.Equal((0.5, 0.5, 0.5), (path.Delivered, path.Blackholed, path.StaleLost));
        Assert.Equal(0, Walk(Fibs((0, 10, 1)), owner: 4).StaleLost);
    }

    [Fact]
    public void Longest_prefix_match_decides_and_the_ingress_may_own_the_destination()
    {
        var fib = new Fib(500_000);
        fib.Write([new FibWrite(Prefix.Parse("0.0.0.0/0"), [new NextHop(5, 5)]), new FibWrite(Prefix.Parse("203.0.113.0/24"), [new NextHop(6, 6)])]);
        var path = FlowWalk.Walk(0, Dest, r => r == 0 ? fib : null, r => r == 6, 64);
        Assert.Equal(new Dictionary<int, double> { [6] = 1 }, Links(path));
        Assert.Equal(1, FlowWalk.Walk(0, Dest, _ => null, r => r == 0, 64).Delivered);
        Assert.Throws<ArgumentOutOfRangeException>(() => FlowWalk.Walk(0, Dest, _ => null, _ => false, 0));
    }
}
