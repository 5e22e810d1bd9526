
namespace BackboneSim.Engine;

/// <summary>An event as written to the log: a global id (1, 2, ... in (ms, node, sequence) order) and its cause's id.</summary>
[GenerateSerializer, Immutable]
public sealed class LoggedEvent
{
    [Id(0)] public long Id { get; init; }
    [Id(1)] public long? Cause { get; init; }
    [Id(2)] public long Ms { get; init; }
    [Id(3)] public string Kind { get; init; } = "";
    [Id(4)] public int Node { get; init; }
    [Id(5)] public string NodeName { get; init; } = "";
    [Id(6)] public string DataJson { get; init; } = "{}";
    [Id(7)] public string? Subject { get; init; }
    [Id(8)] public double Value { get; init; }
    /// <summary>The event as its record, for observers to match on by type; the log itself is written from the fields above.</summary>
    [Id(9)] public ModelEvent? Payload { get; init; }
}
