using BackboneSim.Engine;
using BackboneSim.Model.Nodes;
using BackboneSim.Model.Scenario;
using BackboneSim.Model.Topology;
using BackboneSim.Scenarios.Actions;

namespace BackboneSim.Model.Tests;

/// <summary>
/// Route leaks, max-prefix limits and control-plane overload on a small network: edge e1 buys transit from t1 (a
/// full table of 100 000 routes) and peers with p1 (10 routes); e1 and e2 are route-reflector clients of rr; links
/// e1-rr and rr-e2, and every session, are 1 ms. Timings by hand: a push lands at +1 s; exports wait for the 5 s
/// batching interval; a route-count message takes 1 ms + 50 ms processing + count / 20 000 per second.
/// </summary>
public class BgpSessionTests
{
    private const int E1 = ReflectorNetwork.E1, Rr = ReflectorNetwork.Rr, E2 = ReflectorNetwork.E2, T1 = ReflectorNetwork.T1, P1 = ReflectorNetwork.P1;
    private const string Prefix = ReflectorNetwork.Prefix;

    private static ScenarioDefinition Network(BgpDesign design, params (long At, int[] Targets, BgpSessionEdit Edit)[] pushes)
    {
        var topology = ReflectorNetwork.Topology(design);
        var timeline = pushes.Select((p, i) => new PushAction(i, $"push{i}", p.At, new SourceLocation("leak.yaml", i + 1, 3), p.Targets, [], "bgp")
        {
            Bgp = [p.Edit],
        }).ToList();
        return new ScenarioDefinition
        {
            Name = "leak", Title = "leak", SourceFile = "leak.yaml", Seed = 5, Start = DateTimeOffset.UnixEpoch, DurationMs = 1_500_000,
            LookaheadMs = 1, Topology = topology, Parameters = new ModelParameters { PushBaseMs = 1_000, PushSpreadMs = 0 }, Timeline = timeline,
        };
    }

    private static BgpDesign Design(long rrCapacity = 4_000_000, long ibgpMaxPrefix = 0, long ibgpRestartMs = 0)
    {
        var d = new BgpDesign { FullTableRoutes = 100_000, RoutesPerAs = 10, AsRestartMs = 60_000 };
        d.RouteCapacity[RouterRole.Backbone] = rrCapacity;
        d.Policies[BgpSessionKind.Ibgp] = d.Policies[BgpSessionKind.Ibgp] with { MaxPrefix = ibgpMaxPrefix, RestartMs = ibgpRestartMs };
        return d;
    }

    private static readonly BgpSessionEdit LeakToIbgp = new() { Peer = "ibgp", Announce = ["*"] };

    private static long[] Times(List<LoggedEvent> events, string kind, string node) => events.Where(e => e.Kind == kind && e.NodeName == node).Select(e => e.Ms).ToArray();

    [Fact]
    public async Task The_steady_state_keeps_full_tables_at_the_edge()
    {
        var (events, factory) = await RingNetwork.RunAsync(Network(Design()));
        Assert.DoesNotContain(events, e => e.Kind.StartsWith("bgp.session", StringComparison.Ordinal));
        var e1 = (RouterModel)factory.CreateModel(E1);
        var rr = (RouterModel)factory.CreateModel(Rr);
        var e2 = (RouterModel)factory.CreateModel(E2);
        Assert.Equal(100_000 + 10, e1.Bgp.RibPaths); // transit table and the peer's routes; rr reflects nothing back to e1
        Assert.Equal(1 + 10, rr.Bgp.RibPaths);       // e1 sends its own prefix and its peer's routes, not the full table
        Assert.Equal(1 + 10, e2.Bgp.RibPaths);       // reflected to the other client
    }

    [Fact]
    public async Task A_leaked_full_table_overloads_the_reflector_which_fails_reboots_and_fails_again()
    {
        var (events, _) = await RingNetwork.RunAsync(Network(Design(rrCapacity: 90_000), (10_000, [E1], LeakToIbgp)));
        // Push applied at 11 000; export batch ends at 16 000; 100 000 more routes take 1 + 50 + 5 000 ms.
        var failed = Times(events, "router.control_plane_failed", "rr");
        Assert.Equal(21_051, failed[0]);
        // Its neighbours notice when their hold timers run out: IGP after 30 s, iBGP after 90 s.
        Assert.Equal([51_051L], Times(events, "igp.adjacency_down", "e2").Take(1).ToArray());
        Assert.Contains(events, e => e.Kind == "bgp.session_down" && e.NodeName == "e2" && e.Ms == 111_051);
        // It reboots 10 minutes later; the leak is still there, so once iBGP is back the table arrives again.
        Assert.Equal(621_051, Times(events, "router.control_plane_recovered", "rr")[0]);
        Assert.True(failed.Length >= 2, "the reflector fails again while the leak lasts");
        Assert.True(failed[1] > 621_051 + 3_000 + 5_000, $"second failure at {failed[1]} must follow adjacency, session and transfer time");
    }

    [Fact]
    public async Task A_max_prefix_limit_tears_the_session_down_instead_and_retries_after_the_restart_time()
    {
        var (events, _) = await RingNetwork.RunAsync(Network(Design(rrCapacity: 90_000, ibgpMaxPrefix: 50_000, ibgpRestartMs: 60_000),
            (10_000, [E1], LeakToIbgp)));
        Assert.DoesNotContain(events, e => e.Kind == "router.control_plane_failed");
        var tripped = Times(events, "bgp.max_prefix_exceeded", "rr");
        Assert.Equal(21_051, tripped[0]);
        Assert.Contains(events, e => e.Kind == "bgp.session_down" && e.NodeName == "e1" && e.Ms == 21_102); // NOTIFICATION, 51 ms
        // Restart at 81 051: OPEN reaches e1 at 81 102, which sends all 100 011 routes again: + 51 + 5 001 ms.
        Assert.Equal(86_154, tripped[1]);
    }

    [Fact]
    public async Task A_leak_to_a_peer_trips_the_peer_limit_and_the_peer_loses_the_operator_prefix()
    {
        var (events, _) = await RingNetwork.RunAsync(Network(Design(), (10_000, [E1], new BgpSessionEdit { Peer = "ebgp", Announce = ["*"] })));
        Assert.Equal(21_051, Times(events, "bgp.max_prefix_exceeded", "as200")[0]);
        // The peer (limit 1 000) drops the session; it still reaches the prefix through its transit provider.
        Assert.Contains(events, e => e.Kind == "bgp.route_changed" && e.NodeName == "as200" && e.Ms == 21_051);
        Assert.DoesNotContain(events, e => e.Kind == "bgp.max_prefix_exceeded" && e.NodeName == "as100"); // t1 gets only 10 + 1 routes
        // After its 60 s restart it opens again, gets the leak again and trips again.
        Assert.True(Times(events, "bgp.max_prefix_exceeded", "as200").Length >= 2);
    }

    /// <summary>The leak, then the responders (out-of-band, no login or diagnosis time) roll it back at 40 s.</summary>
    private static ScenarioDefinition LeakThenRollback(long ibgpRestartMs)
    {
        var s = Network(Design(rrCapacity: 90_000, ibgpMaxPrefix: 50_000, ibgpRestartMs: ibgpRestartMs), (10_000, [E1], LeakToIbgp));
        var undo = new RespondAction(1, "undo", 40_000, new SourceLocation("leak.yaml", 9, 3), "rollback", Undoes: 0);
        return new ScenarioDefinition
        {
            Name = s.Name, Title = s.Title, SourceFile = s.SourceFile, Seed = s.Seed, Start = s.Start, DurationMs = s.DurationMs, LookaheadMs = s.LookaheadMs,
            Topology = s.Topology, Parameters = s.Parameters, Timeline = [s.Timeline[0], undo],
            Responders = new ResponderSpec(OobSeparate: true, VpnLoginMs: 0, OobLoginMs: 0, TravelMs: 0, SecurityMs: 0, DiagnoseMs: 0),
        };
    }

    [Fact]
    public async Task A_rollback_puts_back_the_policy_but_a_limit_without_restart_keeps_the_session_down()
    {
        var (events, _) = await RingNetwork.RunAsync(LeakThenRollback(ibgpRestartMs: 0));
        // The rollback lands at 40 000 + 1 (dispatch) + 1 000 (push): e1 announces less and offers to open again...
        Assert.Contains(events, e => e.Kind == "bgp.policy" && e.NodeName == "e1" && e.Ms == 41_001);
        // ...but rr holds the session down until someone clears it there: no restart was configured.
        Assert.Single(Times(events, "bgp.max_prefix_exceeded", "rr"));
        Assert.DoesNotContain(events, e => e.Kind == "bgp.session_up" && e.NodeName == "rr");
    }

    [Fact]
    public async Task After_a_rollback_the_restarted_session_comes_up_clean()
    {
        var (events, _) = await RingNetwork.RunAsync(LeakThenRollback(ibgpRestartMs: 60_000));
        Assert.Single(Times(events, "bgp.max_prefix_exceeded", "rr"));
        // rr opens at 81 051; e1 answers (51 ms) and rr establishes when the reply arrives (51 ms later).
        Assert.Equal([81_153L], Times(events, "bgp.session_up", "rr"));
    }

    [Fact]
    public async Task A_start_state_over_a_limit_trips_it_at_once()
    {
        // In the steady state rr gets 11 routes from e1 and reflects them to e2: a limit of 5 trips at both at t=0,
        // not at the first change.
        var (events, _) = await RingNetwork.RunAsync(Network(Design(ibgpMaxPrefix: 5)));
        Assert.Equal([0L], Times(events, "bgp.max_prefix_exceeded", "rr"));
        Assert.Equal([0L], Times(events, "bgp.max_prefix_exceeded", "e2"));
    }

    [Fact]
    public async Task The_start_state_announces_only_what_each_sessions_export_filter_allows()
    {
        var design = Design();
        design.Policies[BgpSessionKind.Transit] = design.Policies[BgpSessionKind.Transit] with { Announce = [] };
        design.Policies[BgpSessionKind.Peer] = design.Policies[BgpSessionKind.Peer] with { Announce = [] };
        var (events, factory) = await RingNetwork.RunAsync(Network(design));
        Assert.False(factory.InitiallyVisible(T1, Prefix));
        Assert.False(factory.InitiallyVisible(P1, Prefix));
        Assert.DoesNotContain(events, e => e.Kind.StartsWith("bgp.route", StringComparison.Ordinal)); // nothing to withdraw later
    }

    [Fact]
    public async Task A_reboot_shorter_than_the_hold_times_is_not_undone_by_late_news_of_the_failure()
    {
        // The reflector fails at 21 051 and is back at 41 051, before its neighbours' IGP hold (30 s) would expire:
        // the news of its death, arriving at 51 051, is about a life that has ended and must change nothing.
        var s = Network(Design(rrCapacity: 90_000), (10_000, [E1], LeakToIbgp));
        s.Parameters.ControlPlaneRebootMs = 20_000;
        var (events, _) = await RingNetwork.RunAsync(s);
        Assert.Equal(21_051, Times(events, "router.control_plane_failed", "rr")[0]);
        Assert.Equal(41_051, Times(events, "router.control_plane_recovered", "rr")[0]);
        Assert.DoesNotContain(events, e => e.Kind == "igp.adjacency_down" && e.Ms == 51_051);
        Assert.DoesNotContain(events, e => e.Kind == "bgp.session_down" && e.Ms == 111_051 && e.NodeName != "rr");
    }
}
