namespace BackboneSim.Web.Live;

/// <summary>
/// The loop the host's pushers share (runs' event batches, sessions' views): every interval, forget the cursors of
/// items that are gone, then push each live item. A failure is logged, not thrown, so one broken run or session
/// never stops the pushes of the others. <typeparamref name="TCursor"/> is what was last sent for an item.
/// </summary>
public abstract class PeriodicPusher<TItem, TCursor>(TimeSpan interval, ILogger log) : BackgroundService
{
    /// <summary>What was last sent, by item id; only touched by the loop.</summary>
    protected Dictionary<string, TCursor> Cursors { get; } = new(StringComparer.Ordinal);

    /// <summary>The items alive now.</summary>
    protected abstract IEnumerable<TItem> Items();

    protected abstract string IdOf(TItem item);

    /// <summary>Send what changed for <paramref name="item"/> since its cursor, and move the cursor.</summary>
    protected abstract Task PushAsync(TItem item, CancellationToken ct);

    protected sealed override async Task ExecuteAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(ct))
        {
            var live = Items().ToList();
            var ids = live.Select(IdOf).ToHashSet(StringComparer.Ordinal);
            foreach (var gone in Cursors.Keys.Where(id => !ids.Contains(id)).ToList()) Cursors.Remove(gone);
            foreach (var item in live)
            {
                try { await PushAsync(item, ct); }
                catch (Exception ex) when (ex is not OperationCanceledException) { log.LogWarning(ex, "pushing {Item} failed", IdOf(item)); }
            }
        }
    }
}
