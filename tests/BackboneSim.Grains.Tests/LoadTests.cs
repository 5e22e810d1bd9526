using System.Diagnostics;
using BackboneSim.Tests.Shared;
using Xunit.Abstractions;

namespace BackboneSim.Grains.Tests;

/// <summary>
/// Twenty runs at once on one silo (a training day's sessions, a planner's sweep): every one completes, and each
/// one's event log is the same bytes as that run alone. Half run the template's small two-region network (a base
/// configuration, an audited push, a canary rollout watched by the scenario, a when: trigger), half a hand-written
/// network cut in two, each with its own seed, so no two runs share a log. Small networks on purpose: what is
/// tested is twenty runs interleaved on one silo, which the size of each network does not change (a run on the
/// 765-node FB network costs about as much to start as ten of these; the FB network is held by the other tests).
/// </summary>
public class LoadTests(OneSiloCluster fixture, ITestOutputHelper output) : IClassFixture<OneSiloCluster>
{
    private const int Runs = 20;
    private static readonly string Corridor = RepoPaths.File("scenarios/regional-corridor-split.yaml");

    [Fact]
    public async Task Twenty_runs_at_once_on_one_silo_each_match_their_run_alone()
    {
        var runs = Enumerable.Range(1, Runs).Select(i => (Path: i % 2 == 0 ? Timelines.Template : Corridor, Seed: (long)i)).ToList();
        var alone = new List<string>();
        foreach (var (path, seed) in runs) alone.Add(await Timelines.InMemory(path, seed: seed));

        var clock = Stopwatch.StartNew();
        var together = await Task.WhenAll(runs.Select(r => Timelines.OnCluster(fixture.Cluster.Client, r.Path, seed: r.Seed)));
        clock.Stop();
        output.WriteLine($"{Runs} runs at once on one silo: {clock.Elapsed.TotalSeconds:F1} s ({Runs / clock.Elapsed.TotalMinutes:F1} runs/minute)");

        for (var i = 0; i < Runs; i++)
        {
            Assert.True(alone[i].Length > 1_000, $"run {i + 1} made almost no events");
            Assert.True(alone[i] == together[i], $"run {i + 1} ({Path.GetFileName(runs[i].Path)}, seed {runs[i].Seed}) differs from its run alone");
        }
        Assert.Equal(Runs, together.Distinct().Count());
    }
}
