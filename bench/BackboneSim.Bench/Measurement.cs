using System.Diagnostics;
using BackboneSim.Engine;
using BackboneSim.Model.Build;
using BackboneSim.Model.Scenario;
using BackboneSim.Silo;

namespace BackboneSim.Bench;

/// <summary>One timed run of a scenario on one runtime, measured inside its own process.</summary>
public sealed record Measurement(string Runtime, int Silos, double WallSeconds, long SimMs, long Events, long Messages, long NodeSteps, long Windows, long PeakMiB)
{
    public double SpeedUp => SimMs / 1000.0 / WallSeconds;
    public double EventsPerSecond => Events / WallSeconds;
    public double MessagesPerSecond => Messages / WallSeconds;

    /// <summary>Load outside the timer, then time from runtime start-up to the last event (cluster start included).</summary>
    public static async Task<Measurement> TakeAsync(string scenarioPath, string runtime, int silos)
    {
        var (scenario, bundle) = ScenarioBundle.FromDisk(scenarioPath, null);
        var factory = new SimulationFactory(scenario);
        var clock = Stopwatch.StartNew();
        EmbeddedCluster? cluster = null;
        IRunDriver driver;
        if (runtime == "memory") driver = InMemoryRun.Create(factory, null);
        else
        {
            cluster = await EmbeddedCluster.StartAsync(silos);
            driver = await OrleansRunDriver.StartAsync(cluster.Grains, bundle, null);
        }
        var last = await driver.RunToEndAsync(new NullSink(), scenario.DurationMs);
        clock.Stop();
        await driver.DisposeAsync();
        if (cluster is not null) await cluster.DisposeAsync();
        var peak = Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024);
        return new Measurement(runtime, silos, clock.Elapsed.TotalSeconds, last.SimMs, last.TotalEvents, last.Messages, last.NodeSteps, last.Windows, peak);
    }

    private sealed class NullSink : IEventSink
    {
        public void OnWindow(long windowStartMs, IReadOnlyList<LoggedEvent> events) { }
        public void OnFinished(long endMs) { }
    }
}
