using System.Diagnostics;
using BackboneSim.Analysis.Running;
using BackboneSim.Engine;
using BackboneSim.Model.Scenario;
using BackboneSim.Scenarios;
using BackboneSim.Silo.Runtimes;

namespace BackboneSim.Bench;

/// <summary>
/// Many runs at once on one silo (a training day, a planner's sweep): the scenario with seeds 1..N started together
/// on one embedded silo, beside the same scenario run alone on that silo. Every run's log is checked against its run
/// alone in memory, so a fast answer that is wrong does not count.
/// </summary>
public sealed record LoadMeasurement(int Runs, double AloneSeconds, double TogetherSeconds, int Identical)
{
    public double RunsPerMinute => Runs / (TogetherSeconds / 60);
    public double AloneRunsPerMinute => 60 / AloneSeconds;

    public static async Task<LoadMeasurement> TakeAsync(string scenarioPath, int runs)
    {
        var bundles = Enumerable.Range(1, runs).Select(seed => ScenarioBundle.FromDisk(scenarioPath, seed)).ToList();
        var expected = new List<string>();
        await using (var memory = new InMemoryRuntime())
            foreach (var run in bundles) expected.Add(await RunAsync(memory, run));
        await using var silo = new EmbeddedRuntime(1);
        await silo.ClusterAsync(); // started outside the timers: the runs share it
        var alone = Stopwatch.StartNew();
        await RunAsync(silo, bundles[0]);
        alone.Stop();
        var together = Stopwatch.StartNew();
        var hashes = await Task.WhenAll(bundles.Select(b => RunAsync(silo, b)));
        together.Stop();
        return new LoadMeasurement(runs, alone.Elapsed.TotalSeconds, together.Elapsed.TotalSeconds, hashes.Zip(expected).Count(p => p.First == p.Second));
    }

    /// <summary>The SHA-256 of one run's event log.</summary>
    private static async Task<string> RunAsync(IRunRuntime runtime, (ScenarioDefinition Scenario, ScenarioBundle Bundle) run)
    {
        await using var driver = await runtime.StartAsync(new RunRequest(run.Scenario, run.Bundle));
        return await RunDigest.HashAsync(driver, run.Scenario.Start, run.Scenario.DurationMs);
    }
}
