using System.Collections.Concurrent;
using BackboneSim.Engine;
using BackboneSim.Model.Build;

namespace BackboneSim.Telemetry;

/// <summary>
/// The runs in progress in this process that the per-run series describe. A run is added when it starts and removed
/// when it ends, so its series disappear from the next scrape. Only the oldest <see cref="MaxExportedRuns"/> runs are
/// exported, which bounds the label cardinality whatever the number of runs.
/// </summary>
public sealed class ActiveRuns
{
    public const int DefaultMaxExportedRuns = 20;

    private readonly BackboneSimMetrics _metrics;
    private readonly ConcurrentDictionary<long, RunMetrics> _runs = new();
    private long _nextSequence;
    private int _maxExportedRuns = DefaultMaxExportedRuns;

    /// <summary>Made by its meter, which reads it at each collection (see <see cref="BackboneSimMetrics.Runs"/>).</summary>
    internal ActiveRuns(BackboneSimMetrics metrics) => _metrics = metrics;

    /// <summary>At most this many runs have per-run series (setting <c>Metrics:MaxRuns</c>; default 20).</summary>
    public int MaxExportedRuns
    {
        get => _maxExportedRuns;
        set => _maxExportedRuns = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), "0 or more runs");
    }

    public int Count => _runs.Count;

    /// <summary>
    /// Starts watching a run, or returns null when nothing listens to the meter (then the run costs nothing extra).
    /// Dispose the result when the run ends. Callers go through <see cref="Watch"/>, which does that with the run.
    /// </summary>
    internal RunMetrics? Start(string runId, string runtime, SimulationFactory factory, long untilMs)
    {
        if (!_metrics.Listening) return null;
        var sequence = Interlocked.Increment(ref _nextSequence);
        var run = new RunMetrics(_metrics, runId, runtime, factory, untilMs, () => _runs.TryRemove(sequence, out _));
        _runs[sequence] = run;
        _metrics.RunsStarted.Add(1);
        return run;
    }

    /// <summary>
    /// <paramref name="driver"/> with its batches recorded (a <see cref="MeteredRunDriver"/>), or the driver itself when
    /// nothing listens. The run stops being watched when the returned driver is disposed.
    /// </summary>
    public IRunDriver Watch(IRunDriver driver, string runId, string runtime, SimulationFactory factory, long untilMs)
        => Start(runId, runtime, factory, untilMs) is { } run ? new MeteredRunDriver(driver, run) : driver;

    /// <summary>The runs whose series are exported: the oldest ones, up to the cap.</summary>
    public IReadOnlyList<RunMetrics> Exported()
    {
        var max = _maxExportedRuns;
        if (max == 0) return [];
        return _runs.OrderBy(kv => kv.Key).Take(max).Select(kv => kv.Value).ToArray();
    }
}
