using BackboneSim.Analysis.Observation;
using BackboneSim.Engine;
using BackboneSim.Scenarios;

namespace BackboneSim.Model.Tests;

/// <summary>
/// BGP graceful restart (<c>bgp_graceful_restart</c>, RFC 4724), on <see cref="ExternalAnnouncementTests.Topology"/>:
/// pop1-er1's control-plane job is lost at 60 000 (it dies a lookahead, 10 ms, later) and reboots after
/// <c>control_plane_reboot</c>; DTAG peers with it.
/// </summary>
public class GracefulRestartTests
{
    private static Task<List<LoggedEvent>> Run(string parameters) => ExternalAnnouncementTests.RunOn("""
              - at: "+1m"
                name: job-lost
                fail: { control_plane: { name: pop1-er1 } }
            """, $"parameters: {{ internal_tools_gbps: 0, {parameters} }}", "8m");

    private static List<LoggedEvent> AtDtag(List<LoggedEvent> events, string kind)
        => events.Where(e => e.Kind == kind && e.NodeName == "as3320" && (e.Field("peer") ?? e.Subject) == "pop1-er1").ToList();

    [Fact]
    public async Task Without_it_the_peer_drops_the_routes_when_its_hold_timer_runs_out()
    {
        // Dead at 60 010; DTAG's hold timer (90 s) runs out at 150 010; the router is back at 120 010 (reboot 60 s) and
        // its OPEN finds the session up: DTAG treats it as a restart and drops what it had first.
        var events = await Run("control_plane_reboot: 60s");
        var downs = AtDtag(events, "bgp.session_down");
        Assert.Contains(downs, e => e.Field("reason") == "peer restarted the session");
        Assert.Empty(AtDtag(events, "bgp.graceful_restart"));
    }

    [Fact]
    public async Task With_it_the_peer_keeps_the_routes_and_a_router_back_within_the_restart_time_resumes_without_a_withdrawal()
    {
        // Back at 120 010 (reboot 60 s), within hold + restart time (90 s + 120 s): DTAG never drops the session; the
        // router's OPEN reaches it 51 ms later (1 ms + 50 ms) and the session resumes.
        var events = await Run("control_plane_reboot: 60s, bgp_graceful_restart: 2m");
        Assert.Empty(AtDtag(events, "bgp.session_down"));
        var resumed = Assert.Single(AtDtag(events, "bgp.graceful_restart"));
        Assert.Equal(120_061, resumed.Ms);
        Assert.DoesNotContain(events, e => e.Kind == "bgp.route_changed" && e.NodeName == "as3320" && e.Ms > 60_000);
    }

    [Fact]
    public async Task With_it_a_router_that_stays_away_longer_loses_its_routes_when_the_restart_time_runs_out()
    {
        // Reboot 5 min: dead at 60 010, the routes go at 60 010 + 90 000 + 120 000 = 270 010.
        var events = await Run("control_plane_reboot: 5m, bgp_graceful_restart: 2m");
        var down = AtDtag(events, "bgp.session_down").First();
        Assert.Equal((270_010L, "graceful restart: the peer did not come back within the restart time"), (down.Ms, down.Field("reason")));
    }
}
