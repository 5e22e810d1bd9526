using System.Diagnostics.Metrics;
using BackboneSim.Analysis.Running;
using BackboneSim.Cli.Running;
using BackboneSim.Engine;
using BackboneSim.Model.Scenario;
using BackboneSim.Scenarios;
using BackboneSim.Silo.Runtimes;
using BackboneSim.Telemetry;
using BackboneSim.Tests.Shared;

namespace BackboneSim.Cli.Tests;

/// <summary>
/// The runtime abstraction in this process: each runtime's description is the summary's "runtime" text as it was
/// before there were runtimes, and the metering decorator watches an in-memory run without changing its events.
/// </summary>
public class RuntimeTests
{
    private static RunSettings Settings(string runtime, int silos) => new("fb", runtime, silos, null, null, null, null, 1000, true);

    [Fact]
    public async Task Each_local_runtime_describes_itself_as_the_summary_always_did()
    {
        // No run is started, so no silo is: describing an embedded runtime needs none.
        await using var memory = LocalRuntime.For(Settings("memory", 1));
        await using var one = LocalRuntime.For(Settings("orleans", 1));
        await using var three = LocalRuntime.For(Settings("orleans", 3));
        Assert.Equal("in-memory", await memory.DescribeAsync());
        Assert.Equal("orleans, 1 silo embedded", await one.DescribeAsync());
        Assert.Equal("orleans, 3 silos embedded", await three.DescribeAsync());
        Assert.Equal("in-memory", await new InMemoryRuntime().DescribeAsync());
    }

    [Fact]
    public async Task A_metered_in_memory_run_is_watched_while_it_lasts_and_gives_the_same_events()
    {
        var (scenario, bundle) = ScenarioBundle.FromDisk(RepoPaths.File("scenarios/facebook-2021-10-04.yaml"), null);
        var until = 30 * 60_000L;
        var plain = await HashAsync(new InMemoryRuntime(), scenario, bundle, until);

        var metrics = BackboneSimMetrics.Process;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) => { if (instrument.Meter == metrics.Meter) l.EnableMeasurementEvents(instrument); };
        listener.Start();
        Assert.True(metrics.Listening);
        var before = metrics.Runs.Count;
        await using var runtime = new MeteredRuntime(new InMemoryRuntime(), metrics.Runs, "memory");
        var driver = await runtime.StartAsync(new RunRequest(scenario, bundle) { UntilMs = until });
        Assert.IsType<MeteredRunDriver>(driver);
        Assert.Equal(before + 1, metrics.Runs.Count);
        var metered = await RunDigest.HashAsync(driver, scenario.Start, until);
        await driver.DisposeAsync();
        Assert.Equal(before, metrics.Runs.Count);
        Assert.Equal(plain, metered);
    }

    private static async Task<string> HashAsync(IRunRuntime runtime, ScenarioDefinition scenario, ScenarioBundle bundle, long until)
    {
        await using var driver = await runtime.StartAsync(new RunRequest(scenario, bundle) { UntilMs = until });
        Assert.Equal(0, driver.Restarts);
        return await RunDigest.HashAsync(driver, scenario.Start, until);
    }
}
