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
/// time T is "the events with ms ≤ T", whichever way the playhead moved to get there. The writer's side: only the
/// run's loop touches it; readers get its immutable <see cref="View"/> through the run's snapshot.
/// </summary>
public sealed class RunLog
{
    public const long SampleMs = 10_000;

    private readonly AppendList<LoggedEvent> _computed = new();
    private readonly AppendList<string> _lines = new();
    private readonly AppendList<StateChange> _changes = new();
    private readonly AppendList<Moment> _moments = new();
    private readonly AppendList<double[]> _rows = new();
    private readonly AppendList<LoadChange> _loads = new();
    private readonly List<StateChange> _newChanges = new();
    private readonly List<LoadChange> _newLoads = new();
    private readonly RunFold _fold;
    private readonly KeyMoments _keyMoments;
    private readonly StringWriter _lineWriter = new(new StringBuilder(256)) { NewLine = "\n" };
    private readonly JsonLinesEventWriter _render;
    private readonly LoggedEvent[] _one = new LoggedEvent[1];
    private long _nextRowMs;

    public RunLog(SimulationFactory factory)
    {
        _fold = new RunFold(factory);
        _keyMoments = new KeyMoments(_fold, factory);
        Map = new MapStates(factory.Scenario, factory.InitiallyVisible);
        _render = new JsonLinesEventWriter(_lineWriter, factory.Scenario.Start);
        Columns = _fold.State.Columns;
    }

    public MapStates Map { get; }
    public IReadOnlyList<string> Columns { get; }
    public int ComputedCount => _computed.Count;
    public int ReleasedCount => _lines.Count;
    /// <summary>Every released event with ms at or before this is released; -1 before the first release.</summary>
    public long ReleasedMs { get; private set; } = -1;

    /// <summary>The log as it is now, immutable: what the run's snapshot carries to readers.</summary>
    public RunLogView View() => new(_computed.Freeze(_lines.Count), _lines.Freeze(), _changes.Freeze(), _moments.Freeze(), _rows.Freeze(),
        Columns, Map.Initial, _computed.Count, ReleasedMs, _loads.Freeze(), Map.InitialLoads);

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
            _fold.OnWindow(e.Ms, _one);
            for (var i = _moments.Count; i < _keyMoments.Moments.Count; i++)
            {
                var (ms, what, id) = _keyMoments.Moments[i];
                _moments.Add(new Moment(id, ms, what));
            }
            _newChanges.Clear();
            _newLoads.Clear();
            Map.Apply(e, _newChanges, _newLoads);
            _changes.AddRange(_newChanges);
            _loads.AddRange(_newLoads);
            _render.OnWindow(e.Ms, _one);
            var sb = _lineWriter.GetStringBuilder();
            _lines.Add(sb.ToString(0, sb.Length - 1)); // without the line end
            sb.Clear();
        }
        while (_nextRowMs <= until) WriteRow();
        ReleasedMs = until;
    }

    private void WriteRowsBefore(long ms)
    {
        while (_nextRowMs < ms) WriteRow();
    }

    private void WriteRow()
    {
        var row = new double[Columns.Count + 1];
        row[0] = _nextRowMs;
        _fold.State.Read(row.AsSpan(1));
        for (var i = 1; i < row.Length; i++) row[i] = Math.Round(row[i], 6);
        _rows.Add(row);
        _nextRowMs += SampleMs;
    }
}
