using System.Diagnostics;
using BackboneSim.Analysis.Running;
using BackboneSim.Engine;
using BackboneSim.Model.Build;
using BackboneSim.Model.Scenario;
using BackboneSim.Scenarios;
using BackboneSim.Silo;
using BackboneSim.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace BackboneSim.Web.Tests;

/// <summary>
/// Twenty runs at once on the web host's own silo (a planner's sweep beside a class): every run completes with the
/// log of its run alone, and the host keeps answering its API meanwhile.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class ServingUnderLoadTests(WebHostFixture web, ITestOutputHelper output)
{
    private const int Runs = 20;
    // "Keeps serving" means every request is answered, none refused or hung. How fast is a figure, not a pass mark: on
    // a 2-core machine the runs and Kestrel share the thread pool (measured: median 0.4 s, slowest 13 s while other
    // builds also ran), so the bound only catches a host that stops answering.
    private static readonly TimeSpan SlowestAllowedAnswer = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_host_keeps_serving_while_twenty_runs_share_its_silo()
    {
        var path = RepoPaths.File("scenarios/safe-canary-rollout.yaml");
        var grains = web.Services.GetRequiredService<IGrainFactory>();
        var runs = Enumerable.Range(1, Runs).Select(seed => Task.Run(async () =>
        {
            var (scenario, bundle) = ScenarioBundle.FromDisk(path, seed);
            await using var driver = await OrleansRunDriver.StartAsync(grains, bundle, null);
            return await RunDigest.HashAsync(driver, scenario.Start, scenario.DurationMs);
        })).ToList();

        // While they run, the API answers: the library and the run list, timed from this side.
        var answers = new List<TimeSpan>();
        while (!runs.All(r => r.IsCompleted))
        {
            var clock = Stopwatch.StartNew();
            var library = await web.Http.GetAsync("/api/scenarios");
            var list = await web.Http.GetAsync("/api/runs");
            clock.Stop();
            Assert.True(library.IsSuccessStatusCode && list.IsSuccessStatusCode, $"{library.StatusCode} {list.StatusCode}");
            answers.Add(clock.Elapsed);
            await Task.Delay(200);
        }
        var hashes = await Task.WhenAll(runs);
        answers.Sort();
        output.WriteLine($"{answers.Count} API round trips during the load: median {answers[answers.Count / 2].TotalMilliseconds:F0} ms, slowest {answers[^1].TotalMilliseconds:F0} ms");
        Assert.True(answers.Count >= 3, "the runs ended before the API was asked anything");
        Assert.True(answers[^1] < SlowestAllowedAnswer, $"the slowest API answer took {answers[^1]}");

        // Each run is the same bytes as that run alone (checked for the first and last seed; the Grains load test checks all).
        foreach (var seed in new[] { 1, Runs })
        {
            var (scenario, _) = ScenarioBundle.FromDisk(path, seed);
            await using var alone = InMemoryRun.Create(new SimulationFactory(scenario), null);
            Assert.Equal(await RunDigest.HashAsync(alone, scenario.Start, scenario.DurationMs), hashes[seed - 1]);
        }
        Assert.Equal(Runs, hashes.Distinct().Count());
    }
}
