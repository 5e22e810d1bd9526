using BackboneSim.Model.Scenario;
using BackboneSim.Scenarios;

namespace BackboneSim.Model.Tests;

/// <summary>
/// The fork-time checks of a what-if (<see cref="WhatIfChecks"/>, docs/scenario-format.md#what-ifs) on the small test
/// network, with hand-made event lists standing for the original run up to the fork at 15:45. Each rule fires, and
/// stays quiet where the order will do what it says.
/// </summary>
public class WhatIfChecksTests
{
    private const string Timeline = WhatIfTests.Timeline + "\n" + """
          - name: hidden
            inject: true
            push:
              targets: { role: edge }
              change: [ { igp: { metric: 600 } } ]
          - at: "15:35:00"
            name: blip
            fail: { routers: { site: p1 }, for: 5m }
          - at: "15:36:00"
            name: crash
            fail: { routers: { site: p2 } }
          - name: on-dark
            when: { event: dns.withdraw }
            fail: { routers: { site: h1 } }
          - at: "15:42:00"
            name: incident
            respond: { rollback: cut, team: netops }
        """;

    private const string Responders = "responders: { travel: 1h, security: 20m, teams: [ { name: netops }, { name: dcops, remote: false, travel: 45m } ] }";

    private const long Fork = 15 * 60_000; // 15:45:00

    private static ScenarioDefinition Load(string responders = Responders)
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", TempScenario.SmallTopology);
        return ScenarioLoader.Load(t.Write("s.yaml", TempScenario.Scenario(Timeline, responders)));
    }

    private static WhatIfCheckResult Check(string whatIf, params WhatIfEvent[] events) => CheckOn(Load(), whatIf, events);

    private static WhatIfCheckResult CheckOn(ScenarioDefinition scenario, string whatIf, params WhatIfEvent[] events)
    {
        var applied = WhatIfReader.Apply(scenario, whatIf, Fork);
        return WhatIfChecks.Check(applied, applied.Timeline.Skip(scenario.Timeline.Count).ToList(), Fork, events);
    }

    private static long Ms(string clock) => (long)(TimeSpan.Parse(clock) - TimeSpan.Parse("15:30:00")).TotalMilliseconds;

    private static WhatIfEvent Action(string clock, string name, string kind) =>
        new(Ms(clock), "scenario.action", "scenario", null, $$"""{"action":"{{name}}","kind":"{{kind}}"}""");

    private static WhatIfEvent Team(string clock, string kind, string team, string data) => new(Ms(clock), kind, "responders", team, data);

    /// <summary>The original run up to 15:45: the push at 15:40, the failures, and netops dispatched at 15:42 to roll it back.</summary>
    private static readonly WhatIfEvent[] Busy =
    [
        Action("15:35:00", "blip", "fail"), Action("15:36:00", "crash", "fail"), Action("15:40:00", "cut", "push"),
        new(Ms("15:40:00"), "gate.audit", "scenario", "a", """{"action":"cut","verdict":"passed"}"""),
        Action("15:42:00", "incident", "respond"),
        Team("15:42:00", "responders.dispatched", "netops", """{"action":"incident","rollback_of":"cut"}"""),
        Team("15:42:00", "responders.access_gained", "netops", """{"path":"vpn","diagnose_ms":60000}"""),
    ];

    /// <summary>The same without the responders: both teams free.</summary>
    private static readonly WhatIfEvent[] Quiet = Busy.Where(e => !e.Kind.StartsWith("responders.", StringComparison.Ordinal) && e.DataJson.Contains("\"kind\":\"respond\"") == false).ToArray();

    private static WhatIfEvent[] Then(params WhatIfEvent[] more) => [.. Busy, .. more];

    private const string RollBack = "timeline:\n  - name: undo\n    respond: { rollback: cut, team: dcops }\n";

    [Fact]
    public void A_rollback_of_a_push_that_ran_by_a_free_team_with_access_has_nothing_to_say()
    {
        var result = Check(RollBack, Busy);
        Assert.True(result.Ok);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void A_rollback_of_a_cancelled_push_is_an_error_at_its_line()
    {
        var result = Check("cancel: [later]\ntimeline:\n  - name: undo-later\n    at: \"16:00:00\"\n    respond: { rollback: later, team: dcops }\n", Busy);
        var error = Assert.Single(result.Errors);
        Assert.Equal("what-if:3:5: 'undo-later' at 16:00:00 UTC: 'later' is cancelled (a what-if's cancel:), so it never runs: the rollback finds nothing to undo",
            error.ToString());
        Assert.Equal("undo-later", error.Action);
        // Not cancelled, it runs at 15:55 before the order at 16:00: nothing to say.
        Assert.True(Check("timeline:\n  - name: undo-later\n    at: \"16:00:00\"\n    respond: { rollback: later, team: dcops }\n", Busy) is { Ok: true, Warnings: [] });
    }

    [Fact]
    public void A_rollback_of_a_push_that_has_not_fired_is_a_warning()
    {
        var result = Check("timeline:\n  - name: a\n    respond: { rollback: on-withdraw, team: dcops }\n  - name: b\n    respond: { rollback: hidden, team: netops }\n", Quiet);
        Assert.True(result.Ok);
        Assert.Equal(2, result.Warnings.Count);
        Assert.Equal("what-if:2:5: 'a' at 15:45:00 UTC (the fork): 'on-withdraw' has not run yet (it waits for its trigger); if it never does, the rollback finds nothing to undo",
            result.Warnings[0].ToString());
        Assert.Contains("'hidden' is a hidden inject that has not been fired; if it never is, the rollback finds nothing to undo", result.Warnings[1].Message);
        // Once it fired before the fork, it is a push like any other.
        Assert.DoesNotContain(Check("timeline:\n  - name: a\n    respond: { rollback: on-withdraw, team: dcops }\n",
            Then(Action("15:44:00", "on-withdraw", "push"))).Warnings, w => w.Message.Contains("has not run"));
    }

    [Fact]
    public void A_rollback_of_a_push_already_rolled_back_warns_that_the_routers_restore_nothing_more()
    {
        var rolled = Then(
            Team("15:43:00", "responders.rollback", "netops", """{"rollback_of":"cut","path":"vpn","targets":6}"""),
            new WhatIfEvent(Ms("15:43:05"), "config.applied", "h1-bb1", null, """{"action":"rollback of cut","edits":0,"restores":"cut"}"""));
        var warning = Assert.Single(Check(RollBack, rolled).Warnings);
        Assert.Equal("'undo' at 15:45:00 UTC (the fork): 'cut' (run at 15:40:00 UTC) was already rolled back at 15:43:00 UTC by 'incident' (team netops): " +
                     "each router keeps the configuration from before a push only until its first rollback, so this one restores nothing", warning.Message);

        // The deployment system's own rollback counts too.
        var byRollout = Then(new WhatIfEvent(Ms("15:44:00"), "rollout.rollback", "scenario", null, """{"action":"cut","targets":2}"""));
        Assert.Contains("by its rollout (a failed health check)", Assert.Single(Check(RollBack, byRollout).Warnings).Message);

        // A rollback of another push does not.
        var other = Then(new WhatIfEvent(Ms("15:43:05"), "config.applied", "h1-bb1", null, """{"action":"rollback of later","edits":0,"restores":"later"}"""));
        Assert.Empty(Check(RollBack, other).Warnings);
    }

    [Fact]
    public void A_rollback_of_a_push_its_audit_blocked_warns()
    {
        var blocked = Busy.Select(e => e.Kind == "gate.audit" ? e with { DataJson = """{"action":"cut","verdict":"blocked"}""" } : e).ToArray();
        Assert.Contains("'cut' was blocked by its audit at 15:40:00 UTC and changed nothing", Assert.Single(Check(RollBack, blocked).Warnings).Message);
    }

    [Fact]
    public void An_order_for_a_busy_team_warns_that_it_waits_in_the_queue()
    {
        const string ForNetops = "timeline:\n  - name: undo\n    respond: { rollback: cut, team: netops }\n";
        var warning = Assert.Single(Check(ForNetops, Busy).Warnings);
        Assert.Equal("'undo' at 15:45:00 UTC (the fork): team netops is busy with 'incident' (dispatched at 15:42:00 UTC); this order waits in its queue", warning.Message);

        // A team done with its order is free again.
        Assert.DoesNotContain(Check(ForNetops, Then(Team("15:44:00", "responders.rollback", "netops", """{"rollback_of":"cut","path":"vpn","targets":6}"""))).Warnings,
            w => w.Message.Contains("busy"));
        // An order naming no team goes to the first free one: dcops.
        Assert.Empty(Check("timeline:\n  - name: undo\n    respond: { rollback: cut }\n", Busy).Warnings);
        // Two orders for the same team at the fork: the second waits for the first.
        var two = Check("timeline:\n  - name: one\n    respond: { rollback: cut, team: dcops }\n  - name: two\n    respond: { rollback: later, team: dcops }\n    at: \"15:56:00\"\n" +
                        "  - name: three\n    respond: { rollback: cut, team: dcops }\n", Busy);
        Assert.Equal(["two", "three"], two.Warnings.Select(w => w.Action));
        Assert.Contains(two.Warnings, w => w.Action == "three" && w.Message.Contains("team dcops is busy with 'one' (ordered by this what-if at 15:45:00 UTC)"));
        // A later order: busy at the fork, maybe not then.
        var later = Check("timeline:\n  - name: undo\n    at: \"15:50:00\"\n    respond: { rollback: cut, team: netops }\n", Busy);
        Assert.Equal("'undo' at 15:50:00 UTC: team netops is busy with 'incident' (dispatched at 15:42:00 UTC); if it still is at 15:50:00 UTC, this order waits in its queue",
            Assert.Single(later.Warnings).Message);
    }

    [Fact]
    public void An_order_sent_before_the_fork_that_has_not_reached_the_team_takes_it_first()
    {
        var sent = Busy.Where(e => !e.Kind.StartsWith("responders.", StringComparison.Ordinal)).ToArray(); // incident ordered at 15:42, not yet taken
        Assert.Contains("team netops is busy with 'incident' (ordered at 15:42:00 UTC)",
            Assert.Single(Check("timeline:\n  - name: undo\n    respond: { rollback: cut, team: netops }\n", sent).Warnings).Message);
    }

    [Fact]
    public void Without_remote_access_a_remote_team_travels_and_the_warning_says_how_long()
    {
        var dark = Then(Team("15:44:10", "responders.rollback", "netops", """{"rollback_of":"cut","path":"vpn","targets":6}"""),
            new WhatIfEvent(Ms("15:43:30"), "tool.availability", "responders", "vpn", """{"tool":"vpn","needs":"backbone","up":false}"""));
        const string ForNetops = "timeline:\n  - name: again\n    respond: { recover: crash, team: netops }\n";
        Assert.Equal("'again' at 15:45:00 UTC (the fork): remote access is down at the fork (the VPN since 15:43:30 UTC; the out-of-band network shares the backbone's fate): " +
                     "team netops travels (1h00m00s) and passes security (20m00s) before it can work", Assert.Single(Check(ForNetops, dark).Warnings).Message);
        // The on-site team travels anyway: nothing to add.
        Assert.Empty(Check("timeline:\n  - name: again\n    respond: { recover: crash, team: dcops }\n", dark).Warnings);
        // The VPN came back before the fork.
        Assert.Empty(Check(ForNetops, [.. dark, new WhatIfEvent(Ms("15:44:00"), "tool.availability", "responders", "vpn", """{"tool":"vpn","needs":"backbone","up":true}""")]).Warnings);
        // A separate out-of-band network still lets them in.
        var separate = Load(Responders.Replace("travel: 1h", "oob: separate, travel: 1h"));
        Assert.Empty(CheckOn(separate, ForNetops, dark).Warnings);
        // A team that got in on site keeps its access.
        Assert.Empty(Check(ForNetops, [.. dark, Team("15:44:00", "responders.access_gained", "netops", """{"path":"on-site","diagnose_ms":0}""")]).Warnings);
    }

    [Fact]
    public void A_recovery_of_a_failure_that_is_over_or_has_not_begun_warns()
    {
        // blip: 15:35 for 5m, over at 15:40.
        var over = Check("timeline:\n  - name: fix\n    respond: { recover: blip, team: dcops }\n", Busy);
        Assert.Equal("'fix' at 15:45:00 UTC (the fork): 'blip' (from 15:35:00 UTC) already ended at 15:40:00 UTC (its 'for: 5m00s' ran out): the recovery finds nothing to end",
            Assert.Single(over.Warnings).Message);
        // crash is in effect: nothing to say; recovered before the fork by the responders or a recover action: a warning.
        Assert.Empty(Check("timeline:\n  - name: fix\n    recover: { failure: crash }\n", Busy).Warnings);
        var mended = Then(Team("15:44:00", "responders.recover", "netops", """{"recover":"crash","path":"vpn"}"""));
        Assert.Contains("'crash' (from 15:36:00 UTC) already ended at 15:44:00 UTC (by 'incident', team netops)",
            Assert.Single(Check("timeline:\n  - name: fix\n    recover: { failure: crash }\n", mended).Warnings).Message);
        // on-dark has not happened.
        Assert.Contains("'on-dark' has not happened yet (it waits for its trigger)",
            Assert.Single(Check("timeline:\n  - name: fix\n    respond: { recover: on-dark, team: dcops }\n", Busy).Warnings).Message);
    }

    [Fact]
    public void Events_after_the_fork_are_ignored()
    {
        var result = Check(RollBack, Then(Team("15:46:00", "responders.rollback", "netops", """{"rollback_of":"cut","path":"vpn","targets":6}"""),
            new WhatIfEvent(Ms("15:46:05"), "config.applied", "h1-bb1", null, """{"action":"rollback of cut","edits":0,"restores":"cut"}""")));
        Assert.Empty(result.Warnings);
    }

    /// <summary>
    /// The warnings say what the model does: on <see cref="ExternalAnnouncementTests.Topology"/> (push lands 2 s after it
    /// is sent, the VPN login takes 5 min, diagnosis 1 min) a push at 15:31 and its rollback ordered at once.
    /// </summary>
    private static async Task<(ScenarioDefinition Scenario, List<WhatIfEvent> Events)> RunReal(string duration, string? whatIf = null, long fork = 0)
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", ExternalAnnouncementTests.Topology);
        var scenario = ScenarioLoader.Load(t.Write("s.yaml", TempScenario.Scenario("""
              - at: "+1m"
                name: metric-a
                push: { targets: { role: edge }, change: [ { igp: { metric: 500 } } ] }
              - at: "+1m"
                name: undo-all
                respond: { rollback: metric-a }
            """, "parameters: { push_spread: 0s, internal_tools_gbps: 0 }\nresponders: { diagnose: 1m }").Replace("duration: 1h", $"duration: {duration}")));
        if (whatIf is not null) scenario = WhatIfReader.Apply(scenario, whatIf, fork);
        var (events, _) = await RingNetwork.RunAsync(scenario);
        return (scenario, events.Select(e => new WhatIfEvent(e.Ms, e.Kind, e.NodeName, e.Subject, e.DataJson)).ToList());
    }

    private static IReadOnlyList<WhatIfNote> RealWarnings(ScenarioDefinition original, string whatIf, long fork, List<WhatIfEvent> events)
    {
        var applied = WhatIfReader.Apply(original, whatIf, fork);
        var result = WhatIfChecks.Check(applied, applied.Timeline.Skip(original.Timeline.Count).ToList(), fork, events);
        Assert.True(result.Ok);
        return result.Warnings;
    }

    [Fact]
    public async Task On_a_real_run_a_busy_team_queues_the_order_and_a_second_rollback_restores_nothing_as_warned()
    {
        const string Again = "timeline:\n  - name: again\n    respond: { rollback: metric-a }\n";
        var (original, events) = await RunReal("12m");
        Assert.Equal(422_010, events.First(e => e.Kind == "config.applied" && e.DataJson.Contains("\"restores\":\"metric-a\"")).Ms);

        // At 15:33 the team is still logging in for undo-all: the order waits.
        const long Busy = 3 * 60_000;
        Assert.Equal("'again' at 15:33:00 UTC (the fork): team responders is busy with 'undo-all' (dispatched at 15:31:00 UTC); this order waits in its queue",
            Assert.Single(RealWarnings(original, Again, Busy, events)).Message);
        var (_, forked) = await RunReal("12m", Again, Busy);
        var queued = Assert.Single(forked, e => e.Kind == "responders.queued");
        Assert.Contains("\"action\":\"again\"", queued.DataJson);
        Assert.Contains("\"working_on\":\"undo-all\"", queued.DataJson);

        // At 15:38 undo-all has rolled it back: the second rollback reaches the routers and changes nothing.
        const long After = 8 * 60_000;
        Assert.Contains("was already rolled back at 15:37:00 UTC by 'undo-all' (team responders)", Assert.Single(RealWarnings(original, Again, After, events)).Message);
        (_, forked) = await RunReal("12m", Again, After);
        Assert.Equal(2, forked.Count(e => e.Kind == "config.applied" && e.Ms > After && e.DataJson.Contains("\"restores\":\"metric-a\"")));
        Assert.DoesNotContain(forked, e => e.Ms > After && e.Kind is "igp.metric" or "interface.admin");
    }
}
