namespace BackboneSim.Cli.Tests;

/// <summary>
/// Every scenario of the library (scenarios/*.yaml) validates and runs to its end with all its steady-state
/// conditions and expectations passing (run exits 0), as a user running it would see, every narration item of
/// it fires, every event kind it emits is in EventKinds.All, its root events (cause null) are of the kinds
/// docs/outputs.md lists, and its --events and --series are the bytes recorded in RunHashes.txt. New library files
/// are picked up without touching this test.
/// </summary>
public class LibraryTests
{
    private static List<string> Files() => Directory.GetFiles(Path.Combine(Cli.RepoRoot, "scenarios"), "*.yaml")
        .Select(p => "scenarios/" + Path.GetFileName(p)).Order(StringComparer.Ordinal).ToList();

    public static TheoryData<string> LibraryScenarios() => new(Files());

    [Fact]
    public void The_library_has_the_scenarios_the_readme_promises()
    {
        var names = Files();
        Assert.Contains("scenarios/facebook-2021-10-04.yaml", names);
        Assert.Contains("scenarios/safe-canary-rollout.yaml", names);
    }

    [Fact]
    public void The_readmes_library_rows_are_the_scenario_librarys_own()
    {
        var readme = File.ReadAllText(Path.Combine(Cli.RepoRoot, "README.md"));
        var library = File.ReadAllText(Path.Combine(Cli.RepoRoot, "scenarios", "README.md"));
        var rows = System.Text.RegularExpressions.Regex.Matches(readme, @"^\| \[([a-z0-9-]+\.yaml)\]\(scenarios/\1\) \| ([^|]+) \|$",
            System.Text.RegularExpressions.RegexOptions.Multiline);
        Assert.True(rows.Count >= 3, "README.md shows no rows of the scenario library's table");
        foreach (System.Text.RegularExpressions.Match row in rows)
        {
            var file = row.Groups[1].Value;
            Assert.Contains("scenarios/" + file, Files());
            Assert.Contains($"| [{file}]({file}) | {row.Groups[2].Value.Trim()} |", library);
        }
    }

    /// <summary>
    /// The web benchmark's 5,000-node network (bench/scenarios) is held to RunHashes.txt too, for its first minute:
    /// expanding the network, its BGP steady state and every router's first SPF. The whole hour takes minutes on two
    /// cores (reaching its push at 9 minutes takes over a minute in a Debug build), and the cascade's mechanisms are
    /// held by the library scenarios above. It includes topologies/hyperscaler.yaml, so it runs from a copy beside a
    /// copy of scenarios/topologies, as `bench web` serves it.
    /// </summary>
    [Fact]
    public async Task The_bench_network_runs_as_recorded()
    {
        var dir = Directory.CreateTempSubdirectory("bbs-bench-hash-").FullName;
        try
        {
            File.Copy(Path.Combine(Cli.RepoRoot, "bench", "scenarios", "web-5000-nodes.yaml"), Path.Combine(dir, "web-5000-nodes.yaml"));
            Directory.CreateDirectory(Path.Combine(dir, "topologies"));
            foreach (var f in Directory.GetFiles(Path.Combine(Cli.RepoRoot, "scenarios", "topologies")))
                File.Copy(f, Path.Combine(dir, "topologies", Path.GetFileName(f)));
            var (events, series) = (Path.Combine(dir, "events.jsonl"), Path.Combine(dir, "series.csv"));
            var run = await Cli.RunAsync("run", Path.Combine(dir, "web-5000-nodes.yaml"), "--runtime", "memory", "--until", "1m",
                "--events", events, "--series", series, "--quiet");
            Assert.True(run.ExitCode == 0, $"run exited {run.ExitCode}: {run.Stderr}");
            RunHashes.AssertUnchanged("bench/scenarios/web-5000-nodes.yaml --until 1m", events, series);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Theory]
    [MemberData(nameof(LibraryScenarios))]
    public async Task Library_scenario_validates_and_its_expectations_pass(string scenario)
    {
        var validate = await Cli.RunAsync("validate", scenario);
        Assert.True(validate.ExitCode == 0, $"validate {scenario} exited {validate.ExitCode}: {validate.Stderr}");
        var events = Path.Combine(Path.GetTempPath(), $"bbs-library-{Guid.NewGuid():N}.jsonl");
        var series = Path.ChangeExtension(events, ".csv");
        Cli.Result run;
        try
        {
            run = await Cli.RunAsync("run", scenario, "--runtime", "memory", "--events", events, "--series", series);
            Assert.True(run.ExitCode == 0, $"run {scenario} exited {run.ExitCode}: {run.Stderr}");
            // docs/outputs.md's "Root events" table is the whole list of kinds that may have no cause.
            var undocumented = OutputsDoc.RootKindsIn(events).Except(OutputsDoc.RootKinds()).Order().ToList();
            Assert.True(undocumented.Count == 0, $"{scenario} has root events (cause null) of kinds docs/outputs.md does not list: {string.Join(", ", undocumented)}");
            // Every kind a run emits is in the catalog that expectations, the schema and docs/outputs.md are held to.
            var uncatalogued = File.ReadLines(events).Select(l => System.Text.RegularExpressions.Regex.Match(l, "\"kind\":\"([^\"]+)\"").Groups[1].Value)
                .Distinct().Except(BackboneSim.Analysis.Observation.EventKinds.All).Order().ToList();
            Assert.True(uncatalogued.Count == 0, $"{scenario} emits kinds EventKinds.All does not list: {string.Join(", ", uncatalogued)}");
            RunHashes.AssertUnchanged(scenario, events, series);
        }
        finally { File.Delete(events); File.Delete(series); }
        // A library scenario teaches: it has narration with at least one checkpoint, and every item fires.
        var text = File.ReadAllText(Path.Combine(Cli.RepoRoot, scenario));
        Assert.Contains("\nnarration:", text);
        Assert.Contains("checkpoint:", text);
        var fired = System.Text.RegularExpressions.Regex.Match(run.Stdout, @"Narration: (\d+) of (\d+) items fired");
        Assert.True(fired.Success, $"run {scenario} printed no narration summary");
        Assert.Equal(fired.Groups[2].Value, fired.Groups[1].Value);
    }
}
