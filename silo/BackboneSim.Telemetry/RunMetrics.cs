using System.Diagnostics;
using BackboneSim.Analysis.Observation;
using BackboneSim.Engine;
using BackboneSim.Model.Build;

namespace BackboneSim.Telemetry;

/// <summary>
/// What the metrics know about one run: its progress counters and its current state, folded from its events into a
/// <see cref="RunState"/> of its own (the same one --series uses). It only reads the batches a run already produced,
/// so it cannot change the run. Recording happens on the run's thread and scrapes read from another, hence the lock.
/// </summary>
public sealed class RunMetrics : IDisposable
{
    private readonly object _gate = new();
    private readonly RunState _state;
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private readonly BackboneSimMetrics _metrics;
    private readonly Action _remove;
    private RunBatch _last = new();
    private int _disposed;

    internal RunMetrics(BackboneSimMetrics metrics, string runId, string runtime, SimulationFactory factory, long untilMs, Action remove)
    {
        _metrics = metrics;
        RunId = runId;
        Runtime = runtime;
        Scenario = factory.Scenario.Name;
        UntilMs = untilMs;
        _state = new RunState(factory);
        _remove = remove;
    }

    public string RunId { get; }
    public string Runtime { get; }
    public string Scenario { get; }
    public long UntilMs { get; }

    /// <summary>Folds a batch the run produced into the counters and the state.</summary>
    public void Record(RunBatch batch)
    {
        RunBatch previous;
        lock (_gate)
        {
            previous = _last;
            foreach (var e in batch.Events) _state.Apply(e);
            _last = batch;
        }
        _metrics.Windows.Add(batch.Windows - previous.Windows);
        _metrics.Events.Add(batch.TotalEvents - previous.TotalEvents);
        _metrics.Messages.Add(batch.Messages - previous.Messages);
        _metrics.NodeSteps.Add(batch.NodeSteps - previous.NodeSteps);
        _metrics.SimulatedTime.Add((batch.SimMs - previous.SimMs) / 1000.0);
    }

    /// <summary>Reads progress and state consistently (not in the middle of a batch).</summary>
    internal T Read<T>(Func<RunState, RunBatch, double, T> read)
    {
        lock (_gate) return read(_state, _last, _wall.Elapsed.TotalSeconds);
    }

    /// <summary>The run ended: its series go away from the next collection.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _remove();
        _metrics.RunsEnded.Add(1);
    }
}
