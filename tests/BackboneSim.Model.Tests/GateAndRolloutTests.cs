using System.Text.Json;
using BackboneSim.Engine;
using BackboneSim.Model.Scenario;
using BackboneSim.Model.Topology;
using BackboneSim.Scenarios;
using BackboneSim.Scenarios.Actions;

namespace BackboneSim.Model.Tests;

/// <summary>
/// Safety gates (an audit that reviews a push before it goes out) and staged rollouts (waves, waits and health
/// checks that halt or roll back), on the small test network: 6 backbone routers, and a push at 15:40 that takes
/// their backbone interfaces down — every PoP's path to the data centers with it.
/// </summary>
public class GateAndRolloutTests
{
    private const long PushMs = 10 * 60_000, Lookahead = 10;

    private static ScenarioDefinition Load(TempScenario t, string push)
    {
        t.Write("topo.yaml", TempScenario.SmallTopology);
        return ScenarioLoader.Load(t.Write("s.yaml", TempScenario.Scenario($$"""
              - at: "15:40:00"
                name: cut
                push:
                  targets: { role: backbone }
            {{push}}
            """)));
    }

    private const string CutChange = "      change: [ { interfaces: { match: backbone, admin: down } } ]";
    private const string MetricChange = "      change: [ { igp: { metric: 20, match: backbone } } ]";

    private static JsonElement Data(LoggedEvent e) => JsonDocument.Parse(e.DataJson).RootElement;
    private static List<LoggedEvent> Applied(List<LoggedEvent> events, string action) => events.Where(e => e.Kind == "config.applied" && Data(e).GetProperty("action").GetString() == action).ToList();

    [Fact]
    public async Task A_keep_connected_audit_blocks_a_push_that_cuts_every_pop_off()
    {
        using var t = new TempScenario();
        var s = Load(t, CutChange + "\n      gate: { audit: capacity-check, rules: [ { keep_connected: true }, { max_targets: 100% } ] }");
        Assert.False(Assert.IsType<PushAction>(s.Timeline[0]).Gate!.Passes);
        var (events, _) = await RingNetwork.RunAsync(s);
        var audit = events.Single(e => e.Kind == "gate.audit");
        Assert.Equal("blocked", Data(audit).GetProperty("verdict").GetString());
        Assert.Contains("keep_connected: BLOCKS: 4 of 4 edge routers would reach no data center", Data(audit).GetProperty("findings").GetString());
        Assert.Contains("max_targets: ok", Data(audit).GetProperty("findings").GetString());
        Assert.Empty(Applied(events, "cut"));
        Assert.DoesNotContain(events, e => e.Kind == "interface.admin");
    }

    [Fact]
    public async Task A_faulty_audit_passes_what_its_rules_would_block_and_says_so()
    {
        using var t = new TempScenario();
        var s = Load(t, CutChange + "\n      gate: { audit: capacity-check, faulty: true, rules: [ { keep_connected: true }, { max_links_down: 50% } ] }");
        var (events, _) = await RingNetwork.RunAsync(s);
        var audit = events.Single(e => e.Kind == "gate.audit");
        Assert.Equal("passed", Data(audit).GetProperty("verdict").GetString());
        Assert.True(Data(audit).GetProperty("should_block").GetBoolean());
        Assert.True(Data(audit).GetProperty("faulty").GetBoolean());
        var applied = Applied(events, "cut");
        Assert.Equal(6, applied.Count);
        Assert.All(applied, e => Assert.Equal(audit.Id, e.Cause));
        Assert.Contains(events, e => e.Kind == "dns.withdraw");
    }

    [Theory]
    [InlineData("{ max_targets: 2 }", false)]
    [InlineData("{ max_targets: 6 }", true)]
    [InlineData("{ max_targets: 40% }", false)] // of all 12 routers: 4 allowed, 6 targeted
    [InlineData("{ max_targets: 50% }", true)]
    [InlineData("{ keep_connected: true }", true)]
    [InlineData("{ max_links_down: 0 }", true)]
    public void Audit_rules_judge_the_change_against_the_design(string rule, bool passes)
    {
        using var t = new TempScenario();
        var s = Load(t, MetricChange + $"\n      gate: {{ audit: review, rules: [ {rule} ] }}");
        Assert.Equal(passes, Assert.IsType<PushAction>(s.Timeline[0]).Gate!.Passes);
    }

    [Fact]
    public async Task An_unhealthy_canary_halts_the_rollout_and_rolls_back_what_it_reached()
    {
        using var t = new TempScenario();
        var s = Load(t, CutChange + """

                  rollout:
                    canary: 1
                    waves: [50%, 100%]
                    wait: 2m
                    health: [ { targets_adjacencies_up: 90% } ]
                    on_fail: rollback
            """);
        Assert.Equal([1, 2, 3], Assert.IsType<PushAction>(s.Timeline[0]).Rollout!.Waves.Select(w => w.Count));
        var canaryName = s.Topology.Routers.Where(r => r.Role == RouterRole.Backbone).Select(r => r.Name).Order(StringComparer.Ordinal).First();
        var (events, _) = await RingNetwork.RunAsync(s);

        var wave = events.Single(e => e.Kind == "rollout.wave");
        Assert.Equal(PushMs, wave.Ms);
        Assert.Equal(canaryName, Data(wave).GetProperty("first").GetString());
        var applied = Assert.Single(Applied(events, "cut"));
        Assert.Equal(canaryName, applied.NodeName);
        var check = events.Single(e => e.Kind == "rollout.health_check");
        Assert.Equal(PushMs + 120_000, check.Ms);
        var halted = events.Single(e => e.Kind == "rollout.halted");
        Assert.InRange(halted.Ms, check.Ms, check.Ms + Lookahead);
        Assert.Equal(check.Id, halted.Cause);
        Assert.Contains($"{canaryName} has", Data(halted).GetProperty("reason").GetString());
        Assert.Equal(canaryName, Assert.Single(Applied(events, "rollback of cut")).NodeName);
        // The canary's backbone interfaces go down with the push and come back with the rollback.
        var admin = events.Where(e => e.Kind == "interface.admin" && e.NodeName == canaryName).ToList();
        Assert.Equal(admin.Count(e => e.Value > 0), admin.Count(e => e.Value <= 0));
        Assert.DoesNotContain(events, e => e.Kind == "dns.withdraw");
    }

    [Fact]
    public async Task Halting_without_rollback_leaves_the_canary_as_it_is()
    {
        using var t = new TempScenario();
        var s = Load(t, CutChange + "\n      rollout: { canary: 1, waves: 1, wait: 2m, health: [ { targets_adjacencies_up: 90% } ] }");
        var (events, _) = await RingNetwork.RunAsync(s);
        Assert.Single(events, e => e.Kind == "rollout.halted");
        Assert.Empty(Applied(events, "rollback of cut"));
        Assert.DoesNotContain(events, e => e.Kind == "rollout.rollback");
        Assert.Single(Applied(events, "cut"));
    }

    [Fact]
    public async Task A_healthy_rollout_goes_out_wave_by_wave_to_every_target()
    {
        using var t = new TempScenario();
        var s = Load(t, MetricChange + "\n      rollout: { canary: 1, waves: 2, wait: 1m, health: [ { event: dns.withdraw }, { series: dns_announcing_servers, at_least: 2 } ] }");
        Assert.Equal([1, 3, 2], Assert.IsType<PushAction>(s.Timeline[0]).Rollout!.Waves.Select(w => w.Count));
        var (events, _) = await RingNetwork.RunAsync(s);
        var waves = events.Where(e => e.Kind == "rollout.wave").ToList();
        Assert.Equal(3, waves.Count);
        Assert.Equal(PushMs, waves[0].Ms);
        // Each wave waits 1m, then the health check's verdict comes back within one lookahead.
        Assert.InRange(waves[1].Ms, PushMs + 60_000, PushMs + 60_000 + Lookahead);
        Assert.InRange(waves[2].Ms, waves[1].Ms + 60_000, waves[1].Ms + 60_000 + Lookahead);
        Assert.Single(events, e => e.Kind == "rollout.completed");
        Assert.Equal(6, Applied(events, "cut").Count);
        Assert.Equal(6, Applied(events, "cut").Select(e => e.NodeName).Distinct().Count());
    }

    [Fact]
    public async Task Without_health_checks_waves_follow_each_other_after_exactly_the_wait()
    {
        using var t = new TempScenario();
        var s = Load(t, MetricChange + "\n      rollout: { waves: [2, 4], wait: 90s }");
        var (events, _) = await RingNetwork.RunAsync(s);
        Assert.Equal([PushMs, PushMs + 90_000, PushMs + 180_000], events.Where(e => e.Kind == "rollout.wave").Select(e => e.Ms));
        Assert.DoesNotContain(events, e => e.Kind == "rollout.health_check");
    }

    [Theory]
    [InlineData("      gate: { audit: a, rules: [ { keep_conected: true } ] }", "unknown field 'keep_conected' in an audit rule — did you mean 'keep_connected'?")]
    [InlineData("      gate: { audit: a, rules: [ { max_targets: lots } ] }", "'max_targets' must be a count (3) or a share (10%)")]
    [InlineData("      gate: { rules: [ { max_targets: 1 } ] }", "missing the required field 'audit'")]
    [InlineData("      rollout: { wait: 5m }", "a rollout needs 'canary', 'waves' or both")]
    [InlineData("      rollout: { waves: [50%, 20%] }", "waves are cumulative")]
    [InlineData("      rollout: { waves: 2, health: [ { targets_adjacencies_up: 0.9 } ] }", "'targets_adjacencies_up' must be a share like 90%")]
    [InlineData("      rollout: { waves: 2, on_fail: revert }", "'on_fail' is 'revert'; expected one of halt, rollback")]
    [InlineData("      rollout: { waves: 2, health: [ { event: dns.withdraw, series: users_affected, above: 1 } ] }", "exactly one of 'event', 'series' or 'targets_adjacencies_up'")]
    public void Bad_gates_and_rollouts_are_errors(string extra, string message)
    {
        using var t = new TempScenario();
        var ex = Assert.Throws<ScenarioLoadException>(() => Load(t, MetricChange + "\n" + extra));
        Assert.Contains(ex.Errors, e => e.Message.Contains(message));
    }
}
