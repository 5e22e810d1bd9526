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
    private long _pull;
    private RunBatch? _lastBatch;

    public async Task<RunInfo> Start(StartRunRequest request)
    {
        if (_info is not null) throw new InvalidOperationException($"run {this.GetPrimaryKeyString()} was already started");
        var runId = this.GetPrimaryKeyString();
        var source = GrainFactory.GetGrain<IRunSourceGrain>(runId);
        await source.Set(request.Scenario);
        var factory = await catalog.GetAsync(runId);
        var scenario = factory.Scenario;
        var until = Math.Min(request.UntilMs ?? scenario.DurationMs, scenario.DurationMs);
        // Rebuilt nodes may land on a silo that never loaded the run: the scenario goes back to the run's source first.
        _executor = new OrleansExecutor(GrainFactory, runId, factory.NodeCount, () => source.Set(request.Scenario),
            () => _driver!.Coordinator.Stats.AddRecoveredNode());
        var executor = _executor;
        _driver = new CoordinatorDriver(sink => new SimulationCoordinator(factory.NodeNames, executor, scenario.LookaheadMs, until, sink, factory.CreateObserver()));
        _info = new RunInfo { RunId = runId, Scenario = scenario.Name, Nodes = factory.NodeCount, UntilMs = until };
        _metrics = ActiveRuns.Shared.Start(runId, "orleans", factory, until);
        return _info;
    }

    public async Task<RunBatch> Advance(long pull, TimeSpan budget, int maxEvents)
    {
        // Not started here: the activation that held the run died with its silo (the client started it).
        if (_driver is null) throw new GrainStateLostException($"run {this.GetPrimaryKeyString()} lost its coordinator: it was re-activated mid-run");
        if (pull == _pull && _lastBatch is not null) return _lastBatch; // the client did not get the answer: same batch again
        if (pull != _pull + 1) throw new InvalidOperationException($"run {this.GetPrimaryKeyString()}: pull {pull} asked after pull {_pull}");
        _lastBatch = await _driver.AdvanceAsync(budget, maxEvents, CancellationToken.None);
        _pull = pull;
        _metrics?.Record(_lastBatch); // observation only, once per batch (not again for a repeated pull)
        return _lastBatch;
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
