using System.Text;
using BackboneSim.Analysis.Observation;
using BackboneSim.Engine;
using BackboneSim.Model.Build;

namespace BackboneSim.Web.Runs;

/// <summary>A key moment of the run (KeyMoments), by the id of the event that marks it.</summary>
public sealed record Moment(long EventId, long Ms, string What);

/// <summary>
/// A run's deterministic event log as the web client sees it. The engine appends <em>computed</em> events; the
/// playhead <em>releases</em> them in order (ids 1, 2, 3… with no gaps). Releasing folds each event into the map
/// states, the key moments and the sampled series, so all three are functions of the released log: state at any
/// time T is "the events with ms ≤ T", whichever way the playhead moved to get there. Not thread-safe: the run's
/// lock guards it.
/// </summary>
public sealed class RunLog
{
    public const long SampleMs = 10_000;

    private readonly List<LoggedEvent> _computed = new();
    private readonly List<string> _lines = new();
    private readonly List<StateChange> _changes = new();
    private readonly List<Moment> _moments = new();
    private readonly List<double[]> _rows = new();
    private readonly KeyMoments _keyMoments;
    private readonly StringWriter _lineWriter = new(new StringBuilder(256)) { NewLine = "\n" };
    private readonly JsonLinesEventWriter _render;
    private readonly LoggedEvent[] _one = new LoggedEvent[1];
    private long _nextRowMs;

    public RunLog(SimulationFactory factory)
    {
        _keyMoments = new KeyMoments(factory);
        Map = new MapStates(factory.Scenario, factory.InitiallyVisible);
        _render = new JsonLinesEventWriter(_lineWriter, factory.Scenario.Start);
        Columns = _keyMoments.State.Columns;
    }

    public MapStates Map { get; }
    public IReadOnlyList<string> Columns { get; }
    public int ComputedCount => _computed.Count;
    public int ReleasedCount => _lines.Count;
    /// <summary>Every released event with ms at or before this is released; -1 before the first release.</summary>
    public long ReleasedMs { get; private set; } = -1;
    public IReadOnlyList<StateChange> Changes => _changes;
    public IReadOnlyList<Moment> Moments => _moments;
    public int RowCount => _rows.Count;

    public void AppendComputed(IReadOnlyList<LoggedEvent> events) => _computed.AddRange(events);

    /// <summary>
    /// Release every computed event with ms ≤ <paramref name="uptoMs"/>. <paramref name="frontierMs"/> is the latest
    /// instant the engine has fully computed: series rows are written up to the smaller of the two.
    /// </summary>
    public void Release(long uptoMs, long frontierMs)
    {
        var until = Math.Min(uptoMs, frontierMs);
        if (until <= ReleasedMs) return;
        while (_lines.Count < _computed.Count && _computed[_lines.Count].Ms <= until)
        {
            var e = _computed[_lines.Count];
            WriteRowsBefore(e.Ms);
            _one[0] = e;
            _keyMoments.OnWindow(e.Ms, _one);
            for (var i = _moments.Count; i < _keyMoments.Moments.Count; i++)
            {
                var (ms, what, id) = _keyMoments.Moments[i];
                _moments.Add(new Moment(id, ms, what));
            }
            Map.Apply(e, _changes);
            _render.OnWindow(e.Ms, _one);
            var sb = _lineWriter.GetStringBuilder();
            _lines.Add(sb.ToString(0, sb.Length - 1)); // without the line end
            sb.Clear();
        }
        while (_nextRowMs <= until) WriteRow();
        ReleasedMs = until;
    }

    /// <summary>The released event with id in (since, since + max], as --events lines.</summary>
    public IReadOnlyList<string> Lines(long since, int max)
    {
        var from = (int)Math.Clamp(since, 0, _lines.Count);
        return _lines.GetRange(from, Math.Min(max, _lines.Count - from));
    }

    /// <summary>The ms of a released event by id.</summary>
    public long MsOf(long id) => _computed[(int)id - 1].Ms;

    /// <summary>The released events, as a view that may be read after leaving the run's lock (<see cref="ReleasedEvents"/>).</summary>
    public ReleasedEvents Released => new(_computed, _lines.Count);

    /// <summary>A released event's --events line, by id.</summary>
    public string LineOf(long id) => _lines[(int)id - 1];

    /// <summary>The latest map change of <paramref name="target"/> by an event with ms ≤ <paramref name="atMs"/>, or null (still its initial state).</summary>
    public StateChange? LastChangeOf(string target, long atMs)
    {
        for (var i = _changes.Count - 1; i >= 0; i--)
            if (_changes[i].Target == target && MsOf(_changes[i].EventId) <= atMs) return _changes[i];
        return null;
    }

    public IEnumerable<StateChange> ChangesFor(long fromIdExclusive, long toIdInclusive)
        => Between(_changes, c => c.EventId, fromIdExclusive, toIdInclusive);

    public IEnumerable<Moment> MomentsFor(long fromIdExclusive, long toIdInclusive)
        => Between(_moments, m => m.EventId, fromIdExclusive, toIdInclusive);

    public IReadOnlyList<double[]> Rows(int since, int max)
    {
        var from = Math.Clamp(since, 0, _rows.Count);
        return _rows.GetRange(from, Math.Min(max, _rows.Count - from));
    }

    /// <summary>Each element's state after every released event with ms ≤ <paramref name="atMs"/>.</summary>
    public Dictionary<string, string> StatesAt(long atMs)
    {
        var states = new Dictionary<string, string>(Map.Initial, StringComparer.Ordinal);
        foreach (var c in _changes)
        {
            if (MsOf(c.EventId) > atMs) break;
            states[c.Target] = c.State;
        }
        return states;
    }

    private static IEnumerable<T> Between<T>(List<T> items, Func<T, long> id, long fromExclusive, long toInclusive)
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

    private void WriteRowsBefore(long ms)
    {
        while (_nextRowMs < ms) WriteRow();
    }

    private void WriteRow()
    {
        var row = new double[Columns.Count + 1];
        row[0] = _nextRowMs;
        _keyMoments.State.Read(row.AsSpan(1));
        for (var i = 1; i < row.Length; i++) row[i] = Math.Round(row[i], 6);
        _rows.Add(row);
        _nextRowMs += SampleMs;
    }
}
