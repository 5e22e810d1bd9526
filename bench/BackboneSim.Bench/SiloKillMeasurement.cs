using System.Diagnostics;
using System.Globalization;
using BackboneSim.Abstractions;
using BackboneSim.Analysis.Running;
using BackboneSim.Engine;
using BackboneSim.Model.Build;
using BackboneSim.Model.Scenario;
using BackboneSim.Scenarios;
using BackboneSim.Silo;
using BackboneSim.Silo.Runtimes;

namespace BackboneSim.Bench;

/// <summary>
/// One run on 3 silos, two in this process and one in a child process that is killed (SIGKILL: no goodbye to the
/// cluster, as in a real crash) a third of the way in: how long until membership declares it dead, until the run
/// gets past the window it had reached, and until the first window that needed a rebuilt node; and whether the
/// event log is still the in-memory run's, byte for byte.
/// </summary>
public sealed record SiloKillMeasurement(
    int Nodes, int LostNodes, long RecoveredNodes, long KilledAtWindow, long Windows, double DeclaredDeadSeconds,
    double FirstProgressSeconds, double RecoveredSeconds, double RunSeconds, double UndisturbedSeconds, bool Identical)
{

    public static async Task<SiloKillMeasurement> TakeAsync(string scenarioPath)
    {
        var (scenario, bundle) = ScenarioBundle.FromDisk(scenarioPath, null);
        var reference = await InMemoryAsync(scenario, bundle);

        await using var cluster = await EmbeddedCluster.StartAsync(2);
        // The silos are started here, not by an EmbeddedRuntime: a third silo in a child process joins them first.
        var runtime = new OrleansRuntime(cluster.Grains, "orleans, 3 silos (one in a child process)");
        using var child = await JoinChildSiloAsync(cluster);
        var undisturbed = await UndisturbedAsync(runtime, scenario, bundle);

        var text = new StringWriter { NewLine = "\n" };
        var sink = new JsonLinesEventWriter(text, scenario.Start);
        var runClock = Stopwatch.StartNew();
        var (driver, victimAddress, lost, last) = await StartOffTheChildAsync(cluster, runtime, scenario, bundle);
        await using var _ = driver;
        sink.OnWindow(last.SimMs, last.Events);
        while (last.Windows < reference.Windows / 3)
        {
            last = await driver.AdvanceAsync(TimeSpan.FromMilliseconds(20), 500, CancellationToken.None);
            sink.OnWindow(last.SimMs, last.Events);
        }

        var killedAt = last.Windows;
        var clock = Stopwatch.StartNew();
        child.Kill();
        var declaredDead = WaitUntilDeclaredDeadAsync(cluster, victimAddress, clock);
        double firstProgress = 0, recovered = 0;
        while (!last.Finished)
        {
            last = await driver.AdvanceAsync(TimeSpan.FromMilliseconds(250), 20_000, CancellationToken.None);
            sink.OnWindow(last.SimMs, last.Events);
            if (firstProgress == 0 && last.Windows > killedAt) firstProgress = clock.Elapsed.TotalSeconds;
            if (recovered == 0 && last.RecoveredNodes > 0) recovered = clock.Elapsed.TotalSeconds;
        }
        sink.OnFinished(scenario.DurationMs);
        runClock.Stop();
        return new SiloKillMeasurement(reference.Nodes, lost, last.RecoveredNodes, killedAt, last.Windows, await declaredDead,
            firstProgress, recovered, runClock.Elapsed.TotalSeconds, undisturbed, RunDigest.Hash(text.ToString()) == reference.Hash);
    }

    /// <summary>A third silo in a child process (BackboneSim.Silo --join), once every silo sees it active.</summary>
    private static async Task<Process> JoinChildSiloAsync(EmbeddedCluster cluster)
    {
        var silo = Path.Combine(AppContext.BaseDirectory, "BackboneSim.Silo.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true };
        foreach (var a in new[] { silo, "--join", cluster.ClusterId, cluster.Primary.Port.ToString(CultureInfo.InvariantCulture) }) psi.ArgumentList.Add(a);
        var child = Process.Start(psi)!;
        var line = await child.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1));
        if (line?.StartsWith("joined", StringComparison.Ordinal) != true) throw new InvalidOperationException($"the child silo did not join: {line}");
        var management = cluster.Grains.GetGrain<IManagementGrain>(0);
        while ((await management.GetHosts(onlyActive: true)).Count < 3) await Task.Delay(100);
        return child;
    }

    /// <summary>
    /// Start the run until its coordinator is not on the child silo (placement decides): killing the child must
    /// lose nodes, not the coordinator. Returns the child's address and how many of the run's nodes it hosts.
    /// </summary>
    private static async Task<(IRunDriver Driver, SiloAddress Child, int Nodes, RunBatch First)> StartOffTheChildAsync(EmbeddedCluster cluster, IRunRuntime runtime,
        ScenarioDefinition scenario, ScenarioBundle bundle)
    {
        var management = cluster.Grains.GetGrain<IManagementGrain>(0);
        var local = Enumerable.Range(0, cluster.Silos).Select(cluster.AddressOf).ToHashSet();
        var child = (await management.GetHosts(onlyActive: true)).Keys.Single(a => !local.Contains(a));
        while (true)
        {
            // The run's id is chosen here so its grains can be found (no restart happens before the kill, so it stays).
            var runId = Guid.NewGuid().ToString("N");
            var driver = await runtime.StartAsync(new RunRequest(scenario, bundle) { RunId = runId });
            var first = await driver.AdvanceAsync(TimeSpan.FromMilliseconds(1), 1, CancellationToken.None); // starts every node, runs one window
            var all = await management.GetDetailedGrainStatistics();
            var coordinator = all.Single(s => s.GrainType.Contains("SimulationGrain", StringComparison.Ordinal) && s.GrainId.Key.ToString() == runId).SiloAddress;
            var nodes = all.Count(s => s.GrainType.Contains("NodeGrain", StringComparison.Ordinal) && s.SiloAddress.Equals(child)
                                       && GrainKeys.ParseNode(s.GrainId.Key.ToString()!).RunId == runId);
            if (!coordinator.Equals(child) && nodes > 0) return (driver, child, nodes, first);
            await driver.DisposeAsync();
        }
    }

    private static async Task<double> WaitUntilDeclaredDeadAsync(EmbeddedCluster cluster, SiloAddress victim, Stopwatch clock)
    {
        var management = cluster.Grains.GetGrain<IManagementGrain>(0);
        while (clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            var hosts = await management.GetHosts(onlyActive: true);
            if (!hosts.ContainsKey(victim)) return clock.Elapsed.TotalSeconds;
            await Task.Delay(50);
        }
        return double.NaN;
    }

    private static async Task<(string Hash, long Windows, int Nodes)> InMemoryAsync(ScenarioDefinition scenario, ScenarioBundle bundle)
    {
        var factory = new SimulationFactory(scenario);
        await using var runtime = new InMemoryRuntime();
        await using var driver = await runtime.StartAsync(new RunRequest(scenario, bundle) { Factory = factory });
        var (text, last) = await RunDigest.EventsTextAsync(driver, scenario.Start, scenario.DurationMs);
        return (RunDigest.Hash(text), last.Windows, factory.NodeCount);
    }

    /// <summary>The same run on the same cluster without a kill, for comparison (and to warm the cluster up).</summary>
    private static async Task<double> UndisturbedAsync(IRunRuntime runtime, ScenarioDefinition scenario, ScenarioBundle bundle)
    {
        var clock = Stopwatch.StartNew();
        await using var driver = await runtime.StartAsync(new RunRequest(scenario, bundle));
        await driver.RunToEndAsync(new JsonLinesEventWriter(TextWriter.Null, scenario.Start), scenario.DurationMs);
        return clock.Elapsed.TotalSeconds;
    }
}
