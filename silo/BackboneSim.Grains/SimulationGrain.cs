using BackboneSim.Abstractions;
using BackboneSim.Analysis.Observation;
using BackboneSim.Engine;
using BackboneSim.Telemetry;

namespace BackboneSim.Grains;

/// <summary>
/// Hosts the coordinator of one run. Clients pull events with Advance, which runs windows for a wall-clock budget:
/// the client's pace is the back-pressure, and no wall-clock timer ever drives virtual time.
/// <para>
/// The run is metered here, by the same <see cref="MeteredRunDriver"/> decorator the CLI puts around an in-memory
/// run, and not around the client's <c>OrleansRunDriver</c>: a silo's /metrics must show the runs its coordinators
/// host whoever started them (a CLI in another process with <c>--cluster</c> has no /metrics of its own), and a
/// restarted run is a new run on the silo that took it over, with series of its own.
/// </para>
/// </summary>
[KeepAlive]
public sealed class SimulationGrain(RunCatalog catalog, ActiveRuns runs) : Grain, ISimulationGrain
{
    private CoordinatorDriver? _coordinator;
    /// <summary>The coordinator's driver, metered when something listens to the meter.</summary>
    private IRunDriver? _driver;
    private OrleansExecutor? _executor;
    private RunInfo? _info;
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
            () => _coordinator!.Coordinator.Stats.AddRecoveredNode());
        var executor = _executor;
        _coordinator = new CoordinatorDriver(sink => new SimulationCoordinator(factory.NodeNames, executor, scenario.LookaheadMs, until, sink, ScenarioWatcher.For(factory)));
        _info = new RunInfo { RunId = runId, Scenario = scenario.Name, Nodes = factory.NodeCount, UntilMs = until };
        _driver = runs.Watch(_coordinator, runId, "orleans", factory, until);
        return _info;
    }

    public async Task<RunBatch> Advance(long pull, TimeSpan budget, int maxEvents)
    {
        // Not started here: the activation that held the run died with its silo (the client started it).
        if (_driver is null) throw new GrainStateLostException($"run {this.GetPrimaryKeyString()} lost its coordinator: it was re-activated mid-run");
        if (pull == _pull && _lastBatch is not null) return _lastBatch; // the client did not get the answer: same batch again
        if (pull != _pull + 1) throw new InvalidOperationException($"run {this.GetPrimaryKeyString()}: pull {pull} asked after pull {_pull}");
        // Metered once per batch: a repeated pull is answered above without advancing (or recording) again.
        _lastBatch = await _driver.AdvanceAsync(budget, maxEvents, CancellationToken.None);
        _pull = pull;
        return _lastBatch;
    }

    public async Task End()
    {
        if (_driver is not null) await _driver.DisposeAsync();
        if (_executor is not null) await _executor.ReleaseAllAsync();
        catalog.Forget(this.GetPrimaryKeyString());
        DeactivateOnIdle();
    }

    /// <summary>A run deactivated without End (its silo stopping) has ended too, as far as the metrics go.</summary>
    /// <remarks>Disposing twice (End, then deactivation) is harmless: the metrics end once and the coordinator holds nothing.</remarks>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_driver is not null) await _driver.DisposeAsync();
    }
}
