using System.Diagnostics;
using BackboneSim.Abstractions;
using BackboneSim.Engine;
using BackboneSim.Model.Scenario;

namespace BackboneSim.Silo;

/// <summary>
/// Client side of a run in a cluster: starts the SimulationGrain and pulls batches from it. Survives the loss of
/// the coordinator's silo: it starts the same run again under a new id and fast-forwards it to the window it had
/// reached, dropping the events it had already handed out, so the caller's event log is the one an undisturbed
/// run gives (the run is deterministic). While a silo is dying it waits and retries, but never longer than
/// <see cref="StallTimeout"/> without progress, then throws <see cref="RunLostException"/>.
/// </summary>
public sealed class OrleansRunDriver : IRunDriver
{
    /// <summary>How long a run may make no progress before the driver gives up on it.</summary>
    public static readonly TimeSpan DefaultStallTimeout = TimeSpan.FromMinutes(2);
    /// <summary>Coordinator losses a run survives.</summary>
    public const int MaxRestarts = 3;

    /// <summary>A restarted run catches up in large pulls: its events up to there are dropped anyway.</summary>
    private static readonly TimeSpan CatchUpBudget = TimeSpan.FromSeconds(1);
    private const int CatchUpMaxEvents = 50_000;

    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(1);

    private readonly IGrainFactory _grains;
    private readonly StartRunRequest _request;
    private readonly string _baseRunId;
    private ISimulationGrain _simulation;
    private int _generation;
    private long _pull;
    private long _deliveredEvents;
    private long _deliveredWindows;
    /// <summary>While fast-forwarding a restarted run: events still to drop, and the window count to reach.</summary>
    private long _skipEvents;
    private long _resumeAtWindows;
    private long _recoveredBefore;
    private long _recoveredNow;

    private OrleansRunDriver(IGrainFactory grains, StartRunRequest request, string runId, ISimulationGrain simulation, RunInfo info, TimeSpan stallTimeout)
    {
        _grains = grains;
        _request = request;
        _baseRunId = runId;
        _simulation = simulation;
        Info = info;
        StallTimeout = stallTimeout;
    }

    /// <summary>The run as the cluster knows it now (its id changes when it is restarted).</summary>
    public RunInfo Info { get; private set; }

    /// <summary>Times the run was started again because its coordinator was lost.</summary>
    public int Restarts { get; private set; }

    public TimeSpan StallTimeout { get; }

    public static async Task<OrleansRunDriver> StartAsync(IGrainFactory grains, ScenarioBundle bundle, long? untilMs, string? runId = null,
        TimeSpan? stallTimeout = null)
    {
        runId ??= Guid.NewGuid().ToString("N");
        var request = new StartRunRequest { Scenario = bundle, UntilMs = untilMs };
        var sim = grains.GetGrain<ISimulationGrain>(runId);
        var info = await sim.Start(request);
        return new OrleansRunDriver(grains, request, runId, sim, info, stallTimeout ?? DefaultStallTimeout);
    }

    public async Task<RunBatch> AdvanceAsync(TimeSpan budget, int maxEvents, CancellationToken cancellationToken)
    {
        var stalled = Stopwatch.StartNew();
        var delay = FirstRetryDelay;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Exception error;
            try
            {
                var catchingUp = _resumeAtWindows > 0;
                var batch = await _simulation.Advance(_pull + 1, catchingUp ? CatchUpBudget : budget, catchingUp ? CatchUpMaxEvents : maxEvents);
                _pull++;
                stalled.Restart();
                delay = FirstRetryDelay;
                if (Deliver(batch) is { } delivered) return delivered;
                continue; // still fast-forwarding a restarted run
            }
            catch (Exception e) when (SiloLoss.IsTransient(e))
            {
                error = e;
            }
            if (stalled.Elapsed > StallTimeout)
                throw new RunLostException($"run {Info.RunId} made no progress for {StallTimeout.TotalSeconds:0} s; last error: {error.Message}", error);
            if (SiloLoss.IsStateLost(error))
            {
                await RestartAsync(error);
                continue;
            }
            await Task.Delay(delay, cancellationToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
        }
    }

    /// <summary>The batch to hand out, or null while a restarted run has not yet caught up with what was delivered.</summary>
    private RunBatch? Deliver(RunBatch batch)
    {
        _recoveredNow = batch.RecoveredNodes;
        var events = batch.Events;
        if (_skipEvents > 0)
        {
            var skip = (int)Math.Min(_skipEvents, events.Length);
            _skipEvents -= skip;
            events = events[skip..];
        }
        if (batch.Windows < _resumeAtWindows && !batch.Finished)
        {
            if (events.Length > 0)
                throw new InvalidOperationException($"run {Info.RunId} was restarted but did not replay the same events (determinism broken)");
            return null;
        }
        _resumeAtWindows = 0;
        _deliveredEvents += events.Length;
        _deliveredWindows = batch.Windows;
        if (ReferenceEquals(events, batch.Events) && _recoveredBefore == 0) return batch;
        return new RunBatch
        {
            Events = events, SimMs = batch.SimMs, Finished = batch.Finished, Windows = batch.Windows, Messages = batch.Messages,
            NodeSteps = batch.NodeSteps, TotalEvents = batch.TotalEvents, RecoveredNodes = _recoveredBefore + batch.RecoveredNodes,
        };
    }

    /// <summary>The coordinator was lost: start the run again under a new id and fast-forward to where it was.</summary>
    private async Task RestartAsync(Exception cause)
    {
        if (Restarts >= MaxRestarts)
            throw new RunLostException($"run {Info.RunId} lost its coordinator {Restarts + 1} times; giving up: {cause.Message}", cause);
        Restarts++;
        AbandonRun(Info);
        _recoveredBefore += _recoveredNow;
        _recoveredNow = 0;
        var stalled = Stopwatch.StartNew();
        var delay = FirstRetryDelay;
        while (true)
        {
            // A fresh id each attempt: a start whose answer was lost may have taken its id.
            var runId = $"{_baseRunId}-r{++_generation}";
            var simulation = _grains.GetGrain<ISimulationGrain>(runId);
            try
            {
                Info = await simulation.Start(_request);
                _simulation = simulation;
                break;
            }
            catch (Exception e) when (SiloLoss.IsTransient(e))
            {
                AbandonRun(new RunInfo { RunId = runId, Nodes = Info.Nodes });
                if (stalled.Elapsed > StallTimeout)
                    throw new RunLostException($"run {_baseRunId} could not be started again for {StallTimeout.TotalSeconds:0} s; last error: {e.Message}", e);
            }
            await Task.Delay(delay);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
        }
        _pull = 0;
        _skipEvents = _deliveredEvents;
        _resumeAtWindows = _deliveredWindows;
    }

    /// <summary>
    /// Let go of what is left of a lost run: its node grains on the surviving silos still hold their models.
    /// Best effort and in the background (one-way releases); a fresh activation just deactivates again.
    /// </summary>
    private void AbandonRun(RunInfo run)
    {
        var grains = _grains;
        _ = Task.Run(async () =>
        {
            try
            {
                for (var n = 0; n < run.Nodes; n++) await grains.GetGrain<INodeGrain>(GrainKeys.Node(run.RunId, n)).Release();
                await grains.GetGrain<ISimulationGrain>(run.RunId).End().WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (Exception)
            {
                // Nothing to do about a run that is already gone.
            }
        });
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _simulation.End().WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (Exception e) when (SiloLoss.IsTransient(e))
        {
            // The cluster is failing: the run's grains go with it.
        }
    }
}

/// <summary>A run that could not be continued: no progress for too long, or its coordinator lost too often.</summary>
public sealed class RunLostException(string message, Exception inner) : Exception(message, inner);
