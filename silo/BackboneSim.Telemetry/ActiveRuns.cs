using System.Collections.Concurrent;
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

    /// <summary>The process's registry, read by <see cref="BackboneSimMetrics"/>.</summary>
    public static ActiveRuns Shared { get; } = new();

    private readonly ConcurrentDictionary<long, RunMetrics> _runs = new();
    private long _nextSequence;
    private int _maxExportedRuns = DefaultMaxExportedRuns;

    /// <summary>At most this many runs have per-run series (setting <c>Metrics:MaxRuns</c>; default 20).</summary>
    public int MaxExportedRuns
    {
        get => _maxExportedRuns;
        set => _maxExportedRuns = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), "0 or more runs");
    }

    public int Count => _runs.Count;

    /// <summary>
    /// Starts watching a run, or returns null when nothing listens to the meter (then the run costs nothing extra).
    /// Dispose the result when the run ends.
    /// </summary>
    public RunMetrics? Start(string runId, string runtime, SimulationFactory factory, long untilMs)
    {
        if (!BackboneSimMetrics.Listening) return null;
        var sequence = Interlocked.Increment(ref _nextSequence);
        var run = new RunMetrics(runId, runtime, factory, untilMs, () => _runs.TryRemove(sequence, out _));
        _runs[sequence] = run;
        BackboneSimMetrics.RunsStarted.Add(1);
        return run;
    }

    /// <summary>The runs whose series are exported: the oldest ones, up to the cap.</summary>
    public IReadOnlyList<RunMetrics> Exported()
    {
        var max = _maxExportedRuns;
        if (max == 0) return [];
        return _runs.OrderBy(kv => kv.Key).Take(max).Select(kv => kv.Value).ToArray();
    }
}
