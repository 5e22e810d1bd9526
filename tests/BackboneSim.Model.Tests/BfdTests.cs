using BackboneSim.Engine;
using BackboneSim.Model.Nodes;
using BackboneSim.Model.Scenario;
using BackboneSim.Model.Topology;
using BackboneSim.Scenarios.Actions;
using static BackboneSim.Model.Tests.RingNetwork;

namespace BackboneSim.Model.Tests;

/// <summary>
/// BFD (<c>bfd_interval</c>, <c>bfd_multiplier</c>; off by default) against the hold times, with timings by hand. The
/// scenario driver reaches a router a lookahead (1 ms) after the action, so a control plane lost at 10 000 dies at
/// 10 001. With BFD the far end declares it down ceil(latency) + multiplier × interval after that (the last packet
/// left just before the death: <see cref="BfdSessions.DownAfter"/>); without it, after <c>igp_hold</c> (30 s) or
/// <c>bgp_hold</c> (90 s). Control planes are back after <c>control_plane_reboot</c> (10 min).
/// </summary>
public class BfdTests
{
    private static FailAction Fail(int index, long atMs, FailureSpec failure, string file = "ring.yaml") => new(index, $"fail{index}", atMs,
        new SourceLocation(file, 10 + index, 3), failure.Nodes, "test fail", failure);

    private static FailureSpec ControlPlaneLost(int router) => new(FailureSpec.ControlPlane, 0) { RouterNodes = [router] };

    private static long[] Times(List<LoggedEvent> events, string kind, string node)
        => events.Where(e => e.Kind == kind && e.NodeName == node).Select(e => e.Ms).ToArray();

    private static ScenarioDefinition WithBfd(ScenarioDefinition scenario, long intervalMs, int multiplier = 3)
    {
        (scenario.Parameters.BfdIntervalMs, scenario.Parameters.BfdMultiplier) = (intervalMs, multiplier);
        return scenario;
    }

    [Fact]
    public async Task With_bfd_a_neighbour_whose_control_plane_died_is_dropped_after_the_detection_time_not_the_igp_hold()
    {
        // Without BFD: r2's control plane dies at 10 001; r1 and r3 drop their adjacencies when igp_hold runs out, 40 001.
        var (off, _) = await RunAsync(RingScenario(Fail(0, 10_000, ControlPlaneLost(R2))));
        Assert.Equal([40_001], Times(off, "igp.adjacency_down", "r1"));
        Assert.Equal([40_001], Times(off, "igp.adjacency_down", "r3"));

        // FRR's bfdd defaults, 300 ms × 3: the last packet crosses the 1 ms links, then 900 ms without one:
        // 10 001 + 1 + 900 = 10 902 at r1 and r3.
        var (on, _) = await RunAsync(WithBfd(RingScenario(Fail(0, 10_000, ControlPlaneLost(R2))), intervalMs: 300));
        var lost = Assert.Single(on, e => e.Kind == "router.control_plane_lost");
        foreach (var (neighbour, link) in new[] { ("r1", "r1~r2"), ("r3", "r2~r3") })
        {
            var bfd = Assert.Single(on, e => e.Kind == "bfd.session_down" && e.NodeName == neighbour);
            Assert.Equal((10_902L, link, lost.Id), (bfd.Ms, bfd.Subject, bfd.Cause));
            Assert.Contains("\"peer\":\"r2\"", bfd.DataJson);
            Assert.Contains("\"hop\":\"single-hop\"", bfd.DataJson);
            Assert.Contains("\"client\":\"igp\"", bfd.DataJson);
            Assert.Contains("\"detect_ms\":900", bfd.DataJson);
            // ospfd brings the neighbour down at once, caused by BFD, and says so.
            var down = Assert.Single(on, e => e.Kind == "igp.adjacency_down" && e.NodeName == neighbour);
            Assert.Equal((10_902L, bfd.Id), (down.Ms, down.Cause));
            Assert.Contains("\"reason\":\"BFD down", down.DataJson);
        }
        // r4 is no neighbour of r2: it hears of it by flooding, no BFD of its own. r1's LSA follows 50 ms after its change.
        Assert.DoesNotContain(on, e => e.Kind.StartsWith("bfd.", StringComparison.Ordinal) && e.NodeName == "r4");
        Assert.Equal(10_952, Times(on, "igp.lsa_originated", "r1")[0]);
        // The hold time's news no longer comes: nothing more goes down.
        Assert.DoesNotContain(on, e => e.Kind == "igp.adjacency_down" && e.Ms > 10_902);
        // r2 is back at 610 001 and tells its neighbours at once (1 ms): their BFD sessions are up at 610 002.
        Assert.Equal([610_001], Times(on, "router.control_plane_recovered", "r2"));
        Assert.Equal([610_002], Times(on, "bfd.session_up", "r1"));
        Assert.Equal([610_002], Times(on, "bfd.session_up", "r3"));

        // Faster timers, 50 ms × 4: 10 001 + 1 + 200 = 10 202.
        var (fast, _) = await RunAsync(WithBfd(RingScenario(Fail(0, 10_000, ControlPlaneLost(R2))), intervalMs: 50, multiplier: 4));
        Assert.Equal([10_202], Times(fast, "igp.adjacency_down", "r1"));
        Assert.Contains("\"detect_ms\":200", Assert.Single(fast, e => e.Kind == "bfd.session_down" && e.NodeName == "r1").DataJson);
    }

    [Fact]
    public async Task A_crashed_router_is_noticed_by_its_loss_of_light_unless_bfd_is_faster()
    {
        var crash = new FailureSpec(FailureSpec.Routers, 0) { RouterNodes = [R2] };
        // 300 ms × 3 = 900 ms is slower than the loss of light (1 ms + carrier_loss_detect 150 ms = 10 152): BFD does
        // not show.
        var (slow, _) = await RunAsync(WithBfd(RingScenario(Fail(0, 10_000, crash)), intervalMs: 300));
        Assert.Equal([10_152], Times(slow, "igp.adjacency_down", "r1"));
        Assert.DoesNotContain(slow, e => e.Kind.StartsWith("bfd.", StringComparison.Ordinal));
        // 10 ms × 3 = 30 ms beats it: 10 001 + 1 + 30 = 10 032; the light's loss at 10 152 changes nothing more.
        var (quick, _) = await RunAsync(WithBfd(RingScenario(Fail(0, 10_000, crash)), intervalMs: 10));
        Assert.Equal([10_032], Times(quick, "bfd.session_down", "r1"));
        Assert.Equal([10_032], Times(quick, "igp.adjacency_down", "r1"));
        Assert.Equal([10_032], Times(quick, "igp.adjacency_down", "r3"));
    }

    /// <summary>The BGP test network (<see cref="ReflectorNetwork"/>): e1 with transit from as100 and peering with as200,
    /// an iBGP client of rr; every link and session 1 ms.</summary>
    private static ScenarioDefinition Reflector(params TimelineAction[] timeline) => new()
    {
        Name = "bfd", Title = "bfd", SourceFile = "bfd.yaml", Seed = 5, Start = DateTimeOffset.UnixEpoch, DurationMs = 1_500_000,
        LookaheadMs = 1, Topology = ReflectorNetwork.Topology(new BgpDesign { FullTableRoutes = 100_000, RoutesPerAs = 10, AsRestartMs = 60_000 }),
        Parameters = new ModelParameters { PushBaseMs = 1_000, PushSpreadMs = 0 }, Timeline = timeline,
    };

    [Fact]
    public async Task With_bfd_bgp_sessions_to_a_router_whose_control_plane_died_close_with_reason_bfd_down()
    {
        const int E1 = ReflectorNetwork.E1;
        // Without BFD: e1's control plane dies at 10 001; its BGP peers (rr over iBGP, as100 and as200 over eBGP) close
        // when bgp_hold runs out, 10 001 + 90 000 = 100 001 (rr's IGP path to e1 is gone only after igp_hold, 40 001, so
        // its iBGP "unreachable" hold timer would end later still); rr's adjacency ends at 40 001.
        var (off, _) = await RingNetwork.RunAsync(Reflector(Fail(0, 10_000, ControlPlaneLost(E1), "bfd.yaml")));
        foreach (var peer in new[] { "rr", "as100", "as200" })
        {
            var closed = Assert.Single(off, e => e.Kind == "bgp.session_down" && e.NodeName == peer);
            Assert.Equal(100_001, closed.Ms);
            Assert.Contains("hold timer expired: the peer went silent", closed.DataJson);
        }
        Assert.Equal([40_001], Times(off, "igp.adjacency_down", "rr"));

        // With BFD 300 ms × 3, every session (the link's single hop, iBGP's multihop, each eBGP session's single hop)
        // declares e1 down at 10 001 + 1 + 900 = 10 902, and the BGP sessions close then, caused by it.
        var (on, _) = await RingNetwork.RunAsync(WithBfd(Reflector(Fail(0, 10_000, ControlPlaneLost(E1), "bfd.yaml")), intervalMs: 300));
        foreach (var (peer, hop) in new[] { ("rr", "multihop"), ("as100", "single-hop"), ("as200", "single-hop") })
        {
            var bfd = Assert.Single(on, e => e.Kind == "bfd.session_down" && e.NodeName == peer && e.DataJson.Contains("\"client\":\"bgp\""));
            Assert.Equal(10_902, bfd.Ms);
            Assert.Contains($"\"hop\":\"{hop}\"", bfd.DataJson);
            var closed = Assert.Single(on, e => e.Kind == "bgp.session_down" && e.NodeName == peer);
            Assert.Equal((10_902L, bfd.Id), (closed.Ms, closed.Cause));
            Assert.Contains("\"reason\":\"BFD down", closed.DataJson);
        }
        // rr's adjacency with e1 goes by BFD on the link at the same instant.
        var linkBfd = Assert.Single(on, e => e.Kind == "bfd.session_down" && e.NodeName == "rr" && e.DataJson.Contains("\"client\":\"igp\""));
        Assert.Equal((10_902L, "e1~rr"), (linkBfd.Ms, linkBfd.Subject));
        Assert.Equal([10_902], Times(on, "igp.adjacency_down", "rr"));
        // e2 is no peer of e1: nothing there.
        Assert.DoesNotContain(on, e => e.Kind is "bfd.session_down" or "bgp.session_down" && e.NodeName == "e2");
        // e1 is back at 610 001 and opens its eBGP sessions at once: the OPEN (1 ms + 50 ms processing) brings each AS's
        // BFD session back up at 610 052, before its BGP session.
        Assert.Equal([610_001], Times(on, "router.control_plane_recovered", "e1"));
        foreach (var peer in new[] { "as100", "as200" })
        {
            Assert.Equal([610_052], Times(on, "bfd.session_up", peer));
            Assert.Equal(610_052, Times(on, "bgp.session_up", peer)[0]);
        }
    }

    [Fact]
    public async Task With_bfd_an_ibgp_session_the_igp_no_longer_carries_ends_after_the_detection_time_not_the_hold_time()
    {
        // The only link between e1 and rr is cut at 10 000: both ends lose light and drop the adjacency at 10 150, each
        // originates its LSA 50 ms later (10 200), which schedules SPF 200 ms after that: at 10 400 each finds the other
        // unreachable. Without BFD the iBGP session lasts bgp_hold more (100 400); with BFD its multihop session, whose
        // packets rode that path, is declared down after 900 ms: 11 300.
        var cut = new FailureSpec(FailureSpec.Links, 0) { CutLinks = [ReflectorNetwork.Topology(new BgpDesign()).Links[0]] };
        var (off, _) = await RingNetwork.RunAsync(Reflector(Fail(0, 10_000, cut, "bfd.yaml")));
        foreach (var end in new[] { "e1", "rr" })
        {
            Assert.Equal([10_150], Times(off, "igp.adjacency_down", end));
            var closed = Assert.Single(off, e => e.Kind == "bgp.session_down" && e.NodeName == end);
            Assert.Equal(100_400, closed.Ms);
            Assert.Contains("hold timer expired: the peer is unreachable", closed.DataJson);
        }
        var (on, _) = await RingNetwork.RunAsync(WithBfd(Reflector(Fail(0, 10_000, cut, "bfd.yaml")), intervalMs: 300));
        foreach (var (end, peer) in new[] { ("e1", "rr"), ("rr", "e1") })
        {
            // The link's single-hop session went with the light (carrier loss takes the adjacency, not BFD).
            Assert.Equal([10_150], Times(on, "igp.adjacency_down", end));
            var bfd = Assert.Single(on, e => e.Kind == "bfd.session_down" && e.NodeName == end);
            Assert.Equal(11_300, bfd.Ms);
            Assert.Contains($"\"peer\":\"{peer}\"", bfd.DataJson);
            Assert.Contains("\"hop\":\"multihop\"", bfd.DataJson);
            var closed = Assert.Single(on, e => e.Kind == "bgp.session_down" && e.NodeName == end);
            Assert.Equal((11_300L, bfd.Id), (closed.Ms, closed.Cause));
            Assert.Contains("\"reason\":\"BFD down", closed.DataJson);
        }
    }

    [Fact]
    public async Task Bfd_is_off_by_default_and_changes_nothing_then()
    {
        var defaults = new ModelParameters();
        Assert.Equal((0L, 3), (defaults.BfdIntervalMs, defaults.BfdMultiplier));
        // The hold times decide (the figures above), no BFD event is logged, and an adjacency's end names no reason.
        var (events, _) = await RunAsync(RingScenario(Fail(0, 10_000, ControlPlaneLost(R2))));
        Assert.DoesNotContain(events, e => e.Kind.StartsWith("bfd.", StringComparison.Ordinal));
        Assert.All(events.Where(e => e.Kind == "igp.adjacency_down"), e => Assert.DoesNotContain("reason", e.DataJson));
        var (bgp, _) = await RingNetwork.RunAsync(Reflector(Fail(0, 10_000, ControlPlaneLost(ReflectorNetwork.E1), "bfd.yaml")));
        Assert.DoesNotContain(bgp, e => e.Kind.StartsWith("bfd.", StringComparison.Ordinal));
    }
}
