using BackboneSim.Abstractions;
using BackboneSim.Engine;
using BackboneSim.Telemetry;

namespace BackboneSim.Grains;

/// <summary>
/// Hosts the coordinator of one run. Clients pull events with Advance, which runs windows for a wall-clock budget:
/// the client's pace is the back-pressure, and no wall-clock timer ever drives virtual time.
/// </summary>
[KeepAlive]
public sealed class SimulationGrain(RunCatalog catalog) : Grain, ISimulationGrain
{
    private CoordinatorDriver? _driver;
    private OrleansExecutor? _executor;
    private RunInfo? _info;
    private RunMetrics? _metrics;

    public async Task<RunInfo> Start(StartRunRequest request)
    {
        if (_info is not null) throw new InvalidOperationException($"run {this.GetPrimaryKeyString()} was already started");
        var runId = this.GetPrimaryKeyString();
        await GrainFactory.GetGrain<IRunSourceGrain>(runId).Set(request.Scenario);
        var factory = await catalog.GetAsync(runId);
        var scenario = factory.Scenario;
        var until = Math.Min(request.UntilMs ?? scenario.DurationMs, scenario.DurationMs);
        _executor = new OrleansExecutor(GrainFactory, runId, factory.NodeCount);
        var executor = _executor;
        _driver = new CoordinatorDriver(sink => new SimulationCoordinator(factory.NodeNames, executor, scenario.LookaheadMs, until, sink, factory.CreateObserver()));
        _info = new RunInfo { RunId = runId, Scenario = scenario.Name, Nodes = factory.NodeCount, UntilMs = until };
        _metrics = ActiveRuns.Shared.Start(runId, "orleans", factory, until);
        return _info;
    }

    public async Task<RunBatch> Advance(TimeSpan budget, int maxEvents)
    {
        if (_driver is null) throw new InvalidOperationException($"run {this.GetPrimaryKeyString()} was not started");
        var batch = await _driver.AdvanceAsync(budget, maxEvents, CancellationToken.None);
        _metrics?.Record(batch); // observation only: the batch goes back unchanged
        return batch;
    }

    public async Task End()
    {
        _metrics?.Dispose();
        if (_executor is not null) await _executor.ReleaseAllAsync();
        catalog.Forget(this.GetPrimaryKeyString());
        DeactivateOnIdle();
    }

    /// <summary>A run deactivated without End (its silo stopping) has ended too, as far as the metrics go.</summary>
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _metrics?.Dispose();
        return Task.CompletedTask;
    }
}
