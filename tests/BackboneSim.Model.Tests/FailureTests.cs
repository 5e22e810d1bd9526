using BackboneSim.Analysis.Observation;
using BackboneSim.Engine;
using BackboneSim.Model.Scenario;
using BackboneSim.Model.Topology;
using BackboneSim.Scenarios.Actions;
using static BackboneSim.Model.Tests.RingNetwork;

namespace BackboneSim.Model.Tests;

/// <summary>
/// Timeline failures on the ring (r1 fronts the data center, r4 is the edge with DNS server d1; lookahead 1 ms;
/// links r1-r2 and r2-r3 1 ms, r3-r4 and r4-r1 2 ms; link indices 0..3 in that order). Timings by hand from the
/// defaults: carrier_loss_detect 150 ms, igp_hello_interval 10 s (an adjacency is full after the second hellos and
/// two round trips describing the 4-LSA database), lsa_generation_delay 50 ms, spf_delay 200 ms,
/// igp_hold 30 s, control_plane_reboot 10 min; the scenario driver reaches a node a lookahead after the action.
/// </summary>
public class FailureTests
{
    private static readonly ResponderSpec Shared = new(OobSeparate: false, VpnLoginMs: 300_000, OobLoginMs: 600_000,
        TravelMs: 3_600_000, SecurityMs: 1_800_000, DiagnoseMs: 600_000);

    private static FailAction Fail(int index, long atMs, FailureSpec failure) => new(index, $"fail{index}", atMs,
        new SourceLocation("ring.yaml", 10 + index, 3), failure.Nodes, "test fail", failure);

    private static RecoverAction Recover(int index, long atMs, int of) => new(index, $"recover{index}", atMs,
        new SourceLocation("ring.yaml", 10 + index, 3), [], "test recover", of);

    private static RespondAction RespondRecover(int index, long atMs, int of) => new(index, $"respond{index}", atMs,
        new SourceLocation("ring.yaml", 10 + index, 3), "test respond", of);

    private static FailureSpec Cut(long forMs, params int[] links)
        => new(FailureSpec.Links, forMs) { CutLinks = links.Select(i => RingTopology().Links[i]).ToList() };

    private static FailureSpec Crash(params int[] routers) => new(FailureSpec.Routers, 0) { RouterNodes = routers };

    private static long[] Times(List<LoggedEvent> events, string kind, string node)
        => events.Where(e => e.Kind == kind && e.NodeName == node).Select(e => e.Ms).ToArray();

    /// <summary>The series as they stand after every event up to <paramref name="ms"/>.</summary>
    private static RunState StateAt(List<LoggedEvent> events, Build.SimulationFactory factory, long ms)
    {
        var state = new RunState(factory);
        foreach (var e in events.Where(e => e.Ms <= ms)) state.Apply(e);
        return state;
    }

    [Fact]
    public async Task A_cut_link_drops_its_adjacency_at_both_ends_after_carrier_loss_detection_and_the_recovery_brings_it_back()
    {
        var (events, factory) = await RunAsync(RingScenario(Fail(0, 10_000, Cut(0, 3)), Recover(1, 60_000, of: 0)));
        var cut = Assert.Single(events, e => e.Kind == "link.cut");
        Assert.Equal((10_000L, "scenario", "r4~r1"), (cut.Ms, cut.NodeName, cut.Subject));
        Assert.Equal(events.First(e => e.Kind == "scenario.action").Id, cut.Cause);
        // Both ends lose light at once (the cut is between them) and declare it after 150 ms.
        Assert.Equal([10_150], Times(events, "igp.adjacency_down", "r4"));
        Assert.Equal([10_150], Times(events, "igp.adjacency_down", "r1"));
        Assert.All(events.Where(e => e.Kind == "igp.adjacency_down"), e => Assert.Equal(cut.Id, e.Cause));
        // r4 still reaches the data center the long way round (r3-r2-r1): nothing changes for the DNS server.
        Assert.DoesNotContain(events, e => e.Kind is "igp.dc_reachability" or "dns.withdraw");
        Assert.Equal(3, StateAt(events, factory, 30_000).BackboneLinksUp);
        // Spliced at 60 s: light returns after 150 ms at both ends, which send their first hellos then (each arrives
        // 2 ms later: the far end is known); the second hellos (70 150) list the far end, so both are two-way at
        // 70 152; describing the database takes two round trips of 4 ms (one to agree who leads, one for 4 LSA
        // headers): full at 70 160.
        Assert.Equal(60_000, Assert.Single(events, e => e.Kind == "link.restored").Ms);
        Assert.Equal([70_160], Times(events, "igp.adjacency_up", "r4"));
        Assert.Equal([70_160], Times(events, "igp.adjacency_up", "r1"));
        Assert.Equal(4, StateAt(events, factory, 70_000).BackboneLinksUp);
    }

    [Fact]
    public async Task An_edge_cut_off_by_two_cuts_loses_the_data_center_and_for_recovers_it_by_itself()
    {
        var (events, _) = await RunAsync(RingScenario(Fail(0, 10_000, Cut(30_000, 2, 3))));
        // Adjacencies down at 10 150; r4's LSA 50 ms later; SPF 200 ms after that finds no data center.
        var lost = Assert.Single(events, e => e.Kind == "igp.dc_reachability" && e.Value == 0);
        Assert.Equal((10_400L, "r4"), (lost.Ms, lost.NodeName));
        Assert.Equal(10_401, Assert.Single(events, e => e.Kind == "dns.healthcheck_failing").Ms);
        // for: 30s: the failure ends at 40 000 by itself, caused by its own scenario line.
        var restored = events.Where(e => e.Kind == "link.restored").ToList();
        Assert.Equal(2, restored.Count);
        Assert.All(restored, e => Assert.Equal((40_000L, events.First(x => x.Kind == "scenario.action").Id), (e.Ms, e.Cause)));
        Assert.Equal([50_160, 50_160], Times(events, "igp.adjacency_up", "r4")); // light at 40 150, as above
        // The neighbours' databases reach r4 at 50 162 and trigger SPF (50 362, the initial 200 ms: the throttle has
        // been quiet for over 10 s), but their LSAs there are the ones from the cut, which do not list r4. They
        // originate new ones 50 ms after r4's database reached them (50 162): these reach r4 at 50 214, within
        // MinLSArrival (1 s) of those installs: discarded, and sent again a retransmit interval (5 s) after they
        // were sent (50 212), reaching r4 at 55 214. SPF waits 200 ms after that trigger (and 1 s after its last
        // run): the data center is back at 55 414.
        var back = Assert.Single(events, e => e.Kind == "igp.dc_reachability" && e.Value == 1);
        Assert.Equal(55_414, back.Ms);
    }

    [Fact]
    public async Task A_crashed_router_goes_dark_at_once_and_comes_back_a_reboot_after_its_recovery()
    {
        var push = Push(1, 20_000, R2, "r1~r2", up: false);
        var (events, factory) = await RunAsync(RingScenario(Fail(0, 10_000, Crash(R2)), push, Recover(2, 60_000, of: 0)));
        var crashed = Assert.Single(events, e => e.Kind == "router.crashed");
        Assert.Equal((10_001L, "r2"), (crashed.Ms, crashed.NodeName));
        Assert.Equal(1, StateAt(events, factory, 30_000).RoutersControlPlaneDown);
        // Its neighbours lose light: 1 ms propagation + 150 ms detection, not an IGP hold time.
        Assert.Equal([10_152], Times(events, "igp.adjacency_down", "r1"));
        Assert.Equal([10_152], Times(events, "igp.adjacency_down", "r3"));
        // Config management cannot reach a dead router.
        var unreachable = Assert.Single(events, e => e.Kind == "config.unreachable");
        Assert.Equal((21_000L, "r2"), (unreachable.Ms, unreachable.NodeName));
        Assert.Contains("crashed or without power", unreachable.DataJson);
        // Recovered at 60 s: it powers on at 60 001 and its control plane is back 10 minutes later.
        Assert.Equal([60_001], Times(events, "router.rebooting", "r2"));
        Assert.Equal([660_001], Times(events, "router.control_plane_recovered", "r2"));
        Assert.Equal(0, StateAt(events, factory, 700_000).RoutersControlPlaneDown);
        // Back at 660 001, r2 sends its first hellos at once; they reach r1 and r3 (1 ms) before these see its light
        // (660 152) and are lost. r1's and r3's first hellos then reach r2 at 660 153; r2's second hellos (670 001)
        // list them, so they are two-way at 670 002 and full two round trips of 2 ms later (670 006); their Database
        // Descriptions bring r2 to two-way at 670 003, full at 670 007.
        Assert.Equal([670_007, 670_007], Times(events, "igp.adjacency_up", "r2"));
        Assert.Equal([670_006], Times(events, "igp.adjacency_up", "r1"));
        Assert.Equal([670_006], Times(events, "igp.adjacency_up", "r3"));
    }

    [Fact]
    public async Task A_lost_control_plane_job_restarts_by_itself_unless_told_not_to()
    {
        var restart = new FailureSpec(FailureSpec.ControlPlane, 0) { RouterNodes = [R2] };
        var (events, factory) = await RunAsync(RingScenario(Fail(0, 10_000, restart)));
        var lost = Assert.Single(events, e => e.Kind == "router.control_plane_lost");
        Assert.Equal((10_001L, "r2"), (lost.Ms, lost.NodeName));
        Assert.Equal(1, StateAt(events, factory, 20_000).RoutersControlPlaneDown);
        // The links keep their light: neighbours notice when their IGP hold time (30 s) runs out.
        Assert.Equal([40_001], Times(events, "igp.adjacency_down", "r1"));
        Assert.Equal([40_001], Times(events, "igp.adjacency_down", "r3"));
        Assert.Equal([610_001], Times(events, "router.control_plane_recovered", "r2"));

        // restart: false keeps it down past the reboot time, until its for: runs out (20 min); then it reboots.
        var held = new FailureSpec(FailureSpec.ControlPlane, 1_200_000) { RouterNodes = [R2], Restart = false };
        var (heldEvents, _) = await RunAsync(RingScenario(Fail(0, 10_000, held)));
        Assert.Contains("\"restart\":false", Assert.Single(heldEvents, e => e.Kind == "router.control_plane_lost").DataJson);
        Assert.Equal([1_210_001], Times(heldEvents, "router.rebooting", "r2"));
        Assert.Equal([1_810_001], Times(heldEvents, "router.control_plane_recovered", "r2"));
    }

    [Fact]
    public async Task A_neighbour_whose_control_plane_restarted_is_noticed_at_its_first_hello_not_at_the_hold_time()
    {
        // r2's control plane is lost at 10 001 and back 20 s later (30 001), before r1's and r3's IGP hold (30 s) runs
        // out: they never noticed. r2's first hellos (sent at 30 001, 1 ms links) do not list them, so each drops its
        // adjacency at 30 002 (RFC 2328 §10.5, 1-WayReceived) and answers at its next hello, whose phase is its own
        // (within one hello interval); r2 is then two-way, and both are full two round trips of 2 ms later.
        var scenario = RingScenario(Fail(0, 10_000, new FailureSpec(FailureSpec.ControlPlane, 0) { RouterNodes = [R2] }));
        scenario.Parameters.ControlPlaneRebootMs = 20_000;
        var (events, _) = await RunAsync(scenario);
        Assert.Equal([30_001], Times(events, "router.control_plane_recovered", "r2"));
        Assert.Equal([30_002], Times(events, "igp.adjacency_down", "r1"));
        Assert.Equal([30_002], Times(events, "igp.adjacency_down", "r3"));
        foreach (var neighbour in new[] { "r1", "r3" })
        {
            var up = Assert.Single(Times(events, "igp.adjacency_up", neighbour));
            Assert.InRange(up, 30_002 + 1 + 2 + 4, 30_002 + 1 + 10_000 + 2 + 4);
        }
        Assert.Equal(2, Times(events, "igp.adjacency_up", "r2").Length);
        // The hold time's news, about a life that has ended, takes nothing down at 40 001.
        Assert.DoesNotContain(events, e => e.Kind == "igp.adjacency_down" && e.Ms > 30_002);
    }

    [Fact]
    public async Task A_second_lsa_soon_after_the_first_waits_for_the_generation_throttle()
    {
        // r1 loses r2 (link 0 cut at 10 000, seen at 10 150) and r4 (link 3 cut at 11 000, seen at 11 150). With the
        // defaults (50 ms, 200 ms, 5 s) the first LSA goes at 10 200 and the second 50 ms after its change (11 200):
        // 950 ms since the last is more than the secondary wait.
        var scenario = RingScenario(Fail(0, 10_000, Cut(0, 0)), Fail(1, 11_000, Cut(0, 3)));
        var (events, _) = await RunAsync(scenario);
        Assert.Equal([10_200, 11_200], Times(events, "igp.lsa_originated", "r1"));
        // As FRR's ospfd runs it (at once, then at most every 5 s: RFC 2328's MinLSInterval), the second waits until
        // 5 s after the first: the network hears of r1's second loss 4 s later.
        scenario = RingScenario(Fail(0, 10_000, Cut(0, 0)), Fail(1, 11_000, Cut(0, 3)));
        (scenario.Parameters.LsaGenerationDelayMs, scenario.Parameters.LsaSecondaryWaitMs, scenario.Parameters.LsaMaxWaitMs) = (0, 5_000, 5_000);
        (events, _) = await RunAsync(scenario);
        Assert.Equal([10_150, 15_150], Times(events, "igp.lsa_originated", "r1"));
    }

    [Fact]
    public async Task A_recovery_of_a_failure_that_already_ended_changes_nothing()
    {
        var (events, _) = await RunAsync(RingScenario(Fail(0, 10_000, Cut(5_000, 0)), Recover(1, 60_000, of: 0)));
        Assert.Equal(15_000, Assert.Single(events, e => e.Kind == "link.restored").Ms);
        Assert.Equal(2, events.Count(e => e.Kind == "igp.adjacency_up"));
    }

    [Fact]
    public async Task Responders_recover_a_crashed_edge_router_after_travel_security_and_diagnosis()
    {
        // r4 is the only PoP: crashed, nothing reaches a data center, so neither the VPN nor the shared
        // out-of-band network works.
        var (events, _) = await RunAsync(RingScenario(Shared, Fail(0, 10_000, Crash(R4)), RespondRecover(1, 60_000, of: 0)));
        var dispatched = Assert.Single(events, e => e.Kind == "responders.dispatched");
        Assert.Equal(60_001, dispatched.Ms);
        Assert.Contains("\"recover\":\"fail0\"", dispatched.DataJson);
        Assert.Equal(2, events.Count(e => e.Kind == "responders.access_attempt" && e.Value == 0));
        Assert.Equal(60_001 + 3_600_000 + 1_800_000, Assert.Single(events, e => e.Kind == "responders.access_gained").Ms);
        var recovered = Assert.Single(events, e => e.Kind == "responders.recover");
        Assert.Equal(60_001 + 3_600_000 + 1_800_000 + 600_000, recovered.Ms);
        // The driver ends the failure a hop later; the router powers on a hop after that and reboots.
        var rebooting = Assert.Single(events, e => e.Kind == "router.rebooting");
        Assert.Equal((recovered.Ms + 2, "r4"), (rebooting.Ms, rebooting.NodeName));
        Assert.Equal(rebooting.Ms + 600_000, Assert.Single(events, e => e.Kind == "router.control_plane_recovered").Ms);
        // The chain leads from the reboot back through the responders to the respond line.
        var byId = events.ToDictionary(e => e.Id);
        var chain = new List<LoggedEvent>();
        for (LoggedEvent? e = rebooting; e is not null; e = e.Cause is { } c ? byId[c] : null) chain.Add(e);
        Assert.Equal(["scenario.action", "responders.dispatched", "responders.access_attempt", "responders.access_attempt", "responders.travelling",
            "responders.on_site", "responders.access_gained", "responders.recover", "router.rebooting"], chain.Select(e => e.Kind).Reverse());
        Assert.Equal("respond1", chain[^1].Subject);
    }

    [Fact]
    public async Task While_another_PoP_path_works_responders_recover_over_the_VPN()
    {
        // Only r2 crashes: r4 still reaches the data center through r1.
        var (events, _) = await RunAsync(RingScenario(Shared, Fail(0, 10_000, Crash(R2)), RespondRecover(1, 60_000, of: 0)));
        var access = Assert.Single(events, e => e.Kind == "responders.access_gained");
        Assert.Equal((60_001 + 300_000L, true), (access.Ms, access.DataJson.Contains("\"path\":\"vpn\"")));
        Assert.Equal(60_001 + 300_000 + 600_000 + 2, Assert.Single(events, e => e.Kind == "router.rebooting").Ms);
    }

    [Fact]
    public async Task A_crashed_edge_router_loses_its_sessions_its_routes_are_withdrawn_and_they_return_after_the_reboot()
    {
        // e1 buys transit from as100 and peers with as200 (a customer of as100); e1 and e2 are clients of
        // reflector rr; every link and session is 1 ms. e1 announces 203.0.113.0/24.
        const int E1 = ReflectorNetwork.E1;
        var topology = ReflectorNetwork.Topology(new BgpDesign { FullTableRoutes = 100_000, RoutesPerAs = 10 });
        var scenario = RingScenario(Fail(0, 10_000, Crash(E1)), Recover(1, 20_000, of: 0));
        scenario = new ScenarioDefinition
        {
            Name = "crash", Title = "crash", SourceFile = "crash.yaml", Seed = 5, Start = scenario.Start, DurationMs = 1_000_000,
            LookaheadMs = 1, Topology = topology, Parameters = scenario.Parameters, Timeline = scenario.Timeline,
        };
        var (events, _) = await RunAsync(scenario);
        Assert.Equal([10_001], Times(events, "router.crashed", "e1"));
        // Its external peers are one link away: they see the carrier go after 1 ms + 150 ms and drop the session.
        foreach (var asName in new[] { "as100", "as200" })
        {
            var down = Assert.Single(events, e => e.Kind == "bgp.session_down" && e.NodeName == asName);
            Assert.Equal(10_152, down.Ms);
            Assert.Contains("lost carrier", down.DataJson);
        }
        // as100 had the prefix only from e1; as200 falls back on as100's path until as100's withdrawal arrives (5 + 50 ms).
        Assert.Equal([10_152], Times(events, "bgp.route_lost", "as100"));
        Assert.Equal([10_152], Times(events, "bgp.route_changed", "as200"));
        Assert.Equal([10_207], Times(events, "bgp.route_lost", "as200"));
        // The reflector loses the adjacency by carrier too, and the iBGP session when its hold timer (90 s) runs out.
        Assert.Equal([10_152], Times(events, "igp.adjacency_down", "rr"));
        var ibgp = Assert.Single(events, e => e.Kind == "bgp.session_down" && e.NodeName == "rr");
        Assert.Equal(100_001, ibgp.Ms);
        Assert.Contains("hold timer expired: the peer went silent", ibgp.DataJson);
        Assert.DoesNotContain(events, e => e.Kind == "bgp.session_down" && e.NodeName == "e2");
        // Recovered at 20 s: back at 620 001; it opens its eBGP sessions (each way 1 + 50 ms) and announces again.
        Assert.Equal([620_001], Times(events, "router.control_plane_recovered", "e1"));
        Assert.Equal([620_052], Times(events, "bgp.session_up", "as100"));
        Assert.Equal([620_103, 620_103], Times(events, "bgp.session_up", "e1").Take(2));
        Assert.Equal([620_154], Times(events, "bgp.route_learned", "as100"));
    }
}
