using BackboneSim.Analysis.Observation;
using BackboneSim.Engine;
using BackboneSim.Scenarios;

namespace BackboneSim.Model.Tests;

/// <summary>
/// A filter that drops the IGP's own packets on an interface (<c>acl: { match, igp: deny }</c>), on
/// <see cref="ExternalAnnouncementTests.Topology"/>: pop1-er1 filters what arrives from dc1-bb1.
/// </summary>
public class IgpPacketFilterTests
{
    [Fact]
    public async Task A_filter_that_drops_hellos_ends_the_adjacency_after_the_dead_interval_and_none_forms_until_it_goes()
    {
        var events = await ExternalAnnouncementTests.RunOn("""
              - at: "+1m"
                name: filter
                push:
                  targets: { name: pop1-er1 }
                  change:
                    - acl: { match: dc1-bb1~pop1-er1, igp: deny }
              - at: "+3m"
                name: filter-off
                push:
                  targets: { name: pop1-er1 }
                  change:
                    - acl: { match: dc1-bb1~pop1-er1, igp: permit }
            """, "parameters: { push_spread: 0s, internal_tools_gbps: 0 }", "5m");
        var filter = events.Single(e => e.Kind == "interface.acl" && e.Ms == 62_000);
        Assert.Equal("deny", filter.Field("igp"));
        // The filter lands at 62 000 (push_base 2 s); the dead interval (igp_hold, 30 s) runs out at 92 000 and pop1-er1
        // drops the adjacency; its next hello, which no longer lists dc1-bb1, reaches dc1-bb1 a lookahead (10 ms) later.
        var downs = events.Where(e => e.Kind == "igp.adjacency_down" && e.Subject == "dc1-bb1~pop1-er1").ToList();
        Assert.Equal([("pop1-er1", 92_000L), ("dc1-bb1", 92_010L)], downs.Select(e => (e.NodeName, e.Ms)));
        Assert.Equal("dead interval: a filter drops the IGP's packets", downs[0].Field("reason"));
        Assert.Null(downs[1].Field("reason"));
        // No adjacency while the filter stays; once it goes at 182 000 pop1-er1 says hello, dc1-bb1's next hello (within
        // one hello interval, 10 s) lists it, and the exchange takes a few round trips.
        var ups = events.Where(e => e.Kind == "igp.adjacency_up" && e.Subject == "dc1-bb1~pop1-er1").Select(e => e.Ms).ToList();
        Assert.NotEmpty(ups);
        Assert.All(ups, ms => Assert.InRange(ms, 182_000, 182_000 + 10_000 + 100));
    }
}
