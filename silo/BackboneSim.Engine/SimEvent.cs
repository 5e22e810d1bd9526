
namespace BackboneSim.Engine;

/// <summary>
/// Something that happened at a node, as the node reports it. Its identity while the run is live is the
/// <see cref="EventKey"/> (node, per-node sequence); the coordinator gives it a global id once its window closes.
/// </summary>
[GenerateSerializer, Immutable]
public sealed class SimEvent
{
    [Id(0)] public long Ms { get; init; }
    [Id(1)] public int Node { get; init; }
    [Id(2)] public int LocalSeq { get; init; }
    /// <summary>Event key of the cause, 0 for a root event (a scenario line).</summary>
    [Id(3)] public long CauseKey { get; init; }
    [Id(4)] public string Kind { get; init; } = "";
    /// <summary>The event's data as a JSON object text, rendered by the node so the log needs no type knowledge.</summary>
    [Id(5)] public string DataJson { get; init; } = "{}";
    /// <summary>What the event is about (a link, a prefix...), for observers that keep aggregate state.</summary>
    [Id(6)] public string? Subject { get; init; }
    /// <summary>A number that goes with the event (a count, a new level), for observers; not part of the log.</summary>
    [Id(7)] public double Value { get; init; }
    /// <summary>The event as its record: what observers match on (<c>e.Payload is ResolverLoadChanged r</c>) instead of the JSON.</summary>
    [Id(8)] public ModelEvent? Payload { get; init; }

    public long Key => EventKey.Of(Node, LocalSeq);
}

/// <summary>Packs (node index, per-node sequence) into one long so events can be referenced before they have ids.</summary>
public static class EventKey
{
    public static long Of(int node, int localSeq) => ((long)(node + 1) << 32) | (uint)localSeq;
}
