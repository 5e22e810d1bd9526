using BackboneSim.Model.Scenario;
using BackboneSim.Scenarios;
using BackboneSim.Scenarios.Actions;

namespace BackboneSim.Model.Tests;

/// <summary>Loader answers that were wrong or unhelpful (issue 14, item 8): glob syntax, triggered recoveries.</summary>
public class LoaderMessageTests
{
    private static ScenarioDefinition Load(TempScenario t, string timeline)
    {
        t.Write("topo.yaml", TempScenario.SmallTopology);
        return ScenarioLoader.Load(t.Write("s.yaml", TempScenario.Scenario(timeline)));
    }

    [Fact]
    public void A_pattern_with_brackets_that_matches_nothing_says_which_syntax_patterns_have()
    {
        using var t = new TempScenario();
        var ex = Assert.Throws<ScenarioLoadException>(() => Load(t, """
              - at: "+1m"
                push:
                  targets: { name: "p[12]-*" }
                  change: [ { interfaces: { match: backbone, admin: down } } ]
              - at: "+2m"
                fail: { links: "p[12]*" }
            """));
        var targets = Assert.Single(ex.Errors, e => e.Message.StartsWith("'targets' matches no router"));
        Assert.Contains(Glob.Syntax, targets.Message);
        var links = Assert.Single(ex.Errors, e => e.Message.StartsWith("'links' pattern 'p[12]*' matches no link"));
        Assert.Contains(Glob.Syntax, links.Message);
    }

    [Fact]
    public void A_pattern_without_brackets_keeps_the_short_message()
    {
        using var t = new TempScenario();
        var ex = Assert.Throws<ScenarioLoadException>(() => Load(t, """
              - at: "+1m"
                push:
                  targets: { name: "zz*" }
                  change: [ { interfaces: { match: backbone, admin: down } } ]
            """));
        Assert.Equal("'targets' matches no router", Assert.Single(ex.Errors).Message);
    }

    [Fact]
    public void A_triggered_recover_may_name_a_failure_at_a_fixed_time()
    {
        using var t = new TempScenario();
        var s = Load(t, """
              - at: "+1m"
                name: cut
                fail: { site: dc1 }
              - name: mend
                when: { after: cut, delay: 5m }
                recover: { failure: cut }
            """);
        Assert.Equal(0, Assert.IsType<RecoverAction>(s.Timeline.Single(a => a.Name == "mend")).Failure);
    }

    [Fact]
    public void A_fixed_time_recover_before_its_failure_is_still_an_error()
    {
        using var t = new TempScenario();
        var ex = Assert.Throws<ScenarioLoadException>(() => Load(t, """
              - at: "+10m"
                name: cut
                fail: { site: dc1 }
              - at: "+5m"
                recover: { failure: cut }
            """));
        Assert.Contains("happens after this action", Assert.Single(ex.Errors).Message);
    }

    [Fact]
    public void A_rollout_whose_targets_are_wrong_reports_the_targets()
    {
        // Found by the loader fuzz (case 2745 of seed 14): the rollout's canary was clamped to [1, 0] and threw.
        using var t = new TempScenario();
        var ex = Assert.Throws<ScenarioLoadException>(() => Load(t, """
              - at: "+1m"
                push:
                  targets: "24:00:00"
                  change: [ { interfaces: { match: backbone, admin: down } } ]
                  rollout: { canary: 1, waves: 2 }
            """));
        Assert.Equal("'targets' must be a mapping (key: value lines)", Assert.Single(ex.Errors).Message);
    }
}
