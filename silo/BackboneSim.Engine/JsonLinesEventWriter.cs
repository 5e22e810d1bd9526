using System.Globalization;
using System.Text;
using System.Text.Json;

namespace BackboneSim.Engine;

/// <summary>
/// Writes the --events file: one JSON object per line with id, cause, ms, t, kind, node, data (docs/outputs.md).
/// Hand-assembled around pre-rendered data so field order and number formats never drift.
/// </summary>
public sealed class JsonLinesEventWriter(TextWriter writer, DateTimeOffset scenarioStart) : IEventSink
{
    private readonly StringBuilder _line = new(256);

    public void OnWindow(long windowStartMs, IReadOnlyList<LoggedEvent> events)
    {
        foreach (var e in events)
        {
            _line.Clear();
            _line.Append("{\"id\":").Append(e.Id.ToString(CultureInfo.InvariantCulture));
            _line.Append(",\"cause\":").Append(e.Cause is { } c ? c.ToString(CultureInfo.InvariantCulture) : "null");
            _line.Append(",\"ms\":").Append(e.Ms.ToString(CultureInfo.InvariantCulture));
            _line.Append(",\"t\":\"").Append(SimClock.Format(scenarioStart, e.Ms)).Append('"');
            _line.Append(",\"kind\":").Append(JsonSerializer.Serialize(e.Kind));
            _line.Append(",\"node\":").Append(JsonSerializer.Serialize(e.NodeName));
            _line.Append(",\"data\":").Append(e.DataJson).Append('}');
            writer.Write(_line);
            writer.Write('\n');
        }
    }

    public void OnFinished(long endMs) => writer.Flush();
}
