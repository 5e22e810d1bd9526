using BackboneSim.Model.DataPlane;

namespace BackboneSim.Model.Tests.DataPlane;

/// <summary>Strict priority between classes and max-min fairness within one, with rates worked out by hand.</summary>
public class LinkSharingTests
{
    private static FlowDemand Flow(double gbps, params int[] links) => FlowDemand.Through(TrafficClass.Standard, gbps, links);
    private static Dictionary<int, double> Capacity(params (int Link, double Gbps)[] links) => links.ToDictionary(l => l.Link, l => l.Gbps);

    private static void Rates(SharedLinks shared, params double[] expected)
    {
        Assert.Equal(expected.Length, shared.Rates.Count);
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], shared.Rates[i], 9);
    }

    [Fact]
    public void Flows_under_capacity_get_their_demand()
    {
        var shared = LinkSharing.Share([Flow(3, 1), Flow(4, 1, 2)], Capacity((1, 10), (2, 10)));
        Rates(shared, 3, 4);
        Assert.Equal(7, shared.Offered[1], 9);
        Assert.Equal(7, shared.Carried[1], 9);
    }

    [Fact]
    public void A_small_flow_keeps_its_demand_and_the_big_one_takes_the_rest()
    {
        // 10 Gbps for 4 + 8: the fair share is 5; 4 needs less, so the other gets 10 - 4 = 6 (not 8 × 10/12).
        var shared = LinkSharing.Share([Flow(4, 1), Flow(8, 1)], Capacity((1, 10)));
        Rates(shared, 4, 6);
        Assert.Equal(12, shared.Offered[1], 9);
        Assert.Equal(10, shared.Carried[1], 9);
    }

    [Fact]
    public void A_flow_held_back_elsewhere_leaves_its_share_to_the_others()
    {
        // X crosses links 1 (10 Gbps) and 2 (4 Gbps), Y only link 1: X is held to 4 by link 2, Y gets 10 - 4 = 6.
        var shared = LinkSharing.Share([Flow(100, 1, 2), Flow(100, 1)], Capacity((1, 10), (2, 4)));
        Rates(shared, 4, 6);
    }

    [Fact]
    public void The_parking_lot_shares_each_link_in_half()
    {
        // The long flow crosses both 10 Gbps links, each short flow one: max-min gives everyone 5.
        var shared = LinkSharing.Share([Flow(100, 1, 2), Flow(100, 1), Flow(100, 2)], Capacity((1, 10), (2, 10)));
        Rates(shared, 5, 5, 5);
    }

    [Fact]
    public void A_higher_class_is_served_first_and_the_lower_class_shares_the_rest()
    {
        // 10 Gbps: interactive 7 gets all of it; the two bulk flows of 5 share the 3 left, 1.5 each.
        var shared = LinkSharing.Share(
            [FlowDemand.Through(TrafficClass.Bulk, 5, 1), FlowDemand.Through(TrafficClass.Interactive, 7, 1), FlowDemand.Through(TrafficClass.Bulk, 5, 1)],
            Capacity((1, 10)));
        Rates(shared, 1.5, 7, 1.5);
    }

    [Fact]
    public void A_link_that_is_down_or_unknown_carries_nothing_and_a_flow_through_no_link_is_delivered()
    {
        var shared = LinkSharing.Share([Flow(5, 1), Flow(5, 9), Flow(5)], Capacity((1, 0)));
        Rates(shared, 0, 0, 5);
        Assert.Equal(0, shared.Carried[1], 9);
    }

    [Fact]
    public void Bad_flows_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LinkSharing.Share([Flow(-1, 1)], Capacity((1, 10))));
        Assert.Throws<ArgumentException>(() => LinkSharing.Share([Flow(1, 1, 1)], Capacity((1, 10))));
        Assert.Throws<ArgumentOutOfRangeException>(() => LinkSharing.Share([new FlowDemand(TrafficClass.Standard, 1, [new LinkUse(1, 0)])], Capacity((1, 10))));
    }

    [Fact]
    public void A_flow_uses_each_link_by_its_share()
    {
        // A: 8 Gbps split evenly over links 1 and 2 (4 Gbps on each, 4 Gbps capacity each); B: 4 Gbps on link 1 only.
        // Link 1 fills as 0.5 × rate(A) + rate(B): equal rates r give 1.5 r = 4, r = 8/3; link 2 then has 4 - 4/3 left,
        // but A is frozen by link 1. B gets 8/3 of its 4, A 8/3 of its 8.
        var shared = LinkSharing.Share([new FlowDemand(TrafficClass.Standard, 8, [new LinkUse(1, 0.5), new LinkUse(2, 0.5)]), Flow(4, 1)],
            Capacity((1, 4), (2, 4)));
        Rates(shared, 8.0 / 3, 8.0 / 3);
        Assert.Equal(8, shared.Offered[1], 9); // 0.5 × 8 + 4
        Assert.Equal(4, shared.Carried[1], 9);
        Assert.Equal(4.0 / 3, shared.Carried[2], 9);
    }

    [Fact]
    public void The_same_flows_give_the_same_rates_bit_for_bit()
    {
        var flows = Enumerable.Range(0, 50).Select(i => Flow(1 + i % 7 * 0.37, i % 5, 5 + i % 3)).ToList();
        var capacity = Capacity((0, 3.3), (1, 2.9), (2, 7.1), (3, 1.7), (4, 5.5), (5, 4.4), (6, 2.2), (7, 6.6));
        var a = LinkSharing.Share(flows, capacity);
        var b = LinkSharing.Share(flows, capacity);
        Assert.Equal(a.Rates, b.Rates);
        // No link carries more than its capacity, and no flow gets more than it offers.
        foreach (var (link, gbps) in a.Carried) Assert.True(gbps <= capacity[link] + 1e-9, $"link {link} carries {gbps}");
        for (var i = 0; i < flows.Count; i++) Assert.InRange(a.Rates[i], 0, flows[i].Gbps + 1e-9);
        // Max-min: a flow short of its demand crosses a full link on which no flow gets more than it does.
        for (var i = 0; i < flows.Count; i++)
        {
            if (a.Rates[i] >= flows[i].Gbps - 1e-9) continue;
            var flow = i;
            Assert.True(flows[i].Links.Select(u => u.Link).Any(l => a.Carried[l] >= capacity[l] - 1e-9 &&
                                                 Enumerable.Range(0, flows.Count).Where(j => flows[j].Links.Any(u => u.Link == l)).All(j => a.Rates[j] <= a.Rates[flow] + 1e-9)),
                $"flow {i} gets {a.Rates[i]} of {flows[i].Gbps} without a bottleneck");
        }
    }
}
