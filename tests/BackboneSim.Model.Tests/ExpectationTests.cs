using BackboneSim.Analysis.Expectations;
using BackboneSim.Analysis.Observation;
using BackboneSim.Analysis.Running;
using BackboneSim.Model.Build;
using BackboneSim.Model.Expectations;
using BackboneSim.Model.Scenario;
using BackboneSim.Scenarios;

namespace BackboneSim.Model.Tests;

/// <summary>Scenario expectations: how they are read and checked, on the small test network (every backbone link
/// taken down at 15:40, so the DNS servers withdraw and the prefix disappears).</summary>
public class ExpectationTests
{
    private const string Cut = """
          - at: "15:40:00"
            name: cut
            push:
              targets: { role: backbone }
              change: [ { interfaces: { match: backbone, admin: down } } ]
        """;

    private static ScenarioDefinition Load(TempScenario t, string expectations)
    {
        t.Write("topo.yaml", TempScenario.SmallTopology);
        return ScenarioLoader.Load(t.Write("s.yaml", TempScenario.Scenario(Cut) + "\n" + expectations));
    }

    private static IReadOnlyList<ExpectationResult> Run(ScenarioDefinition scenario)
    {
        var factory = new SimulationFactory(scenario);
        var fold = new RunFold(factory);
        var checker = new ExpectationChecker(fold, scenario);
        var driver = InMemoryRun.Create(factory, scenario.DurationMs);
        while (true)
        {
            var batch = driver.AdvanceAsync(TimeSpan.FromSeconds(5), 100_000, CancellationToken.None).GetAwaiter().GetResult();
            fold.OnWindow(batch.SimMs, batch.Events);
            if (batch.Finished) break;
        }
        fold.OnFinished(scenario.DurationMs);
        return checker.Results;
    }

    [Fact]
    public void Passing_and_failing_expectations_are_told_apart_with_their_evidence()
    {
        using var t = new TempScenario();
        var s = Load(t, """
            steady_state:
              - { series: prefix_visibility:192.0.2.0/24, at_least: 1 }
            expect:
              - { name: withdrawn, event: dns.withdraw, after: cut, within: 2m }
              - { name: too-soon, event: dns.withdraw, after: cut, within: 5s }
              - { name: gone, series: prefix_visibility:192.0.2.0/24, at_most: 0, after: cut, within: 3m }
              - { name: stays-up, series: backbone_links_up, at_least: 1, mode: always }
              - { name: no-rollback, event: responders.rollback, mode: never }
            """);
        var results = Run(s).ToDictionary(r => r.Expectation.Name, r => r);
        Assert.Equal(ExpectationOutcome.Passed, results["steady state: prefix_visibility:192.0.2.0/24 at least 1"].Outcome);
        var withdrawn = results["withdrawn"];
        Assert.Equal(ExpectationOutcome.Passed, withdrawn.Outcome);
        Assert.InRange(withdrawn.AtMs!.Value, 600_000 + 5_000, 600_000 + 120_000); // a push lands 2-10 s after, then 3 checks of 10 s
        Assert.Equal(ExpectationOutcome.Failed, results["too-soon"].Outcome);
        Assert.Contains("not between 2021-10-04T15:40:00.000Z and 2021-10-04T15:40:05.000Z", results["too-soon"].Detail);
        Assert.Equal(ExpectationOutcome.Passed, results["gone"].Outcome);
        Assert.True(results["gone"].AtMs > withdrawn.AtMs);
        Assert.Equal(ExpectationOutcome.Failed, results["stays-up"].Outcome);
        Assert.StartsWith("broken: backbone_links_up = 0", results["stays-up"].Detail);
        Assert.Equal(ExpectationOutcome.Passed, results["no-rollback"].Outcome);
    }

    [Fact]
    public void A_steady_state_that_does_not_hold_fails_before_the_first_action()
    {
        using var t = new TempScenario();
        var s = Load(t, """
            steady_state:
              - { series: backbone_links_up, at_most: 0 }
            """);
        var r = Assert.Single(Run(s));
        Assert.Equal(ExpectationOutcome.Failed, r.Outcome);
        Assert.Equal(0, r.AtMs);
    }

    [Theory]
    [InlineData("- { event: dns.withdrew }", "unknown event kind 'dns.withdrew' — did you mean 'dns.withdraw'?")]
    [InlineData("- { series: prefix_visibility:192.0.2.0/25, at_most: 0 }", "unknown series 'prefix_visibility:192.0.2.0/25' — did you mean 'prefix_visibility:192.0.2.0/24'?")]
    [InlineData("- { event: dns.withdraw, after: cat }", "'after' names no action: 'cat' — did you mean 'cut'?")]
    [InlineData("- { event: dns.withdraw, series: users_affected, above: 1 }", "an expectation needs exactly one of 'event' or 'series'")]
    [InlineData("- { series: users_affected }", "a series condition needs exactly one of above, below, at_least, at_most")]
    [InlineData("- { series: bgp_updates, above: 1 }", "for BGP updates use an event condition")]
    [InlineData("- { event: dns.withdraw, mode: always }", "'always' is for a 'series' expectation")]
    [InlineData("- { event: dns.withdraw, within: 1m, by: '16:00:00' }", "give 'within' (after the anchor) or 'by' (a fixed time), not both")]
    [InlineData("- { series: prefix_visibility:192.0.2.0/24, at_most: -1 }", "'at_most: -1' can never hold: 'prefix_visibility:192.0.2.0/24' is a fraction from 0 to 1")]
    [InlineData("- { series: prefix_visibility:192.0.2.0/24, at_least: 4294967296 }", "'at_least: 4294967296' can never hold: 'prefix_visibility:192.0.2.0/24' is a fraction from 0 to 1")]
    [InlineData("- { series: prefix_visibility:192.0.2.0/24, above: 1 }", "'above: 1' can never hold")]
    [InlineData("- { series: users_affected, below: 0 }", "'below: 0' can never hold: 'users_affected' is never negative")]
    [InlineData("- { series: dns_announcing_servers, above: 2 }", "'above: 2' can never hold: 'dns_announcing_servers' is a count from 0 to 2 in this network")]
    public void Bad_expectations_are_errors_at_their_line(string item, string message)
    {
        using var t = new TempScenario();
        var ex = Assert.Throws<ScenarioLoadException>(() => Load(t, "expect:\n  " + item + "\n"));
        var e = Assert.Single(ex.Errors);
        Assert.Contains(message, e.Message);
        // The item's own line: just below "expect:".
        var expectLine = Array.IndexOf(File.ReadAllLines(Path.Combine(t.Folder, "s.yaml")), "expect:") + 1;
        Assert.Equal(expectLine + 1, e.Location.Line);
    }

    [Fact]
    public void Bounds_at_the_edges_of_a_series_range_load()
    {
        using var t = new TempScenario();
        var s = Load(t, """
            steady_state:
              - { series: prefix_visibility:192.0.2.0/24, at_least: 1 }
              - { series: users_affected, at_most: 0 }
              - { series: dns_announcing_servers, at_least: 2 }
            expect:
              - { series: prefix_visibility:192.0.2.0/24, below: 1 }
              - { series: backbone_traffic_gbps, above: 0 }
            """);
        Assert.Equal((3, 2), (s.SteadyState.Count, s.Expectations.Count));
    }
}

/// <summary>The event-kind catalog that expectations are checked against agrees with the docs and with the model.</summary>
public class EventKindCatalogTests
{
    [Fact]
    public void The_catalog_is_exactly_the_kinds_docs_outputs_md_describes()
    {
        var docs = File.ReadAllLines(Path.Combine(BackboneSim.Tests.Shared.RepoPaths.Root, "docs", "outputs.md"));
        var documented = docs.Where(l => l.StartsWith("| `", StringComparison.Ordinal))
            .Select(l => l.Split('|')[1])
            .SelectMany(cell => System.Text.RegularExpressions.Regex.Matches(cell, @"`([a-z_]+\.[a-z_]+)`").Select(m => m.Groups[1].Value))
            .ToHashSet();
        Assert.Equal(documented.Order(StringComparer.Ordinal), EventKinds.All.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Every_kind_a_cascade_emits_is_in_the_catalog()
    {
        using var t = new TempScenario();
        t.Write("topo.yaml", TempScenario.SmallTopology);
        var s = ScenarioLoader.Load(t.Write("s.yaml", TempScenario.Scenario("""
              - at: "15:40:00"
                name: cut
                push:
                  targets: { role: backbone }
                  change: [ { interfaces: { match: backbone, admin: down } } ]
              - at: "15:45:00"
                respond: { rollback: cut }
            """)));
        var (events, _) = await RingNetwork.RunAsync(s);
        Assert.Empty(events.Select(e => e.Kind).Distinct().Except(EventKinds.All));
    }
}
