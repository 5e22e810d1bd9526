using BackboneSim.Engine;
using BackboneSim.Analysis.Observation;
using BackboneSim.Scenarios;

namespace BackboneSim.Model.Tests;

/// <summary>
/// Control systems as nodes (<c>controllers:</c>): when a controller stops, the routers it programs notice after the
/// hold time, fail static for the fail-static time, then drain (overload bit, eBGP sessions shut); its return undoes it.
/// </summary>
public class ControllerTests
{
    private const string Users = """

        services:
          - { name: example.com, ttl: 300s }
        users: { eu: 1000000, na: 1000000 }
        """;

    private static async Task<List<LoggedEvent>> Run(string timeline, string controller)
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", TempScenario.SmallTopology + Users);
        var text = TempScenario.Scenario(timeline, controller).Replace("duration: 1h", "duration: 10m");
        return (await RingNetwork.RunAsync(ScenarioLoader.Load(t.Write("s.yaml", text)))).Events;
    }

    private const string Controller = """
        controllers:
          - { name: te-ctl, site: h2, controls: { role: edge, site: p2 }, fail_static: 1m }
        """;

    [Fact]
    public async Task Routers_that_lose_their_controller_fail_static_then_drain_and_its_return_undoes_the_drain()
    {
        var events = await Run("""
              - at: "+1m"
                name: deschedule
                fail: { controllers: te-ctl }
              - at: "+5m"
                recover: { failure: deschedule }
            """, Controller);
        // The controller stops a lookahead after the action (60 010); its two routers notice after the hold time
        // (igp_hold, 30 s) and keep forwarding for the fail-static minute.
        var down = Assert.Single(events, e => e.Kind == "controller.down");
        Assert.Equal((60_010L, 2.0), (down.Ms, down.Value));
        var lost = events.Where(e => e.Kind == "router.controller_lost").ToList();
        Assert.Equal(["p2-er1", "p2-er2"], lost.Select(e => e.Subject));
        Assert.All(lost, e => Assert.Equal((90_010L, "150010"), (e.Ms, e.Field("acts_at_ms"))));
        // Their FIBs freeze: the hardware keeps its entries, stale, and no flush is due (the router's sequence decides).
        var frozen = events.Where(e => e.Kind == "fib.fail_static").ToList();
        Assert.Equal(["p2-er1", "p2-er2"], frozen.Select(e => e.Subject));
        Assert.All(frozen, e => Assert.Equal((90_020L, "-1"), (e.Ms, e.Field("flush_after_ms"))));
        Assert.DoesNotContain(events, e => e.Kind == "fib.flushed");
        // At 150 010 they drain: a configuration change that sets the overload bit and shuts their eBGP sessions.
        var drains = events.Where(e => e.Kind == "router.controller_drain").ToList();
        Assert.All(drains, e => Assert.Equal(150_010, e.Ms));
        Assert.Equal(2, events.Count(e => e.Kind == "config.applied" && e.Field("action") == "te-ctl lost" && e.Ms == 150_010));
        Assert.Contains(events, e => e.Kind == "igp.overload" && e.Subject == "p2-er1" && e.Ms == 150_010);
        Assert.Contains(events, e => e.Kind == "bgp.session_down" && e.Ms >= 150_010 && e.DataJson.Contains("p2-er"));
        // The eu ISP's routes to the DNS prefix then lead to p1: its resolvers' queries move there.
        Assert.Contains(events, e => e.Kind == "anycast.catchment" && e.Ms > 150_010 && e.Field("server") == "p1-dns1" && e.Field("resolvers") == "as3320-resolvers");
        // The recovery at 300 000 brings the controller back at 300 010; its routers hear a lookahead later and restore.
        Assert.Equal(300_010, Assert.Single(events, e => e.Kind == "controller.up").Ms);
        Assert.All(events.Where(e => e.Kind == "router.controller_back"), e => Assert.Equal((300_020L, "True"), (e.Ms, e.Field("undrains"))));
        Assert.Equal(2, events.Count(e => e.Kind == "config.applied" && e.Field("restores") == "te-ctl lost"));
        // The thawed FIBs are reprogrammed in full.
        Assert.Equal(2, events.Count(e => e.Kind == "fib.programmed" && e.Ms > 300_020 && e.Field("full") == "True"));
        Assert.Contains(events, e => e.Kind == "anycast.catchment" && e.Ms > 300_020 && e.Field("server") == "p2-dns1");
    }

    [Fact]
    public async Task A_controller_back_within_the_fail_static_time_leaves_nothing_to_undo_and_keep_never_drains()
    {
        var back = await Run("""
              - at: "+1m"
                name: blip
                fail: { controllers: te-ctl, for: 1m }
            """, Controller);
        Assert.DoesNotContain(back, e => e.Kind is "router.controller_drain" or "config.applied");
        Assert.All(back.Where(e => e.Kind == "router.controller_back"), e => Assert.Equal("False", e.Field("undrains")));

        var keep = await Run("""
              - at: "+1m"
                name: deschedule
                fail: { controllers: te-ctl }
            """, Controller.Replace("fail_static: 1m", "then: keep"));
        Assert.All(keep.Where(e => e.Kind == "router.controller_lost"), e => Assert.Equal(("keep", "-1"), (e.Field("then"), e.Field("acts_at_ms"))));
        Assert.DoesNotContain(keep, e => e.Kind == "router.controller_drain");
    }

    [Fact]
    public async Task A_site_that_loses_power_takes_its_controllers_down_and_bad_controllers_are_errors_at_their_line()
    {
        var events = await Run("""
              - at: "+1m"
                name: blackout
                fail: { site: h2 }
            """, Controller);
        Assert.Single(events, e => e.Kind == "controller.down" && e.Field("reason") == "power lost at site h2");

        using var t = new TempScenario();
        t.Write("topo.yaml", TempScenario.SmallTopology + Users);
        var ex = Assert.Throws<ScenarioLoadException>(() => ScenarioLoader.Load(t.Write("s.yaml", TempScenario.Scenario("""
              - at: "+1m"
                fail: { controllers: te-ct }
            """, """
            controllers:
              - { name: te-ctl, site: h3, controls: { role: dns } }
              - { name: p1-er1, site: h2, controls: { role: edge } }
            """))));
        Assert.Contains(ex.Errors, e => e.Message.Contains("no site named 'h3'"));
        Assert.Contains(ex.Errors, e => e.Message.Contains("'controls' selects the routers the controller programs"));
        Assert.Contains(ex.Errors, e => e.Message.Contains("'p1-er1' is already the name of a node"));
        Assert.Contains(ex.Errors, e => e.Message.Contains("no controller named 'te-ct'") || e.Message.Contains("has no 'controllers:'"));
    }
}
