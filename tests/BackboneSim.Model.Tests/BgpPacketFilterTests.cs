using BackboneSim.Analysis.Observation;
using BackboneSim.Engine;
using BackboneSim.Scenarios;

namespace BackboneSim.Model.Tests;

/// <summary>
/// A packet filter that drops BGP's own packets (<c>bgp: { peer, packets: drop }</c>), on
/// <see cref="ExternalAnnouncementTests.Topology"/>: DTAG's users enter at pop1-er1, its peering with the operator.
/// </summary>
public class BgpPacketFilterTests
{
    [Fact]
    public async Task A_filter_that_drops_BGP_packets_ends_the_session_when_the_hold_timer_runs_out_and_until_it_goes()
    {
        var events = await ExternalAnnouncementTests.RunOn("""
              - at: "+1m"
                name: filter
                push:
                  targets: { name: pop1-er1 }
                  change:
                    - bgp: { peer: as3320, packets: drop }
              - at: "+4m"
                name: filter-off
                push:
                  targets: { name: pop1-er1 }
                  change:
                    - bgp: { peer: as3320, packets: pass }
            """, "parameters: { push_spread: 0s, internal_tools_gbps: 0 }", "6m");
        // The filter lands at 62 000 (push_base 2 s); nothing is noticed until the hold timer (bgp_hold, 90 s) runs out
        // at 152 000 at both ends (DTAG's end is told a lookahead, 10 ms, later).
        var downs = events.Where(e => e.Kind == "bgp.session_down" && (e.NodeName == "pop1-er1" && e.Subject == "as3320" || e.NodeName == "as3320")).ToList();
        Assert.Equal([152_000L, 152_010L], downs.Select(e => e.Ms).Order());
        Assert.All(downs, e => Assert.Contains("a filter drops BGP packets", e.DataJson));
        // DTAG's users then follow its route through Lumen to pop1-er2: the route changes at 152 010, the data plane
        // hears a local hop later.
        var moved = events.First(e => e.Kind == "anycast.frontend_catchment" && e.Ms > 60_000);
        Assert.Equal((152_020L, "pop1-er2"), (moved.Ms, moved.Field("router")));
        // The filter goes at 242 000: pop1-er1's OPEN gets through (1 ms + 50 ms) and the session is up again.
        var up = events.First(e => e.Kind == "bgp.session_up" && e.NodeName == "as3320" && e.Ms > 240_000);
        Assert.Equal(242_051, up.Ms);
        Assert.Equal("drop", events.First(e => e.Kind == "bgp.policy" && e.Ms == 62_000).Field("packets"));
    }
}
