using BackboneSim.Engine;

namespace BackboneSim.Web.Runs;

/// <summary>
/// A run's log as it stood when its loop published a <see cref="RunSnapshot"/>: the released events, their
/// --events lines, the map changes, link loads, key moments and series rows they made. Immutable (each list is a
/// <see cref="Frozen{T}"/> prefix), so the API, the pusher and the why-queries read it from any thread, without
/// the run's loop and without a lock. <see cref="RunLog"/> is the writer's side.
/// </summary>
public sealed class RunLogView(
    Frozen<LoggedEvent> released, Frozen<string> lines, Frozen<StateChange> changes, Frozen<Moment> moments, Frozen<double[]> rows,
    IReadOnlyList<string> columns, IReadOnlyDictionary<string, string> initial, int computedCount, long releasedMs,
    Frozen<LoadChange> loads, IReadOnlyDictionary<string, LinkLoad> initialLoads)
{
    public IReadOnlyList<string> Columns { get; } = columns;
    /// <summary>Each element's state before any event (the map's start).</summary>
    public IReadOnlyDictionary<string, string> Initial { get; } = initial;
    public int ComputedCount { get; } = computedCount;
    public int ReleasedCount => lines.Count;
    /// <summary>Every released event with ms at or before this is released; -1 before the first release.</summary>
    public long ReleasedMs { get; } = releasedMs;
    public int RowCount => rows.Count;
    public IReadOnlyList<Moment> Moments => moments;

    /// <summary>The released events (ids 1, 2, 3… at index id - 1).</summary>
    public ReleasedEvents Released { get; } = new(released);

    /// <summary>The released event with id in (since, since + max], as --events lines.</summary>
    public IReadOnlyList<string> Lines(long since, int max) => lines.Slice((int)Math.Clamp(since, 0, lines.Count), max);

    /// <summary>The ms of a released event by id.</summary>
    public long MsOf(long id) => released[(int)id - 1].Ms;

    /// <summary>A released event's --events line, by id.</summary>
    public string LineOf(long id) => lines[(int)id - 1];

    /// <summary>The latest map change of <paramref name="target"/> by an event with ms ≤ <paramref name="atMs"/>, or null (still its initial state).</summary>
    public StateChange? LastChangeOf(string target, long atMs)
    {
        for (var i = changes.Count - 1; i >= 0; i--)
            if (changes[i].Target == target && MsOf(changes[i].EventId) <= atMs) return changes[i];
        return null;
    }

    public IEnumerable<StateChange> ChangesFor(long fromIdExclusive, long toIdInclusive)
        => Between(changes, c => c.EventId, fromIdExclusive, toIdInclusive);

    public IEnumerable<LoadChange> LoadsFor(long fromIdExclusive, long toIdInclusive)
        => Between(loads, l => l.EventId, fromIdExclusive, toIdInclusive);

    /// <summary>Every backbone link's load after every released event with ms ≤ <paramref name="atMs"/> (none before a report).</summary>
    public Dictionary<string, LinkLoad> LoadsAt(long atMs)
    {
        var at = new Dictionary<string, LinkLoad>(initialLoads, StringComparer.Ordinal);
        foreach (var l in loads)
        {
            if (MsOf(l.EventId) > atMs) break;
            at[l.Link] = l.ToLoad();
        }
        return at;
    }

    public IEnumerable<Moment> MomentsFor(long fromIdExclusive, long toIdInclusive)
        => Between(moments, m => m.EventId, fromIdExclusive, toIdInclusive);

    public IReadOnlyList<double[]> Rows(int since, int max) => rows.Slice(since, max);

    /// <summary>Each element's state after every released event with ms ≤ <paramref name="atMs"/>.</summary>
    public Dictionary<string, string> StatesAt(long atMs)
    {
        var states = new Dictionary<string, string>(Initial, StringComparer.Ordinal);
        foreach (var c in changes)
        {
            if (MsOf(c.EventId) > atMs) break;
            states[c.Target] = c.State;
        }
        return states;
    }

    private static IEnumerable<T> Between<T>(Frozen<T> items, Func<T, long> id, long fromExclusive, long toInclusive)
    {
        // Items are in event-id order: binary-search the first, then walk.
        int lo = 0, hi = items.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (id(items[mid]) <= fromExclusive) lo = mid + 1; else hi = mid;
        }
        for (var i = lo; i < items.Count && id(items[i]) <= toInclusive; i++) yield return items[i];
    }
}
