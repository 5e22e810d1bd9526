using BackboneSim.Analysis.Observation;
using BackboneSim.Engine;
using BackboneSim.Scenarios;

namespace BackboneSim.Model.Tests;

/// <summary>
/// Responder teams and their tasks on <see cref="ExternalAnnouncementTests.Topology"/>. A push lands push_base (2 s)
/// after it is sent (push_spread 0); an order reaches the responders a local hop (10 ms) after its action; the VPN login
/// takes 5 min while a PoP reaches a data center; diagnosis 1 min unless said.
/// </summary>
public class ResponderTeamsTests
{
    private static Task<List<LoggedEvent>> Run(string timeline, string duration, string responders = "responders: { diagnose: 1m }") =>
        ExternalAnnouncementTests.RunOn(timeline, "parameters: { push_spread: 0s, internal_tools_gbps: 0 }\n" + responders, duration);

    private static string? Metric(List<LoggedEvent> events, string link, long atOrBefore) =>
        events.Where(e => e.Kind == "igp.metric" && e.NodeName == "pop1-er1" && e.Subject == link && e.Ms <= atOrBefore).LastOrDefault()?.Field("metric");

    private const string MetricPush = """
          - at: "+1m"
            name: metric-a
            push: { targets: { role: edge }, change: [ { igp: { metric: 500 } } ] }
        """;

    [Fact]
    public async Task A_partial_rollback_restores_only_the_routers_it_selects()
    {
        var events = await Run(MetricPush + "\n" + """
              - at: "+1m"
                name: undo-one
                respond: { rollback: metric-a, targets: { name: pop1-er1 } }
            """, "8m");
        // Dispatched at 60 010; VPN 300 000; diagnosis 60 000; the rollback lands at 422 010 on pop1-er1 only.
        var restored = events.Where(e => e.Kind == "config.applied" && e.Field("restores") == "metric-a").ToList();
        Assert.Equal([(422_010L, "pop1-er1")], restored.Select(e => (e.Ms, e.NodeName)));
        Assert.Equal("1", events.First(e => e.Kind == "responders.rollback").Field("targets"));
        Assert.Equal("8", Metric(events, "dc1-bb1~pop1-er1", 422_010));
        Assert.Equal("500", events.Where(e => e.Kind == "igp.metric" && e.NodeName == "pop1-er2" && e.Subject == "dc1-bb1~pop1-er2").Last().Field("metric"));
    }

    [Fact]
    public async Task A_busy_team_queues_the_next_order_and_takes_it_with_the_access_it_still_has()
    {
        var events = await Run(MetricPush + "\n" + """
              - at: "+1m"
                name: undo-one
                respond: { rollback: metric-a, targets: { name: pop1-er1 } }
              - at: "+2m"
                name: undo-other
                respond: { rollback: metric-a, targets: { name: pop1-er2 }, diagnose: 30s }
            """, "9m");
        var queued = events.Single(e => e.Kind == "responders.queued");
        Assert.Equal((120_010L, "undo-other", "undo-one", "1"), (queued.Ms, queued.Field("action"), queued.Field("working_on"), queued.Field("position")));
        // The first order acts at 420 010; the team, still on the VPN, takes the second at once: no new login, 30 s of
        // diagnosis, and the rollback lands on pop1-er2 at 452 010.
        var second = events.Where(e => e.Kind == "responders.dispatched" && e.Field("action") == "undo-other").Single();
        Assert.Equal(420_010, second.Ms);
        Assert.Equal(1, events.Count(e => e.Kind == "responders.access_attempt"));
        Assert.Equal([(422_010L, "pop1-er1"), (452_010L, "pop1-er2")],
            events.Where(e => e.Kind == "config.applied" && e.Field("restores") == "metric-a").Select(e => (e.Ms, e.NodeName)));
    }

    [Fact]
    public async Task Two_teams_reverting_overlapping_changes_leave_what_the_last_rollback_puts_back()
    {
        var events = await Run(MetricPush + "\n" + """
              - at: "+2m"
                name: metric-b
                push: { targets: { name: pop1-er1 }, change: [ { igp: { metric: 900 } } ] }
              - at: "+3m"
                name: undo-a
                respond: { rollback: metric-a, team: netops }
              - at: "+3m"
                name: undo-b
                respond: { rollback: metric-b, team: second, diagnose: 2m }
            """, "12m", "responders: { diagnose: 1m, teams: [ { name: netops }, { name: second } ] }");
        // Both teams log in at 180 010 (5 min). netops's rollback of metric-a lands at 542 010 and puts pop1-er1 back to
        // before metric-a: 8, undoing metric-b as well. The second team's rollback of metric-b lands at 602 010 and puts
        // back what pop1-er1 had before metric-b: metric-a's 500. The last applied wins.
        Assert.Equal(["netops", "second"], events.Where(e => e.Kind == "responders.dispatched").Select(e => e.Subject));
        Assert.Equal("8", Metric(events, "dc1-bb1~pop1-er1", 542_010));
        Assert.Equal("500", Metric(events, "dc1-bb1~pop1-er1", 602_010));
        Assert.Equal(602_010, events.Last(e => e.Kind == "igp.metric" && e.NodeName == "pop1-er1").Ms);
    }

    [Fact]
    public async Task An_on_site_team_travels_to_restart_a_wedged_control_plane_that_would_stay_down()
    {
        var events = await Run("""
              - at: "+1m"
                name: wedged
                fail: { control_plane: { name: dc1-bb1 }, restart: false }
              - at: "+1m"
                name: reset
                respond: { restart: true, targets: { name: dc1-bb1 }, team: dc-ops }
            """, "90m", "responders: { diagnose: 1m, teams: [ { name: netops }, { name: dc-ops, remote: false, travel: 30m } ] }");
        // dc-ops works on site only: travel 30 min from 60 010, security 30 min, diagnosis 1 min: it acts at 3 720 010,
        // restarts the router at its console (hands_on, 15 min) at 4 620 010, and the router is back
        // control_plane_reboot (10 min) later.
        Assert.DoesNotContain(events, e => e.Kind == "responders.access_attempt");
        var restarted = events.Single(e => e.Kind == "router.restarted");
        Assert.Equal((4_620_010L, "dc1-bb1", "True"), (restarted.Ms, restarted.NodeName, restarted.Field("done")));
        Assert.Contains(events, e => e.Kind == "router.rebooting" && e.NodeName == "dc1-bb1" && e.Ms == 4_620_010 && e.Field("failure") == "reset");
        Assert.Equal(5_220_010, events.Single(e => e.Kind == "router.control_plane_recovered" && e.NodeName == "dc1-bb1").Ms);
    }

    [Fact]
    public async Task On_site_restarts_go_site_by_site_one_router_after_another_as_a_staircase()
    {
        var events = await Run("""
              - at: "+1m"
                name: reset-all
                respond: { restart: true, targets: { name: "*" }, team: dc-ops }
            """, "125m", "responders: { diagnose: 1m, site_travel: 20m, hands_on: 10m, teams: [ { name: dc-ops, remote: false, travel: 30m } ] }");
        // On site at dc1 and in by 3 660 010, diagnosis until 3 720 010; then 10 min a router: dc1-bb1 at 4 320 010,
        // dc1-dr1 at 4 920 010; 20 min to pop1: pop1-er1 at 6 720 010, pop1-er2 at 7 320 010.
        Assert.Equal([(4_320_010L, "dc1-bb1"), (4_920_010L, "dc1-dr1"), (6_720_010L, "pop1-er1"), (7_320_010L, "pop1-er2")],
            events.Where(e => e.Kind == "router.restarted").Select(e => (e.Ms, e.NodeName)));
    }

    [Fact]
    public async Task A_drain_by_hand_sets_the_overload_bit_and_a_router_without_power_cannot_be_restarted()
    {
        var events = await Run("""
              - at: "+1m"
                name: dark
                fail: { routers: { name: pop1-er2 } }
              - at: "+1m"
                name: drain-er1
                respond: { drain: true, targets: { name: pop1-er1 }, diagnose: 0s }
              - at: "+1m"
                name: reset-er2
                respond: { restart: true, targets: { name: pop1-er2 }, diagnose: 0s }
            """, "12m", "responders: { teams: [ { name: a }, { name: b } ] }");
        // Team a: VPN from 60 010, no diagnosis: drains pop1-er1 through config management (push_base) at 362 010.
        Assert.Contains(events, e => e.Kind == "igp.overload" && e.NodeName == "pop1-er1" && e.Ms == 362_010);
        Assert.Equal("a", events.First(e => e.Kind == "responders.task" && e.Field("task") == "drain").Subject);
        var refused = events.Single(e => e.Kind == "router.restarted");
        Assert.Equal(("False", "the router has no power"), (refused.Field("done"), refused.Field("reason")));
    }

    [Fact]
    public async Task A_rollback_that_leaves_a_router_wedged_needs_a_restart_by_hand_which_a_trigger_can_order()
    {
        var events = await Run(MetricPush + "\n" + """
              - at: "+1m"
                name: undo
                respond: { rollback: metric-a, wedge: { routers: { name: pop1-er2 } } }
              - name: kick
                when: { event: router.wedged, delay: 1m }
                respond: { restart: true, targets: { name: pop1-er2 }, diagnose: 0s }
            """, "25m");
        // The rollback lands at 422 010 on both edges; pop1-er2 applies it and hangs. The trigger fires a minute later
        // (482 010, within a lookahead), the team still on the VPN restarts it at once (a local hop) and it is back
        // control_plane_reboot (10 min) later.
        var wedged = events.Single(e => e.Kind == "router.wedged");
        Assert.Equal((422_010L, "pop1-er2", "control_plane"), (wedged.Ms, wedged.NodeName, wedged.Field("mode")));
        // Its neighbours notice when their dead intervals (igp_hold, 30 s) run out.
        Assert.Contains(events, e => e.Kind == "igp.adjacency_down" && e.NodeName == "dc1-bb1" && e.Subject == "dc1-bb1~pop1-er2" && e.Ms == 452_010);
        var restarted = events.Single(e => e.Kind == "router.restarted");
        Assert.InRange(restarted.Ms, 482_020, 482_030);
        Assert.Equal(restarted.Ms + 600_000, events.Single(e => e.Kind == "router.control_plane_recovered" && e.NodeName == "pop1-er2").Ms);
    }

    [Fact]
    public async Task A_push_that_wedges_every_FIB_it_reaches_freezes_their_forwarding()
    {
        var events = await Run(MetricPush.Replace("push: { targets: { role: edge },", "push: { wedge: { mode: fib, probability: 1 }, targets: { role: edge },"), "3m");
        Assert.Equal([(62_000L, "pop1-er1"), (62_000L, "pop1-er2")], events.Where(e => e.Kind == "router.wedged").Select(e => (e.Ms, e.NodeName)));
        Assert.All(events.Where(e => e.Kind == "router.wedged"), e => Assert.Equal("fib", e.Field("mode")));
        Assert.Equal(2, events.Count(e => e.Kind == "fib.fail_static" && e.Field("flush_after_ms") == "-1"));
    }

    [Fact]
    public async Task A_team_applies_a_fix_the_timeline_keeps_up_its_sleeve_when_it_acts()
    {
        var events = await Run("""
              - name: fix
                inject: true
                push: { targets: { name: pop1-er1 }, change: [ { igp: { metric: 700 } } ] }
              - at: "+1m"
                name: apply-fix
                respond: { apply: fix }
            """, "8m");
        // The team acts at 420 010 (VPN, diagnosis); the driver plays the push a local hop later, caused by the team's
        // act, and it lands push_base after that.
        Assert.Equal("apply", events.Single(e => e.Kind == "responders.task").Field("task"));
        var played = events.Single(e => e.Kind == "scenario.action" && e.Subject == "fix");
        Assert.Equal(420_020, played.Ms);
        Assert.Equal(events.Single(e => e.Kind == "responders.task").Id, played.Cause);
        Assert.Equal(422_020, events.Single(e => e.Kind == "config.applied" && e.Field("action") == "fix").Ms);
    }

    [Fact]
    public async Task A_restore_alone_sends_the_data_centers_their_plan_when_the_team_acts()
    {
        var events = await Run("""
              - at: "+1m"
                name: bring-back
                respond: { restore: { ramp: 10m, stagger: 1m } }
            """, "8m");
        Assert.Equal("restore", events.Single(e => e.Kind == "responders.task").Field("task"));
        Assert.Equal(420_020, events.Single(e => e.Kind == "dc.restore_planned").Ms);
    }

    [Fact]
    public async Task Attempts_that_fail_cost_a_diagnosis_each_before_the_one_that_takes()
    {
        var events = await Run(MetricPush + "\n" + """
              - at: "+1m"
                name: undo
                respond: { rollback: metric-a }
            """, "40m", "responders: { diagnose: 1m, failure: 0.7 }");
        var failed = events.Where(e => e.Kind == "responders.attempt_failed").ToList();
        // The first attempt is due at 420 010; each failure costs one more minute of diagnosis.
        Assert.Equal(Enumerable.Range(0, failed.Count).Select(k => 420_010L + k * 60_000), failed.Select(e => e.Ms));
        Assert.Equal(Enumerable.Range(1, failed.Count).Select(k => k.ToString()), failed.Select(e => e.Field("attempt")));
        Assert.Equal(420_010 + failed.Count * 60_000, events.Single(e => e.Kind == "responders.rollback").Ms);
        // Same seed, same draws: the run is repeatable; with a probability this high some attempt fails.
        Assert.NotEmpty(failed);
    }

    [Fact]
    public async Task A_partial_rollback_of_3_of_10_routers_restores_those_3()
    {
        var topology = ExternalAnnouncementTests.Topology
            .Replace("  - { name: pop1, kind: pop, lat: 0, lon: 1, region: eu }", "  - { name: pop1, kind: pop, lat: 0, lon: 1, region: eu }\n  - { name: pop2, kind: pop, lat: 0, lon: 2, region: eu }")
            .Replace("  - { site: pop1, role: edge, count: 2 }", "  - { site: pop1, role: edge, count: 2 }\n  - { name: pop1-er3, site: pop1, role: edge }\n  - { site: pop2, role: edge, count: 7 }")
            .Replace("  - { a: pop1-er1, b: pop1-er2 }", "  - { a: pop1-er1, b: pop1-er2 }\n  - { a: dc1-bb1, b: pop1-er3 }\n" +
                     string.Join("\n", Enumerable.Range(1, 7).Select(i => $"  - {{ a: dc1-bb1, b: pop2-er{i} }}")));
        var events = await ExternalAnnouncementTests.RunOn(MetricPush + "\n" + """
              - at: "+1m"
                name: undo-pop1
                respond: { rollback: metric-a, targets: { site: pop1 } }
            """, "parameters: { push_spread: 0s, internal_tools_gbps: 0 }\nresponders: { diagnose: 1m }", "8m", topology);
        Assert.Equal(10, events.Count(e => e.Kind == "config.applied" && e.Field("action") == "metric-a"));
        Assert.Equal(["pop1-er1", "pop1-er2", "pop1-er3"],
            events.Where(e => e.Kind == "config.applied" && e.Field("restores") == "metric-a" && e.Ms == 422_010).Select(e => e.NodeName).Order());
        Assert.Equal("3", events.Single(e => e.Kind == "responders.rollback").Field("targets"));
    }

    [Fact]
    public async Task A_rollback_of_some_kinds_of_edit_puts_back_those_only_and_a_later_one_the_rest()
    {
        var events = await Run("""
              - at: "+1m"
                name: two-things
                push:
                  targets: { name: pop1-er1 }
                  change:
                    - igp: { metric: 500 }
                    - bgp: { peer: as3320, local_pref: 300 }
              - at: "+1m"
                name: undo-bgp
                respond: { rollback: two-things, edits: [bgp] }
              - at: "+1m"
                name: undo-rest
                respond: { rollback: two-things, diagnose: 10s }
            """, "9m");
        // undo-bgp lands at 422 010: the session's policy goes back, the metric stays at 500. undo-rest, queued, starts
        // at once on the same VPN, diagnoses for 10 s and lands at 432 010: the metric goes back.
        Assert.Equal(422_010, events.Single(e => e.Kind == "bgp.policy" && e.Ms > 62_000).Ms);
        Assert.Equal("500", Metric(events, "dc1-bb1~pop1-er1", 422_010));
        Assert.Equal("8", Metric(events, "dc1-bb1~pop1-er1", 432_010));
        Assert.Equal(432_010, events.Last(e => e.Kind == "igp.metric" && e.NodeName == "pop1-er1").Ms);
    }

    [Theory]
    [InlineData("respond: { rollback: metric-a, team: nobody }", "'team' is 'nobody'; the responders' teams are responders")]
    [InlineData("respond: { restart: true }", "'restart' acts on the routers 'targets' selects; give 'targets'")]
    [InlineData("respond: { rollback: metric-a, targets: { name: dc1-bb1 } }", "'targets' selects none of the 2 routers 'metric-a' changed")]
    [InlineData("respond: { rollback: metric-a, drain: true, targets: { name: dc1-bb1 } }", "it has rollback and drain")]
    [InlineData("respond: { rollback: metric-a, wedge: { routers: { name: dc1-bb1 } } }", "'routers' selects none of the 2 routers the change reaches")]
    [InlineData("respond: { rollback: metric-a, wedge: { mode: fib } }", "'wedge' needs exactly one of 'probability'")]
    [InlineData("respond: { restart: true, targets: { name: dc1-bb1 }, wedge: { probability: 1 } }", "a task or a recovery has none")]
    [InlineData("respond: { apply: nothing-like-it }", "'apply' must name a push action listed earlier")]
    [InlineData("respond: { rollback: metric-a, edits: [bgp] }", "'metric-a' has no 'bgp' edit to roll back; it has igp")]
    [InlineData("respond: { rollback: metric-a, edits: [routes] }", "'routes' is not a kind of router edit")]
    [InlineData("respond: { team: netops }", "'respond' needs exactly one of")]
    public void A_bad_order_is_refused_with_the_reason(string action, string error)
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", ExternalAnnouncementTests.Topology);
        var path = t.Write("s.yaml", TempScenario.Scenario(MetricPush + "\n" + $"""
              - at: "+2m"
                name: bad
                {action}
            """));
        var e = Assert.Throws<ScenarioLoadException>(() => ScenarioLoader.Load(path));
        Assert.Contains(error, e.Message);
    }
}
