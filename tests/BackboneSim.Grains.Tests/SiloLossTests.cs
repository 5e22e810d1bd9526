using System.Diagnostics;
using BackboneSim.Analysis.Running;
using BackboneSim.Engine;
using BackboneSim.Model.Build;
using BackboneSim.Model.Scenario;
using BackboneSim.Scenarios;
using BackboneSim.Silo;
using Orleans.TestingHost;
using Xunit.Abstractions;

namespace BackboneSim.Grains.Tests;

/// <summary>
/// A silo dies mid-run and the run's event log is still byte-identical to the in-memory run. Each test kills a silo
/// of a cluster of its own (a cluster with a dead silo cannot be shared). The kill happens once the run has
/// reached a given window, pulled in small batches, so the test does not depend on timing.
/// </summary>
public class SiloLossTests(ITestOutputHelper output)
{
    /// <summary>Long enough for a real cascade after the kill: the leak at 10 min, reflectors failing, and their first
    /// reboot at 20 min 52 s.</summary>
    private const long Until = 22 * 60_000;

    [Fact]
    public async Task Losing_a_silo_that_hosts_nodes_rebuilds_them_and_the_log_stays_byte_identical()
    {
        var clock = Stopwatch.StartNew();
        var (reference, windows) = await InMemory(Timelines.RouteLeak, Until);
        Assert.Contains("router.control_plane_failed", reference);
        output.WriteLine($"in memory {clock.Elapsed.TotalSeconds:F1} s");
        await using var cluster = await StartClusterAsync();
        output.WriteLine($"cluster up {clock.Elapsed.TotalSeconds:F1} s");
        await using var run = await KilledRun.StartAsync(cluster.Client, Timelines.RouteLeak, Until);
        await run.PullUntilWindowAsync(windows / 3);
        output.WriteLine($"window {windows / 3} of {windows} reached {clock.Elapsed.TotalSeconds:F1} s");

        var placement = await RunPlacement.OfAsync(cluster.Client, run.Driver.Info.RunId);
        Assert.True(placement.NodesPerSilo.Count == 3, $"nodes should be spread over all 3 silos, were on {placement.NodesPerSilo.Count}");
        var victim = cluster.Silos.First(s => !s.SiloAddress.Equals(placement.Coordinator));
        var lost = placement.NodesPerSilo[victim.SiloAddress];
        await run.KillAndFinishAsync(() => cluster.KillSiloAsync(victim));

        output.WriteLine($"finished {clock.Elapsed.TotalSeconds:F1} s");
        output.WriteLine($"killed a silo with {lost} of {run.Driver.Info.Nodes} nodes at window {run.KilledAtWindow}: " +
                         $"{run.Last.RecoveredNodes} node rebuilds; first progress {run.FirstProgress.TotalSeconds:F2} s, " +
                         $"first window after a rebuild {run.Recovered.TotalSeconds:F2} s after the kill");
        Assert.True(run.Last.RecoveredNodes > 0, "no node was rebuilt: the kill did not hit the run");
        Assert.Equal(0, run.Driver.Restarts);
        Assert.Equal(reference, run.Timeline);
    }

    [Fact]
    public async Task Losing_the_coordinator_silo_restarts_the_run_and_the_log_stays_byte_identical()
    {
        var (reference, windows) = await InMemory(Timelines.RouteLeak, Until);
        await using var cluster = await StartClusterAsync();
        await using var run = await KilledRun.StartAsync(cluster.Client, Timelines.RouteLeak, Until);
        await run.PullUntilWindowAsync(windows / 2);

        var placement = await RunPlacement.OfAsync(cluster.Client, run.Driver.Info.RunId);
        var victim = cluster.Silos.Single(s => s.SiloAddress.Equals(placement.Coordinator));
        await run.KillAndFinishAsync(() => cluster.KillSiloAsync(victim));

        output.WriteLine($"killed the coordinator's silo at window {run.KilledAtWindow}: {run.Driver.Restarts} restart(s); " +
                         $"first progress past the kill {run.FirstProgress.TotalSeconds:F2} s after it");
        Assert.Equal(1, run.Driver.Restarts);
        // Bounded: failure detection takes seconds and the fast-forward re-runs half of a run that takes seconds.
        Assert.True(run.FirstProgress < TimeSpan.FromSeconds(60), $"the run took {run.FirstProgress} to progress after the kill");
        Assert.Equal(reference, run.Timeline);
    }

    private static async Task<InProcessTestCluster> StartClusterAsync()
    {
        var builder = new InProcessTestClusterBuilder(3);
        builder.ConfigureSilo((_, silo) => silo.AddBackboneSim());
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private static async Task<(string Text, long Windows)> InMemory(string path, long until)
    {
        var (scenario, _) = ScenarioBundle.FromDisk(path, null);
        await using var driver = InMemoryRun.Create(new SimulationFactory(scenario), until);
        var (text, last) = await RunDigest.EventsTextAsync(driver, scenario.Start, until);
        return (text, last.Windows);
    }

    /// <summary>A run on a cluster pulled in small batches, so a silo can be killed at a chosen window.</summary>
    private sealed class KilledRun : IAsyncDisposable
    {
        private readonly StringWriter _text = new() { NewLine = "\n" };
        private readonly JsonLinesEventWriter _sink;
        private readonly long _until;

        private KilledRun(OrleansRunDriver driver, ScenarioDefinition scenario, long until)
        {
            Driver = driver;
            _sink = new JsonLinesEventWriter(_text, scenario.Start);
            _until = until;
        }

        public OrleansRunDriver Driver { get; }
        public RunBatch Last { get; private set; } = new();
        public long KilledAtWindow { get; private set; }
        /// <summary>From the kill to the first batch that got past the window the run had reached.</summary>
        public TimeSpan FirstProgress { get; private set; }
        /// <summary>From the kill to the first batch after a node was rebuilt.</summary>
        public TimeSpan Recovered { get; private set; }
        public string Timeline => _text.ToString();

        public static async Task<KilledRun> StartAsync(IGrainFactory grains, string path, long until)
        {
            var (scenario, bundle) = ScenarioBundle.FromDisk(path, null);
            return new KilledRun(await OrleansRunDriver.StartAsync(grains, bundle, until, stallTimeout: TimeSpan.FromSeconds(90)), scenario, until);
        }

        public async Task PullUntilWindowAsync(long window)
        {
            while (!Last.Finished && Last.Windows < window) await PullAsync(TimeSpan.FromMilliseconds(20), 200);
            Assert.False(Last.Finished, "the run ended before the kill");
        }

        public async Task KillAndFinishAsync(Func<Task> kill)
        {
            KilledAtWindow = Last.Windows;
            var clock = Stopwatch.StartNew();
            await kill();
            while (!Last.Finished)
            {
                await PullAsync(TimeSpan.FromMilliseconds(250), 20_000);
                if (FirstProgress == TimeSpan.Zero && Last.Windows > KilledAtWindow) FirstProgress = clock.Elapsed;
                if (Recovered == TimeSpan.Zero && Last.RecoveredNodes > 0) Recovered = clock.Elapsed;
            }
            _sink.OnFinished(_until);
        }

        private async Task PullAsync(TimeSpan budget, int maxEvents)
        {
            Last = await Driver.AdvanceAsync(budget, maxEvents, CancellationToken.None);
            _sink.OnWindow(Last.SimMs, Last.Events);
        }

        public async ValueTask DisposeAsync() => await Driver.DisposeAsync();
    }
}
