using BackboneSim.Analysis.Observation;
using BackboneSim.Engine;
using BackboneSim.Model.Nodes;
using BackboneSim.Model.Scenario;
using BackboneSim.Scenarios.Actions;
using static BackboneSim.Model.Tests.RingNetwork;

namespace BackboneSim.Model.Tests;

/// <summary>
/// OSPF graceful restart (<c>igp_graceful_restart</c>, RFC 3623; off by default) on the ring (<see cref="RingNetwork"/>:
/// r1-r2 and r2-r3 1 ms, r3-r4 and r4-r1 2 ms) and on the data-plane square (<see cref="DataPlaneTests.Square"/>).
/// r2's control-plane job is lost at 10 000 (it dies a lookahead later, 10 001) and is back after
/// <c>control_plane_reboot</c> 20 s, at 30 001: within <c>igp_hold</c> (30 s), so its neighbours still hold the
/// adjacency when it returns. Where a time must not depend on the helper's hello phase (uniform over one
/// <c>igp_hello_interval</c>), the interval is 1 ms, which pins it to the next millisecond.
/// </summary>
public class OspfGracefulRestartTests
{
    private static FailAction Fail(int index, long atMs, FailureSpec failure) => new(index, $"fail{index}", atMs,
        new SourceLocation("ring.yaml", 10 + index, 3), failure.Nodes, "test fail", failure);

    private static FailureSpec ControlPlaneLost(int router, bool restart = true) => new(FailureSpec.ControlPlane, 0) { RouterNodes = [router], Restart = restart };

    private static ScenarioDefinition Ring(Action<ModelParameters> tune, params TimelineAction[] timeline)
    {
        var s = RingScenario(timeline);
        s.Parameters.ControlPlaneRebootMs = 20_000;
        tune(s.Parameters);
        return s;
    }

    private static List<LoggedEvent> Gr(List<LoggedEvent> events, string node) =>
        events.Where(e => e.Kind == "igp.graceful_restart" && e.NodeName == node).ToList();

    private static (long, string?, string?) Phase(LoggedEvent e) => (e.Ms, e.Field("phase"), e.Field("reason"));

    [Fact]
    public async Task Off_by_default_a_quick_restart_still_drops_the_adjacencies_at_its_first_hello()
    {
        Assert.Equal(0L, new ModelParameters().IgpGracefulRestartMs);
        // r2's first hello after the reboot (30 001, arriving 30 002) does not list r1 or r3: 1-WayReceived, down at once.
        var (events, _) = await RunAsync(Ring(p => p.IgpHelloIntervalMs = 1, Fail(0, 10_000, ControlPlaneLost(R2))));
        Assert.Equal([("r1", 30_002L), ("r3", 30_002L)], events.Where(e => e.Kind == "igp.adjacency_down").Select(e => (e.NodeName, e.Ms)));
        Assert.DoesNotContain(events, e => e.Kind == "igp.graceful_restart");
    }

    [Fact]
    public async Task With_it_the_helpers_keep_the_adjacencies_and_the_restart_completes_once_they_are_full_again()
    {
        // r2 is back at 30 001 and begins; its grace-LSAs reach r1 and r3 at 30 002, before its hello. Each helper
        // answers that hello with one listing r2 a millisecond later (30 003, arriving 30 004): r2 reaches two-way and
        // describes its 4 LSAs, full one round trip to agree who leads and one for the headers later, 30 004 + 2 + 2 =
        // 30 008. With both adjacencies full it exits; the flush reaches the helpers at 30 009. r2 originates its LSA
        // lsa_generation_delay (50 ms) after exiting: 30 058.
        var (events, _) = await RunAsync(Ring(p => { p.IgpGracefulRestartMs = 120_000; p.IgpHelloIntervalMs = 1; }, Fail(0, 10_000, ControlPlaneLost(R2))));
        var r2 = Gr(events, "r2");
        Assert.Equal([(30_001L, "begin", null), (30_008L, "exit", "completed")], r2.Select(Phase));
        Assert.Equal(120_000, r2[0].Value);
        foreach (var helper in new[] { "r1", "r3" })
        {
            var h = Gr(events, helper);
            Assert.Equal([(30_002L, "helping", null), (30_009L, "exit", "completed")], h.Select(Phase));
            Assert.Equal(("r2", r2[0].Id), (h[0].Field("neighbor"), h[0].Cause));
        }
        // Nobody dropped anything, nobody but r2 originated an LSA: the neighbours' routes through r2 never moved.
        Assert.DoesNotContain(events, e => e.Kind == "igp.adjacency_down");
        Assert.Equal([("r2", 30_058L)], events.Where(e => e.Kind == "igp.lsa_originated").Select(e => (e.NodeName, e.Ms)));
    }

    [Fact]
    public async Task Traffic_keeps_flowing_through_the_restarting_router_on_its_stale_fib()
    {
        // On the square, a (the only way from e to the data center) loses its control plane at 10 000 and is back at
        // 30 001. Without graceful restart its first hello makes e and d drop it at 30 002; e sees no data center from
        // its SPF run at 30 252 and its front-ends stop sending: the data plane carries nothing from 30 353.
        var loss = new FailAction(0, "cp", 10_000, new SourceLocation("square.yaml", 3, 3), [DataPlaneTests.A], "cp",
            new FailureSpec(FailureSpec.ControlPlane, 0) { RouterNodes = [DataPlaneTests.A] });
        var (off, _) = await RunAsync(DataPlaneTests.Square(p => p.ControlPlaneRebootMs = 20_000, loss));
        Assert.Equal((30_353L, 0, 0, 0), DataPlaneTests.Carried(off, 10_000)[0]);
        // With it, no router but a reprograms anything and the 1.6 Gb/s is never re-carried: it flows through a's stale
        // FIB throughout. a exits when its last adjacency is full (b's, over the 150 ms link, at a time set by the
        // helpers' hello phases) and reprograms its whole FIB from a fresh SPF: LSA 50 ms later, SPF 200 ms after that,
        // 5 entries programmed in 11 ms.
        var (on, _) = await RunAsync(DataPlaneTests.Square(p => { p.ControlPlaneRebootMs = 20_000; p.IgpGracefulRestartMs = 120_000; }, loss));
        Assert.Empty(DataPlaneTests.Carried(on, 10_000));
        var exit = Gr(on, "a").Last();
        Assert.Equal(("exit", "completed"), (exit.Field("phase"), exit.Field("reason")));
        Assert.Equal(exit.Ms, on.Where(e => e.Kind == "igp.adjacency_up" && e.NodeName == "a").Max(e => e.Ms));
        var programmed = Assert.Single(on, e => e.Kind == "fib.programmed" && e.Ms > 10_000);
        Assert.Equal(("a", exit.Ms + 50 + 200 + 11, "true"), (programmed.Subject, programmed.Ms, programmed.Field("full")?.ToLowerInvariant()));
        Assert.DoesNotContain(on, e => e.Kind is "igp.adjacency_down" or "fib.flushed" or "igp.dc_reachability" && e.Ms > 10_000);
    }

    [Fact]
    public async Task When_the_grace_period_runs_out_first_both_ends_exit_then_and_the_restarting_router_originates_what_it_has()
    {
        // r3's control plane is lost for good at the same time, so r2 waits for an adjacency that never comes back.
        // Grace period 5 s: r2 exits at 30 001 + 5 000 = 35 001; r1, which was helping, exits at the same instant (the
        // grace-LSA's age counts from 30 001), keeping the adjacency it re-formed with r2 at 30 008. r2's LSA at 35 051
        // lists r1 only.
        var (events, _) = await RunAsync(Ring(p => { p.IgpGracefulRestartMs = 5_000; p.IgpHelloIntervalMs = 1; },
            Fail(0, 10_000, ControlPlaneLost(R2)), Fail(1, 10_000, ControlPlaneLost(R3, restart: false))));
        Assert.Equal([(30_001L, "begin", null), (35_001L, "exit", "timed out")], Gr(events, "r2").Select(Phase));
        Assert.Equal([(30_002L, "helping", null), (35_001L, "exit", "timed out")], Gr(events, "r1").Select(Phase));
        Assert.DoesNotContain(events, e => e.Kind == "igp.adjacency_down" && e.Subject == "r1~r2");
        var lsa = Assert.Single(events, e => e.Kind == "igp.lsa_originated" && e.NodeName == "r2");
        Assert.Equal((35_051L, 1.0), (lsa.Ms, double.Parse(lsa.Field("adjacencies")!)));
    }

    [Fact]
    public async Task A_topology_change_while_helping_ends_helping_at_once_and_the_adjacency_is_dropped()
    {
        // Default hello interval (10 s). r3~r4 is cut at 30 000, while r1 and r3 help r2 (from 30 002): both ends lose
        // carrier at 30 150 and originate at 30 200. r3's own LSA changed: it stops helping at 30 200; r4's reaches r1
        // over the 2 ms link at 30 202: r1 stops then. r2 had not described its database to either (their answering
        // hellos had not come), so each drops its adjacency at once.
        var cut = new FailureSpec(FailureSpec.Links, 0) { CutLinks = [RingTopology().Links[2]] };
        var (events, _) = await RunAsync(Ring(p => p.IgpGracefulRestartMs = 120_000, Fail(0, 10_000, ControlPlaneLost(R2)), Fail(1, 30_000, cut)));
        foreach (var (helper, link, ms) in new[] { ("r3", "r2~r3", 30_200L), ("r1", "r1~r2", 30_202L) })
        {
            var exit = Gr(events, helper).Last();
            Assert.Equal((ms, "exit", "topology change"), Phase(exit));
            var down = Assert.Single(events, e => e.Kind == "igp.adjacency_down" && e.NodeName == helper && e.Subject == link);
            Assert.Equal((ms, exit.Id), (down.Ms, down.Cause));
            Assert.Equal("graceful restart ended (topology change) before the neighbour resynchronised", down.Field("reason"));
        }
        // The adjacencies form again by hellos: r2's next hello (30 001 + 10 000), which now lists r1 and r3, brings them
        // to two-way at 40 002 and full at 40 006; r2's own side is full a millisecond later, and its restart ends: its
        // neighbours' LSAs no longer list it, a topology change.
        Assert.Equal([40_006L, 40_006L, 40_007L, 40_007L], events.Where(e => e.Kind == "igp.adjacency_up").Select(e => e.Ms));
        Assert.Equal((40_007L, "exit", "topology change"), Phase(Gr(events, "r2").Last()));
    }

    [Fact]
    public async Task A_restart_longer_than_the_dead_interval_is_not_helped()
    {
        // Reboot 60 s: r1 and r3 drop r2 when igp_hold runs out (10 001 + 30 000 = 40 001), as without graceful restart.
        // r2 is back at 70 001 and begins, but no neighbour is fully adjacent any more, so none helps; the adjacencies
        // form as after any restart (full at r2 at 70 008, as above) and r2 exits then: its neighbours' router-LSAs no
        // longer list it, a topology change.
        var (events, _) = await RunAsync(Ring(p => { p.IgpGracefulRestartMs = 120_000; p.ControlPlaneRebootMs = 60_000; p.IgpHelloIntervalMs = 1; },
            Fail(0, 10_000, ControlPlaneLost(R2))));
        Assert.Equal([("r1", 40_001L), ("r3", 40_001L)], events.Where(e => e.Kind == "igp.adjacency_down").Select(e => (e.NodeName, e.Ms)));
        Assert.Empty(Gr(events, "r1"));
        Assert.Empty(Gr(events, "r3"));
        Assert.Equal([(70_001L, "begin", null), (70_008L, "exit", "topology change")], Gr(events, "r2").Select(Phase));
    }

    [Fact]
    public async Task A_crash_is_not_a_graceful_restart_its_fib_went_dark()
    {
        // r2 crashes at 10 000 for 5 s and reboots in 20 s: back at 35 001 without a FIB to keep forwarding on.
        var crash = new FailureSpec(FailureSpec.Routers, 5_000) { RouterNodes = [R2] };
        var (events, _) = await RunAsync(Ring(p => p.IgpGracefulRestartMs = 120_000, Fail(0, 10_000, crash)));
        Assert.Contains(events, e => e.Kind == "router.control_plane_recovered" && e.NodeName == "r2");
        Assert.DoesNotContain(events, e => e.Kind == "igp.graceful_restart");
    }
}
