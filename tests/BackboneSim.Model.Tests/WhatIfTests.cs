using BackboneSim.Engine;
using BackboneSim.Model.Scenario;
using BackboneSim.Scenarios;

namespace BackboneSim.Model.Tests;

/// <summary>
/// What-ifs (docs/scenario-format.md#what-ifs) on the small test network, where a push at 15:40 takes every backbone
/// link down and a second push follows at 15:55. A fork at 15:45 must keep every event before 15:45 byte for byte
/// (the --events lines) and change what comes after.
/// </summary>
public class WhatIfTests
{
    /// <summary>The timeline the what-if tests fork from (<see cref="WhatIfChecksTests"/> adds to it).</summary>
    internal const string Timeline = """
          - at: "15:40:00"
            name: cut
            push:
              targets: { role: backbone }
              change: [ { interfaces: { match: backbone, admin: down } } ]
          - at: "15:55:00"
            name: later
            push:
              targets: { role: edge }
              change: [ { igp: { overload: true } } ]
          - name: on-withdraw
            when: { event: dns.withdraw }
            push:
              targets: { role: edge }
              change: [ { igp: { metric: 500 } } ]
        """;

    private const long Fork = 15 * 60_000; // 15:45:00

    private static ScenarioDefinition Load(TempScenario t)
    {
        t.Write("topo.yaml", TempScenario.SmallTopology);
        return ScenarioLoader.Load(t.Write("s.yaml", TempScenario.Scenario(Timeline)));
    }

    /// <summary>The run's --events lines with each event's ms.</summary>
    private static async Task<List<(long Ms, string Line)>> EventLines(ScenarioDefinition scenario)
    {
        var (events, _) = await RingNetwork.RunAsync(scenario);
        return events.Select(e =>
        {
            using var text = new StringWriter();
            var writer = new JsonLinesEventWriter(text, scenario.Start);
            writer.OnWindow(e.Ms, [e]);
            writer.OnFinished(e.Ms);
            return (e.Ms, text.ToString());
        }).ToList();
    }

    private static List<string> Before(List<(long Ms, string Line)> lines, long ms) => lines.Where(l => l.Ms < ms).Select(l => l.Line).ToList();

    private static List<string> Actions(List<(long Ms, string Line)> lines, string name)
        => lines.Where(l => l.Line.Contains("\"kind\":\"scenario.action\"") && l.Line.Contains($"\"action\":\"{name}\"")).Select(l => l.Line).ToList();

    [Fact]
    public async Task A_what_if_adds_an_action_at_the_fork_and_keeps_every_event_before_it()
    {
        using var t = new TempScenario();
        var scenario = Load(t);
        var original = await EventLines(scenario);
        var fork = await EventLines(WhatIfReader.Apply(scenario, """
            timeline:
              - name: early-rollback
                respond: { rollback: cut }
            """, Fork));

        Assert.NotEmpty(Before(original, Fork));
        Assert.Equal(Before(original, Fork), Before(fork, Fork));
        var added = Assert.Single(fork, l => l.Line.Contains("\"action\":\"early-rollback\"") && l.Line.Contains("scenario.action"));
        Assert.Equal(Fork, added.Ms);
        Assert.Contains("\"line\":\"what-if:2:5\"", added.Line); // the action names its line in the what-if
        Assert.Empty(Actions(original, "early-rollback"));
        Assert.NotEqual(original.Where(l => l.Ms >= Fork).Select(l => l.Line), fork.Where(l => l.Ms >= Fork).Select(l => l.Line));
    }

    [Fact]
    public async Task Cancel_drops_an_action_that_has_not_run_yet()
    {
        using var t = new TempScenario();
        var scenario = Load(t);
        var original = await EventLines(scenario);
        var fork = await EventLines(WhatIfReader.Apply(scenario, "cancel: [later]\n", Fork));

        Assert.Single(Actions(original, "later"));
        Assert.Empty(Actions(fork, "later"));
        Assert.Equal(Before(original, Fork), Before(fork, Fork));
        // Nothing else happens between the fork and the cancelled push: the logs agree up to it.
        Assert.Equal(Before(original, 25 * 60_000), Before(fork, 25 * 60_000));
    }

    [Fact]
    public async Task A_what_if_trigger_ignores_what_happened_before_the_fork()
    {
        using var t = new TempScenario();
        var scenario = Load(t);
        var original = await EventLines(scenario);
        // Every DNS server withdrew at about 15:40 and the series still holds at the fork: the trigger fires with the
        // first event from the fork on (the small network is quiet until 'later' at 15:55), not at 15:40.
        var fork = await EventLines(WhatIfReader.Apply(scenario, """
            timeline:
              - name: when-dark
                when: { series: dns_announcing_servers, at_most: 0 }
                respond: { rollback: cut }
            """, Fork));

        Assert.Equal(Before(original, Fork), Before(fork, Fork));
        var fired = Assert.Single(fork, l => l.Line.Contains("\"action\":\"when-dark\"") && l.Line.Contains("scenario.action"));
        var firstAfterFork = original.First(l => l.Ms >= Fork).Ms;
        Assert.InRange(fired.Ms, firstAfterFork, firstAfterFork + 10); // within one lookahead, like any series trigger
    }

    [Fact]
    public void A_bundle_carries_its_what_ifs_so_every_silo_loads_the_same_timeline()
    {
        using var t = new TempScenario();
        Load(t);
        var whatIf = new WhatIf { Yaml = "timeline:\n  - { name: extra, respond: { rollback: cut } }\ncancel: [later]\n", ForkMs = Fork };
        var (scenario, bundle) = ScenarioBundle.FromDisk(Path.Combine(t.Folder, "s.yaml"), null, null, [whatIf]);
        var loaded = bundle.Load();
        Assert.Equal(scenario.Timeline.Select(a => (a.Name, a.AtMs, a.Key)), loaded.Timeline.Select(a => (a.Name, a.AtMs, a.Key)));
        Assert.Equal(Fork, loaded.Timeline.Single(a => a.Name == "extra").AtMs);
        Assert.False(loaded.Timeline.Single(a => a.Name == "later").Scheduled);
    }

    [Theory]
    [InlineData("timeline:\n  - at: '15:44:00'\n    respond: { rollback: cut }\n", 2, 9, "'what-if-1' runs at 15:44:00.000, before the fork at 15:45:00.000")]
    [InlineData("timeline:\n  - { name: x, respond: { rollback: cutt } }\n", 2, 37, "'rollback' must name an earlier push action — did you mean 'cut'?")]
    [InlineData("timeline:\n  - { name: cut, respond: { rollback: cut } }\n", 2, 13, "action name 'cut' is used twice")]
    [InlineData("timeline:\n  - { name: x, when: { after: latr }, respond: { rollback: cut } }\n", 2, 31, "'after' names no action: 'latr' — did you mean 'later'?")]
    [InlineData("timeline:\n  - { name: x, inject: true, respond: { rollback: cut } }\n", 2, 24, "a what-if cannot add a hidden inject")]
    [InlineData("timeline:\n  - { name: x, respnd: { rollback: cut } }\n", 2, 16, "unknown field 'respnd' in a timeline action — did you mean 'respond'?")]
    [InlineData("cancel: [latr]\n", 1, 10, "'cancel' names no action of the scenario: 'latr' — did you mean 'later'?")]
    [InlineData("cancel: [cut]\n", 1, 10, "'cut' ran at 15:40:00.000, before the fork")]
    [InlineData("cancel: [on-withdraw]\n", 1, 10, "runs on a trigger ('when:')")]
    [InlineData("cancel: [later, later]\n", 1, 17, "'later' is cancelled twice")]
    [InlineData("timelin: []\n", 1, 1, "timelin")]
    [InlineData("# only a comment\n", 1, 1, "the what-if is empty")]
    [InlineData("timeline: []\n", 1, 1, "the what-if changes nothing")]
    [InlineData("timeline:\n  - { name: x, respond: [\n", 3, 1, "YAML syntax")]
    public void Bad_what_ifs_are_errors_at_their_line_in_the_what_if(string text, int line, int column, string message)
    {
        using var t = new TempScenario();
        var scenario = Load(t);
        var ex = Assert.Throws<ScenarioLoadException>(() => WhatIfReader.Apply(scenario, text, Fork));
        var error = Assert.Single(ex.Errors, e => e.Message.Contains(message));
        Assert.Equal(("what-if", line, column), (error.Location.File, error.Location.Line, error.Location.Column));
    }

    [Fact]
    public void Oversized_what_ifs_and_too_many_actions_are_refused()
    {
        using var t = new TempScenario();
        var scenario = Load(t);
        var big = "# " + new string('x', WhatIfReader.MaxBytes) + "\ncancel: [later]\n";
        Assert.Contains("the limit is 20,480", Assert.Throws<ScenarioLoadException>(() => WhatIfReader.Apply(scenario, big, Fork)).Message);
        var many = "timeline:\n" + string.Concat(Enumerable.Range(1, WhatIfReader.MaxActions + 1).Select(i => $"  - {{ name: a{i}, respond: {{ rollback: cut }} }}\n"));
        Assert.Contains("101 what-if actions; the limit is 100", Assert.Throws<ScenarioLoadException>(() => WhatIfReader.Apply(scenario, many, Fork)).Message);
        Assert.Contains("outside the run", Assert.Throws<ScenarioLoadException>(() => WhatIfReader.Apply(scenario, "cancel: [later]", 2 * 3_600_000)).Message);
    }
}
