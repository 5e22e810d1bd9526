using System.Diagnostics;
using BackboneSim.Engine;
using BackboneSim.Model.Build;
using BackboneSim.Model.Scenario;
using BackboneSim.Silo;

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
        foreach (var (scenario, _) in bundles)
        {
            await using var memory = InMemoryRun.Create(new SimulationFactory(scenario), null);
            expected.Add(await RunDigest.HashAsync(memory, scenario.Start, scenario.DurationMs));
        }
        await using var cluster = await EmbeddedCluster.StartAsync(1);
        var alone = Stopwatch.StartNew();
        await RunOnClusterAsync(cluster, bundles[0]);
        alone.Stop();
        var together = Stopwatch.StartNew();
        var hashes = await Task.WhenAll(bundles.Select(b => RunOnClusterAsync(cluster, b)));
        together.Stop();
        return new LoadMeasurement(runs, alone.Elapsed.TotalSeconds, together.Elapsed.TotalSeconds, hashes.Zip(expected).Count(p => p.First == p.Second));
    }

    private static async Task<string> RunOnClusterAsync(EmbeddedCluster cluster, (ScenarioDefinition Scenario, ScenarioBundle Bundle) run)
    {
        await using var driver = await OrleansRunDriver.StartAsync(cluster.Grains, run.Bundle, null);
        return await RunDigest.HashAsync(driver, run.Scenario.Start, run.Scenario.DurationMs);
    }
}
