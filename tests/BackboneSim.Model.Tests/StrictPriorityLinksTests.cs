using BackboneSim.Model.DataPlane;
using BackboneSim.Model.Nodes;

namespace BackboneSim.Model.Tests;

/// <summary>
/// What links carry when they are congested (<see cref="StrictPriorityLinks"/>): strict priority between classes, and
/// losses upstream taken into account before a link downstream is judged.
/// </summary>
public class StrictPriorityLinksTests
{
    /// <summary>A flow along a chain of links: the share offered to each link is what got through the links before it.</summary>
    private static Func<Func<int, double>?, IReadOnlyList<LinkUse>> Chain(params int[] links) => carried =>
    {
        var uses = new List<LinkUse>();
        var share = 1.0;
        foreach (var link in links)
        {
            uses.Add(new LinkUse(link, share));
            share *= carried?.Invoke(link) ?? 1;
        }
        return uses;
    };

    [Fact]
    public void A_flow_through_two_congested_links_in_series_is_cut_once_from_what_reaches_the_second()
    {
        // A offers 10 Gb/s over link 1 (8 Gb/s) and then link 2 (8 Gb/s); B offers 4 over link 2 only, same class.
        // Link 1 carries 8 of A. Link 2 is then offered 8 + 4 = 12 and carries 2/3 of each: A 5.33, B 2.67, 8 in all.
        // Judged on the loads before any loss (14 offered to link 2: 8/14 each), A would get 10 x 0.8 x 0.571 = 4.57
        // and B 2.29, and link 2 would carry only 6.86 of its 8.
        var flows = new List<(double, TrafficClass, Func<Func<int, double>?, IReadOnlyList<LinkUse>>)>
        {
            (10, TrafficClass.Standard, Chain(1, 2)),
            (4, TrafficClass.Standard, Chain(2)),
        };
        var (passes, offered) = StrictPriorityLinks.Settle(flows, _ => 8, _ => false);
        Assert.Equal(0.8, passes[(1, TrafficClass.Standard)], 9);
        Assert.Equal(2.0 / 3, passes[(2, TrafficClass.Standard)], 9);
        Assert.Equal(12, offered[(2, TrafficClass.Standard)], 9);
        Assert.Equal(8, 10 * 0.8 * passes[(2, TrafficClass.Standard)] + 4 * passes[(2, TrafficClass.Standard)], 9);
    }

    [Fact]
    public void A_higher_class_takes_what_it_needs_and_the_lower_one_gets_what_is_left()
    {
        // 6 interactive and 6 bulk on one 10 Gb/s link: the interactive traffic all passes, the bulk gets 4 of its 6.
        var flows = new List<(double, TrafficClass, Func<Func<int, double>?, IReadOnlyList<LinkUse>>)>
        {
            (6, TrafficClass.Interactive, Chain(7)),
            (6, TrafficClass.Bulk, Chain(7)),
        };
        var (passes, _) = StrictPriorityLinks.Settle(flows, _ => 10, _ => false);
        Assert.False(passes.ContainsKey((7, TrafficClass.Interactive)));
        Assert.Equal(4.0 / 6, passes[(7, TrafficClass.Bulk)], 9);
    }
}
