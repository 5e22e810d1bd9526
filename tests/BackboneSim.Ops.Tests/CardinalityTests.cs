namespace BackboneSim.Ops.Tests;

/// <summary>Per-run series are bounded: at most Metrics:MaxRuns runs are exported, and an ended run's series go.</summary>
public sealed class CardinalityTests
{
    [Fact]
    public async Task Only_the_oldest_runs_up_to_the_cap_are_exported_and_an_ended_run_makes_room()
    {
        await using var host = await OpsHost.StartAsync("--Metrics:MaxRuns=2");
        var runs = new List<OpsHost.Run>();
        try
        {
            for (var i = 0; i < 3; i++) runs.Add(await host.StartRunAsync(OpsHost.Facebook, 60_000));
            var ids = runs.Select(r => r.Id).ToArray();

            var capped = await host.ScrapeUntilAsync(s => s.Of("backbonesim_runs_active").Sum(x => x.Value) == 3, "three active runs");
            Assert.True(capped.Runs.SetEquals([ids[0], ids[1]]), $"exported runs {string.Join(", ", capped.Runs)}; started {string.Join(", ", ids)}");
            Assert.Equal(2, capped.Of("backbonesim_runs_exported").Single().Value);
            AssertOnlyRuns(capped, ids[0], ids[1]);
            var services = runs[0].Scenario.Topology.Services.Count;
            Assert.Equal(2 * services, capped.Of("backbonesim_run_service_availability_ratio").Count());

            await runs[0].DisposeAsync();
            runs.RemoveAt(0);
            var after = await host.ScrapeUntilAsync(s => !s.Runs.Contains(ids[0]) && s.Runs.Count == 2, "the first run gone and the third exported");
            AssertOnlyRuns(after, ids[1], ids[2]);
            Assert.Equal(2, after.Of("backbonesim_runs_active").Single().Value);
        }
        finally
        {
            foreach (var r in runs) await r.DisposeAsync();
        }
    }

    /// <summary>Every sample with a run label belongs to one of <paramref name="runs"/>, and each of them has every per-run metric.</summary>
    private static void AssertOnlyRuns(Scrape scrape, params string[] runs)
    {
        var labelled = scrape.Samples.Where(s => s.Labels.ContainsKey("run")).ToList();
        Assert.All(labelled, s => Assert.Contains(s.Labels["run"], runs));
        var perRunMetrics = labelled.Select(s => s.Name).Distinct().ToList();
        Assert.True(perRunMetrics.Count >= 15, $"per-run metrics: {string.Join(", ", perRunMetrics)}");
        foreach (var run in runs)
            Assert.All(perRunMetrics, name => Assert.NotEmpty(scrape.Of(name, run)));
    }
}
