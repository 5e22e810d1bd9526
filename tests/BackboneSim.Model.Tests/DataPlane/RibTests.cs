using BackboneSim.Model.DataPlane;

namespace BackboneSim.Model.Tests.DataPlane;

/// <summary>Best route by administrative distance then metric, ECMP and its cap, and the diff of each update.</summary>
public class RibTests
{
    private static readonly Prefix A = Prefix.Parse("10.1.0.0/16"), B = Prefix.Parse("10.2.0.0/16"), C = Prefix.Parse("2001:db8::/32");
    private static readonly NextHop H1 = new(1, 11), H2 = new(2, 12), H3 = new(3, 13), H4 = new(4, 14);

    private static RibRoute R(Prefix p, RouteSource s, long metric, params NextHop[] hops) => new(p, s, hops, metric);

    [Fact]
    public void Default_distances_are_FRRs()
    {
        Assert.Equal([0, 1, 20, 110, 115, 200],
            new[] { RouteSource.Connected, RouteSource.Static, RouteSource.Ebgp, RouteSource.Ospf, RouteSource.IsIs, RouteSource.Ibgp }.Select(AdministrativeDistance.Of));
    }

    [Fact]
    public void Lower_distance_wins_over_lower_metric()
    {
        var rib = new Rib(maxPaths: 64);
        rib.Announce(R(A, RouteSource.Ibgp, 0, H1));      // 200/0
        rib.Announce(R(A, RouteSource.IsIs, 500, H2));    // 115/500
        rib.Announce(R(A, RouteSource.Ospf, 1000, H3));   // 110/1000: lowest distance
        Assert.Equal(RouteSource.Ospf, rib.Best(A)!.Source);
        Assert.Equal([H3], rib.Best(A)!.NextHops);
        var diff = rib.Withdraw(A, RouteSource.Ospf);
        Assert.Equal(RouteSource.IsIs, Assert.Single(diff.Changes).New!.Source);
        Assert.Equal(3 - 1, rib.CandidatesOf(A).Count);
    }

    [Fact]
    public void Same_distance_lower_metric_wins()
    {
        var rib = new Rib(64);
        rib.Announce(new RibRoute(A, RouteSource.Ospf, [H1], metric: 30, distance: 115));
        rib.Announce(R(A, RouteSource.IsIs, 20, H2));
        Assert.Equal(RouteSource.IsIs, rib.Best(A)!.Source);
        // Equal distance and metric: the lower source, with no balancing across the two.
        rib.Announce(R(A, RouteSource.IsIs, 30, H2));
        Assert.Equal(RouteSource.Ospf, rib.Best(A)!.Source);
        Assert.Equal([H1], rib.Best(A)!.NextHops);
    }

    [Fact]
    public void Ecmp_keeps_all_equal_next_hops_up_to_the_cap()
    {
        var wide = new Rib(64);
        wide.Announce(R(A, RouteSource.IsIs, 20, H4, H2, H3, H1, H2));
        Assert.Equal([H1, H2, H3, H4], wide.Best(A)!.NextHops);

        var capped = new Rib(maxPaths: 2);
        capped.Announce(R(A, RouteSource.IsIs, 20, H4, H2, H3, H1));
        Assert.Equal([H1, H2], capped.Best(A)!.NextHops);
        // Losing a next hop beyond the cap changes nothing installed...
        Assert.True(capped.Announce(R(A, RouteSource.IsIs, 20, H1, H2, H3)).IsEmpty);
        // ...losing one inside it brings the next one in.
        var diff = capped.Announce(R(A, RouteSource.IsIs, 20, H2, H3));
        Assert.Equal([H2, H3], Assert.Single(diff.Changes).New!.NextHops);
    }

    [Fact]
    public void The_diff_lists_exactly_the_prefixes_whose_best_changed_in_prefix_order()
    {
        var rib = new Rib(64);
        var first = rib.Apply([
            new RibUpdate.Announce(R(C, RouteSource.IsIs, 10, H1)),
            new RibUpdate.Announce(R(B, RouteSource.IsIs, 10, H1)),
            new RibUpdate.Announce(R(A, RouteSource.IsIs, 10, H1)),
        ]);
        Assert.Equal([A, B, C], first.Prefixes);
        Assert.All(first.Changes, c => Assert.Null(c.Old));

        var second = rib.Apply([
            new RibUpdate.Announce(R(A, RouteSource.Ibgp, 0, H2)),          // loses to IS-IS: no change
            new RibUpdate.Announce(R(B, RouteSource.IsIs, 10, H1)),         // the same route again: no change
            new RibUpdate.Announce(R(C, RouteSource.IsIs, 10, H2)),         // new next hop: change
            new RibUpdate.Withdraw(Prefix.Parse("10.9.0.0/16"), RouteSource.IsIs), // nothing to withdraw
        ]);
        var change = Assert.Single(second.Changes);
        Assert.Equal(C, change.Prefix);
        Assert.Equal([H1], change.Old!.NextHops);
        Assert.Equal([H2], change.New!.NextHops);

        // Withdrawn and re-announced within one update: no change.
        Assert.True(rib.Apply([new RibUpdate.Withdraw(A, RouteSource.IsIs), new RibUpdate.Announce(R(A, RouteSource.IsIs, 10, H1))]).IsEmpty);
        // A metric change is a change of the best route, but not of forwarding.
        var metric = Assert.Single(rib.Announce(R(A, RouteSource.IsIs, 11, H1)).Changes);
        Assert.False(metric.ForwardingChanged);
    }

    [Fact]
    public void ReplaceSource_withdraws_what_the_new_table_no_longer_has()
    {
        var rib = new Rib(64);
        rib.ReplaceSource(RouteSource.IsIs, [R(A, RouteSource.IsIs, 10, H1), R(B, RouteSource.IsIs, 10, H1)]);
        rib.Announce(R(B, RouteSource.Ibgp, 0, H3));
        var diff = rib.ReplaceSource(RouteSource.IsIs, [R(A, RouteSource.IsIs, 10, H1), R(C, RouteSource.IsIs, 10, H2)]);
        Assert.Equal([B, C], diff.Prefixes);
        Assert.Equal(RouteSource.Ibgp, diff.Changes[0].New!.Source); // B falls back to iBGP
        Assert.Equal(RouteSource.IsIs, diff.Changes[1].New!.Source);
        Assert.Equal([A, B, C], rib.BestRoutes().Select(r => r.Prefix));

        var gone = rib.ReplaceSource(RouteSource.IsIs, []);
        Assert.Equal([A, C], gone.Prefixes);
        Assert.All(gone.Changes, c => Assert.Null(c.New));
        Assert.Equal(1, rib.Count);
    }
}
