using System.Diagnostics;
using BackboneSim.Analysis.Running;
using BackboneSim.Engine;
using BackboneSim.Model.Build;
using BackboneSim.Model.Scenario;
using BackboneSim.Scenarios;
using BackboneSim.Silo.Clustering;
using BackboneSim.Silo.Runtimes;

namespace BackboneSim.Bench;

/// <summary>One timed run of a scenario on one runtime, measured inside its own process.</summary>
public sealed record Measurement(string Runtime, int Silos, double WallSeconds, long SimMs, long Events, long Messages, long NodeSteps, long Windows, long PeakMiB)
{
    public double SpeedUp => SimMs / 1000.0 / WallSeconds;

    /// <summary>The run with the median wall time (the upper one of an even count): what every bench mode reports.</summary>
    public static Measurement MedianOf(IReadOnlyList<Measurement> runs) => runs.OrderBy(r => r.WallSeconds).ElementAt(runs.Count / 2);
    public double EventsPerSecond => Events / WallSeconds;
    public double MessagesPerSecond => Messages / WallSeconds;

    /// <summary>
    /// Load outside the timer, then time from runtime start-up to the last event: for the embedded cluster its start
    /// is included; for a cluster of silo processes (<paramref name="clusterUrl"/>) the client's connection is, the
    /// silos' start is not (they are long-lived services), but they are fresh and their code not yet jitted.
    /// </summary>
    public static async Task<Measurement> TakeAsync(string scenarioPath, string runtime, int silos, string? clusterUrl = null)
    {
        var (scenario, bundle) = ScenarioBundle.FromDisk(scenarioPath, null);
        var factory = new SimulationFactory(scenario);
        if (clusterUrl is not null)
        {
            // Wait outside the timer until every silo process is active, so grains are placed on all of them.
            await using var probe = await ClusterRuntime.ConnectAsync(ClusterConnection.Parse(clusterUrl));
            while (await probe.ActiveSilosAsync() < silos) await Task.Delay(200);
        }
        var clock = Stopwatch.StartNew();
        // Inside the timer: the embedded silos start with the run, and the cluster's client connects.
        IRunRuntime target = runtime == "memory" ? new InMemoryRuntime()
            : clusterUrl is not null ? await ClusterRuntime.ConnectAsync(ClusterConnection.Parse(clusterUrl))
            : new EmbeddedRuntime(silos);
        var driver = await target.StartAsync(new RunRequest(scenario, bundle) { Factory = factory });
        var last = await driver.RunToEndAsync(new NullSink(), scenario.DurationMs);
        clock.Stop();
        await driver.DisposeAsync();
        await target.DisposeAsync();
        var peak = Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024);
        return new Measurement(runtime, silos, clock.Elapsed.TotalSeconds, last.SimMs, last.TotalEvents, last.Messages, last.NodeSteps, last.Windows, peak);
    }

    private sealed class NullSink : IEventSink
    {
        public void OnWindow(long windowStartMs, IReadOnlyList<LoggedEvent> events) { }
        public void OnFinished(long endMs) { }
    }
}
