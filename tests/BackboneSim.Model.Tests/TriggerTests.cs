using BackboneSim.Engine;
using BackboneSim.Model.Scenario;
using BackboneSim.Scenarios;

namespace BackboneSim.Model.Tests;

/// <summary>
/// <c>when:</c> triggers and hidden injects on the small test network, where taking every backbone link down at
/// 15:40 makes the DNS servers withdraw. A triggered action runs once, at the time its condition is met plus its
/// delay (never before the end of the window in which the condition was seen), caused by the event that met it.
/// </summary>
public class TriggerTests
{
    private const string Cut = """
          - at: "15:40:00"
            name: cut
            push:
              targets: { role: backbone }
              change: [ { interfaces: { match: backbone, admin: down } } ]
        """;

    private const long CutMs = 10 * 60_000, Lookahead = 10;

    private static ScenarioDefinition Load(TempScenario t, string timeline)
    {
        t.Write("topo.yaml", TempScenario.SmallTopology);
        return ScenarioLoader.Load(t.Write("s.yaml", TempScenario.Scenario(Cut + "\n" + timeline)));
    }

    private static LoggedEvent Action(List<LoggedEvent> events, string name) => events.Single(e => e.Kind == "scenario.action" && e.Subject == name);

    [Fact]
    public async Task An_event_trigger_runs_its_action_after_the_delay_caused_by_the_first_matching_event()
    {
        using var t = new TempScenario();
        var s = Load(t, """
              - name: undo
                when: { event: dns.withdraw, delay: 2m }
                respond: { rollback: cut }
            """);
        var (events, _) = await RingNetwork.RunAsync(s);
        var first = events.First(e => e.Kind == "dns.withdraw");
        var undo = Action(events, "undo");
        Assert.Equal(first.Ms + 120_000, undo.Ms);
        Assert.Equal(first.Id, undo.Cause);
        Assert.Contains(events, e => e.Kind == "responders.dispatched" && e.Cause == undo.Id);
    }

    [Fact]
    public async Task An_after_trigger_runs_relative_to_the_action_it_waits_for()
    {
        using var t = new TempScenario();
        var s = Load(t, """
              - name: undo
                when: { after: cut, delay: 5m }
                respond: { rollback: cut }
            """);
        var (events, _) = await RingNetwork.RunAsync(s);
        var cut = Action(events, "cut");
        var undo = Action(events, "undo");
        Assert.Equal(CutMs, cut.Ms);
        Assert.Equal(CutMs + 300_000, undo.Ms);
        Assert.Equal(cut.Id, undo.Cause);
    }

    [Fact]
    public async Task A_series_trigger_fires_within_one_lookahead_of_the_event_that_met_it()
    {
        using var t = new TempScenario();
        var s = Load(t, """
              - name: undo
                when: { series: dns_announcing_servers, at_most: 0 }
                respond: { rollback: cut }
            """);
        var (events, _) = await RingNetwork.RunAsync(s);
        var lastWithdraw = events.Where(e => e.Kind == "dns.withdraw").Select(e => e.Ms).ToList();
        Assert.Equal(2, lastWithdraw.Count); // one DNS server per PoP
        var undo = Action(events, "undo");
        Assert.InRange(undo.Ms, lastWithdraw.Max(), lastWithdraw.Max() + Lookahead);
        Assert.Equal("dns.withdraw", events.Single(e => e.Id == undo.Cause).Kind);
    }

    [Fact]
    public async Task A_trigger_whose_condition_never_holds_never_runs_and_changes_nothing()
    {
        using var t = new TempScenario();
        var plain = Load(t, "");
        var (baseline, _) = await RingNetwork.RunAsync(plain);
        using var t2 = new TempScenario();
        var s = Load(t2, """
              - name: never
                when: { event: dc.overload }
                respond: { rollback: cut }
            """);
        var (events, _) = await RingNetwork.RunAsync(s);
        Assert.DoesNotContain(events, e => e.Kind == "scenario.action" && e.Subject == "never");
        Assert.Equal(baseline.Select(e => (e.Ms, e.Kind, e.NodeName, e.DataJson.Replace("s.yaml", ""))),
            events.Select(e => (e.Ms, e.Kind, e.NodeName, e.DataJson.Replace("s.yaml", ""))));
    }

    [Fact]
    public async Task A_hidden_inject_runs_only_when_fired_at_the_time_given()
    {
        using var t = new TempScenario();
        var s = Load(t, """
              - name: undo
                inject: true
                at: "16:00:00"
                respond: { rollback: cut }
            """);
        var (quiet, _) = await RingNetwork.RunAsync(s);
        Assert.DoesNotContain(quiet, e => e.Kind == "scenario.action" && e.Subject == "undo");

        var (suggested, _) = await RingNetwork.RunAsync(InjectFiring.Fire(s, ["undo"]));
        Assert.Equal(30 * 60_000, Action(suggested, "undo").Ms);
        var (fired, _) = await RingNetwork.RunAsync(InjectFiring.Fire(s, ["undo@+45m"]));
        Assert.Equal(45 * 60_000, Action(fired, "undo").Ms);
        Assert.Null(Action(fired, "undo").Cause);

        var error = Assert.Throws<ArgumentException>(() => InjectFiring.Fire(s, ["udno"]));
        Assert.Contains("no hidden inject named 'udno' — did you mean 'undo'?", error.Message);
        Assert.Contains("not a time inside the run", Assert.Throws<ArgumentException>(() => InjectFiring.Fire(s, ["undo@+2h"])).Message);
    }

    [Theory]
    [InlineData("- { name: x, at: '15:50:00', when: { after: cut }, respond: { rollback: cut } }", "exactly one of 'at' (a time) or 'when' (a trigger)")]
    [InlineData("- { name: x, respond: { rollback: cut } }", "exactly one of 'at' (a time) or 'when' (a trigger)")]
    [InlineData("- { name: x, when: { after: cutt }, respond: { rollback: cut } }", "'after' names no action: 'cutt' — did you mean 'cut'?")]
    [InlineData("- { name: x, when: { after: x }, respond: { rollback: cut } }", "action 'x' cannot wait for itself")]
    [InlineData("- { name: x, when: { delay: 5m }, respond: { rollback: cut } }", "a trigger needs an 'event', a 'series' condition or an action to come 'after'")]
    [InlineData("- { name: x, when: { event: dns.withdrew }, respond: { rollback: cut } }", "unknown event kind 'dns.withdrew' — did you mean 'dns.withdraw'?")]
    [InlineData("- { name: x, when: { series: dns_announcing, at_most: 0 }, respond: { rollback: cut } }", "unknown series 'dns_announcing'")]
    [InlineData("- { name: x, when: { event: dns.withdraw, series: users_affected, above: 1 }, respond: { rollback: cut } }", "an 'event' or a 'series', not both")]
    [InlineData("- { name: x, inject: true, when: { after: cut }, respond: { rollback: cut } }", "a hidden inject runs when fired")]
    [InlineData("- { name: x, when: { series: routers_control_plane_down, at_least: 1000 }, respond: { rollback: cut } }", "'at_least: 1000' can never hold: 'routers_control_plane_down' is a count from 0 to")]
    [InlineData("- { name: x, when: { series: prefix_visibility:192.0.2.0/24, at_most: -0.5 }, respond: { rollback: cut } }", "'at_most: -0.5' can never hold")]
    public void Bad_triggers_are_errors_at_their_line(string item, string message)
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", TempScenario.SmallTopology);
        var path = t.Write("s.yaml", TempScenario.Scenario(Cut + "\n  " + item));
        var ex = Assert.Throws<ScenarioLoadException>(() => ScenarioLoader.Load(path));
        Assert.Contains(ex.Errors, e => e.Message.Contains(message) && e.Location.Line == 15);
    }

    [Fact]
    public void Default_action_names_follow_list_positions_so_a_broken_entry_shifts_nothing()
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", TempScenario.SmallTopology);
        var broken = t.Write("s.yaml", TempScenario.Scenario(Cut + """

              - { at: "15:45:00", respond: { rollback: nope } }
              - { at: "15:50:00", respond: { rollback: cut } }
              - { at: "15:55:00", respond: { rollback: cut } }
            """));
        var ex = Assert.Throws<ScenarioLoadException>(() => ScenarioLoader.Load(broken));
        Assert.DoesNotContain(ex.Errors, e => e.Message.Contains("used twice"));
        var fine = t.Write("ok.yaml", TempScenario.Scenario(Cut + """

              - { at: "15:50:00", respond: { rollback: cut } }
            """));
        Assert.Equal("action2", ScenarioLoader.Load(fine).Timeline[1].Name);
    }
}
