namespace BackboneSim.Engine;

public static class RunDriverExtensions
{
    /// <summary>Pull a run to its end into <paramref name="sink"/>; returns the last batch (totals, virtual time).</summary>
    public static async Task<RunBatch> RunToEndAsync(this IRunDriver driver, IEventSink sink, long untilMs,
        CancellationToken cancellationToken = default, Action<RunBatch>? progress = null)
    {
        var last = new RunBatch();
        while (!last.Finished)
        {
            cancellationToken.ThrowIfCancellationRequested();
            last = await driver.AdvanceAsync(TimeSpan.FromMilliseconds(250), 20_000, cancellationToken);
            sink.OnWindow(last.SimMs, last.Events);
            progress?.Invoke(last);
        }
        sink.OnFinished(untilMs);
        return last;
    }
}
