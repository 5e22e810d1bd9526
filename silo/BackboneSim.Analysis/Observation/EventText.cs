using System.Text.Json;
using BackboneSim.Engine;

namespace BackboneSim.Analysis.Observation;

/// <summary>Reading an event's data for people: one field, or all fields as "name=value, ...".</summary>
public static class EventText
{
    public static string? Field(this LoggedEvent e, string name)
    {
        using var doc = JsonDocument.Parse(e.DataJson);
        return doc.RootElement.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v.ToString() : null;
    }

    /// <summary>The data fields except the scenario line and summary (shown apart) and nulls.</summary>
    public static string Details(this LoggedEvent e)
    {
        using var doc = JsonDocument.Parse(e.DataJson);
        return string.Join(", ", doc.RootElement.EnumerateObject()
            .Where(p => p.Name is not ("line" or "what") && p.Value.ValueKind != JsonValueKind.Null)
            .Select(p => $"{p.Name}={p.Value}"));
    }
}
