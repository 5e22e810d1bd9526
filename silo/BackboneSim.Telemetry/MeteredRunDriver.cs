using BackboneSim.Engine;

namespace BackboneSim.Telemetry;

/// <summary>
/// Metrics recording as a decorator: hands on every batch of the run it wraps after folding it into the run's
/// <see cref="RunMetrics"/>, and stops watching the run when disposed. It only reads the batches, so a metered run
/// gives the same events as an unmetered one. Made by <see cref="ActiveRuns.Watch"/>.
/// </summary>
public sealed class MeteredRunDriver : IRunDriver
{
    private readonly IRunDriver _inner;
    private readonly RunMetrics _metrics;

    internal MeteredRunDriver(IRunDriver inner, RunMetrics metrics)
    {
        _inner = inner;
        _metrics = metrics;
    }

    public int Restarts => _inner.Restarts;

    public async Task<RunBatch> AdvanceAsync(TimeSpan budget, int maxEvents, CancellationToken cancellationToken)
    {
        var batch = await _inner.AdvanceAsync(budget, maxEvents, cancellationToken);
        _metrics.Record(batch);
        return batch;
    }

    public async ValueTask DisposeAsync()
    {
        // The run's series go first: the run has ended for the metrics even if ending it in its runtime fails.
        _metrics.Dispose();
        await _inner.DisposeAsync();
    }
}
