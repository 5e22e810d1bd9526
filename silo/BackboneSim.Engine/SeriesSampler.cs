using System.Globalization;

namespace BackboneSim.Engine;

/// <summary>A state kept from events alone, so its series are the same under every runtime.</summary>
public interface ISeriesState
{
    IReadOnlyList<string> Columns { get; }
    void Apply(LoggedEvent e);
    /// <summary>Current values, one per column. Called once per row, so a column may count "since the last row".</summary>
    void Read(Span<double> values);
}

/// <summary>
/// Writes the --series CSV: header t,ms,&lt;series&gt;..., one row per sample interval. The row at time T shows the
/// state after every event with ms &lt;= T; a row is written once the engine has moved past T.
/// </summary>
public sealed class SeriesSampler(TextWriter writer, DateTimeOffset scenarioStart, long intervalMs, ISeriesState state) : IEventSink
{
    private long _nextRowMs;
    private bool _headerWritten;

    public void OnWindow(long windowStartMs, IReadOnlyList<LoggedEvent> events)
    {
        WriteHeader();
        foreach (var e in events)
        {
            WriteRowsBefore(e.Ms);
            state.Apply(e);
        }
        WriteRowsBefore(windowStartMs);
    }

    public void OnFinished(long endMs)
    {
        WriteHeader();
        while (_nextRowMs <= endMs) WriteRow();
        writer.Flush();
    }

    /// <summary>
    /// Rows for every sample time strictly before <paramref name="ms"/>: nothing later can change them. Public for a
    /// sampler whose state someone else applies (the analysis' run fold); such a sampler is not fed events.
    /// </summary>
    public void WriteRowsBefore(long ms)
    {
        WriteHeader();
        while (_nextRowMs < ms) WriteRow();
    }

    private void WriteHeader()
    {
        if (_headerWritten) return;
        _headerWritten = true;
        writer.Write("t,ms");
        foreach (var c in state.Columns) { writer.Write(','); writer.Write(c); }
        writer.Write('\n');
    }

    private double[]? _values;

    private void WriteRow()
    {
        var values = _values ??= new double[state.Columns.Count];
        state.Read(values);
        writer.Write(SimClock.Format(scenarioStart, _nextRowMs));
        writer.Write(',');
        writer.Write(_nextRowMs.ToString(CultureInfo.InvariantCulture));
        foreach (var v in values)
        {
            writer.Write(',');
            writer.Write(Math.Round(v, 6).ToString("R", CultureInfo.InvariantCulture));
        }
        writer.Write('\n');
        _nextRowMs += intervalMs;
    }
}
