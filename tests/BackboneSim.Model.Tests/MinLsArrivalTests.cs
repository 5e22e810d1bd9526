using BackboneSim.Engine;
using BackboneSim.Model.Nodes;
using BackboneSim.Model.Scenario;
using BackboneSim.Scenarios.Actions;
using static BackboneSim.Model.Tests.RingNetwork;

namespace BackboneSim.Model.Tests;

/// <summary>
/// MinLSArrival (RFC 2328 §13 step (5)(a), <c>igp_min_ls_arrival</c> 1 s) and the retransmission of what a neighbour
/// discarded (§13.6, <c>igp_retransmit_interval</c> 5 s), with hand-computed times on the ring (r1-r2 and r2-r3 1 ms,
/// r3-r4 and r4-r1 2 ms; pushes land 1 s after they start).
/// </summary>
public class MinLsArrivalTests
{
    private static PushAction Drain(int index, long at, bool overload)
        => Push(index, at, R2, "*", up: true) with { Interfaces = [], Igp = [new IgpEdit { Overload = overload }] };

    private static long[] Times(List<LoggedEvent> events, string kind, string node)
        => events.Where(e => e.Kind == kind && e.NodeName == node).Select(e => e.Ms).ToArray();

    private static (long Ms, double Value)[] Reachability(List<LoggedEvent> events, long after)
        => events.Where(e => e.Kind == "igp.dc_reachability" && e.NodeName == "r4" && e.Ms > after).Select(e => (e.Ms, e.Value)).ToArray();

    /// <summary>
    /// r4 loses its own link to r1 (a push landing at 11 000), so its only way to the data center is r4-r3-r2-r1. Its
    /// SPF throttle last ran at 12 250 (after r1's LSA about the shut link), quiet since. r2 is drained by a push landing
    /// at 41 000 and undrained by one landing at <paramref name="undrainLands"/>.
    /// </summary>
    private static ScenarioDefinition DrainAndUndrain(long undrainLands) => RingScenario(
        Push(0, 10_000, R4, "r4~r1", up: false),
        Drain(1, 40_000, overload: true),
        Drain(2, undrainLands - 1_000, overload: false));

    [Fact]
    public async Task An_LSA_reoriginated_within_MinLSArrival_is_discarded_and_arrives_a_retransmit_interval_after_it_was_sent()
    {
        var (events, _) = await RunAsync(DrainAndUndrain(41_300));
        // r2 originates its drained LSA 50 ms after the push (41 050); r3 installs it at 41 051 and floods it to r4
        // (41 053), whose SPF, quiet for over 10 s, waits the initial 200 ms: no way to the data center at 41 253.
        // The undrain lands at 41 300: the LSA throttle's secondary wait (200 ms after 41 050) is over, so the
        // initial 50 ms decide: r2 originates at 41 350, and r3 (and r1) get it at 41 351, 300 ms after they
        // installed the drained instance: discarded, unacknowledged. r2 sends it again 5 s after it sent it
        // (46 350): r3 installs it at 46 351 and floods it on to r4 (46 353); SPF waits 200 ms after that trigger
        // (and the 1 s secondary wait after 41 253 is long over): the data center is back at 46 553. Without
        // MinLSArrival it would be back at 42 253 (the secondary wait after 41 253).
        Assert.Equal([41_050, 41_350], Times(events, "igp.lsa_originated", "r2"));
        Assert.Equal([(41_253L, 0.0), (46_553L, 1.0)], Reachability(events, 40_000));
    }

    [Fact]
    public async Task An_LSA_reoriginated_after_MinLSArrival_is_accepted_at_once()
    {
        var (events, _) = await RunAsync(DrainAndUndrain(42_500));
        // As above, but the undrain lands at 42 500: r2 originates at 42 550 and r3 gets it at 42 551, 1.5 s after it
        // installed the drained instance: installed and flooded to r4 at once (42 553); SPF 200 ms later.
        Assert.Equal([41_050, 42_550], Times(events, "igp.lsa_originated", "r2"));
        Assert.Equal([(41_253L, 0.0), (42_753L, 1.0)], Reachability(events, 40_000));
    }

    /// <summary>The ring with FRR ospfd's timers, as the ground-truth harness sets them: light lost and back at once,
    /// LSAs originated at once and at most every 5 s, SPF throttle 0/50/5000 ms.</summary>
    private static void Frr(ModelParameters p, long minLsArrivalMs)
    {
        (p.CarrierLossDetectMs, p.LsaGenerationDelayMs, p.LsaSecondaryWaitMs, p.LsaMaxWaitMs) = (0, 0, 5_000, 5_000);
        (p.SpfDelayMs, p.SpfSecondaryWaitMs, p.SpfMaxWaitMs, p.IgpMinLsArrivalMs) = (0, 50, 5_000, minLsArrivalMs);
    }

    private static async Task<(long Full, long Back)> CutAndRestoreR4(long minLsArrivalMs)
    {
        var cut = new FailureSpec(FailureSpec.Links, 30_000) { CutLinks = [RingTopology().Links[2], RingTopology().Links[3]] };
        var scenario = RingScenario(new FailAction(0, "fail0", 10_000, new SourceLocation("ring.yaml", 10, 3), cut.Nodes, "test fail", cut));
        Frr(scenario.Parameters, minLsArrivalMs);
        var (events, _) = await RunAsync(scenario);
        var full = Times(events, "igp.adjacency_up", "r4");
        Assert.Equal(2, full.Length);
        Assert.Equal(full[0], full[1]);
        // r4 loses the data center at the cut and finds it again once, when.
        var reach = events.Where(e => e.Kind == "igp.dc_reachability" && e.NodeName == "r4").ToList();
        Assert.Equal([0.0, 1.0], reach.Select(e => e.Value));
        return (full[0], reach[1].Ms);
    }

    [Fact]
    public async Task After_a_restored_link_the_route_returns_a_retransmit_interval_after_the_adjacency_is_full()
    {
        // Both of r4's links are cut from 10 000 to 40 000; light goes and returns at both ends a lookahead (1 ms)
        // later. The first hellos cross; the second ones (50 001) list the far end: two-way at 50 003, full two
        // round trips of 4 ms later, at 50 011 at both ends of both links. The databases cross: each neighbour's
        // reaches r4 at 50 013, with r1's and r3's LSAs from the cut (not listing r4), and r4's reaches them; each end
        // originates as the far end's database is in (50 013: r4 with r1's and r3's in hand, so its SPF never sees
        // their LSAs from before the cut, which list it). r1 and r3 first flood on r4's LSA from the database
        // (50 013), so their own new LSA, listing r4, waits the 10 ms flooding pace (50 023) and reaches r4 at
        // 50 025: discarded (MinLSArrival, 12 ms after the install), as r4's is at r1 and r3. Sent again 5 s after
        // they were sent (55 023), they reach r4 at 55 025 and SPF runs at once (the 50 ms secondary wait is over):
        // the route is back 5 014 ms after full, where FRR took 5.015 s (bench/results, ground truth).
        var (full, back) = await CutAndRestoreR4(minLsArrivalMs: 1_000);
        Assert.Equal(50_011, full);
        Assert.Equal(full + 2 + 10 + 5_000 + 2, back);
    }

    [Fact]
    public async Task Without_MinLSArrival_a_quick_reorigination_is_accepted_at_once()
    {
        // The first case with igp_min_ls_arrival: 0: r3 installs the undrained LSA at 41 351 and r4 at 41 353; SPF
        // runs 1 s after its run at 41 253, the secondary wait.
        var scenario = DrainAndUndrain(41_300);
        scenario.Parameters.IgpMinLsArrivalMs = 0;
        var (events, _) = await RunAsync(scenario);
        Assert.Equal([41_050, 41_350], Times(events, "igp.lsa_originated", "r2"));
        Assert.Equal([(41_253L, 0.0), (42_253L, 1.0)], Reachability(events, 40_000));
    }
}
