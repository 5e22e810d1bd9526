
namespace BackboneSim.Engine;

/// <summary>
/// A message between nodes (or a node's timer to itself). Inboxes are applied in (DeliverAt, From, Seq) order,
/// which is unique because Seq counts per sender: this, not arrival order, makes a run deterministic.
/// </summary>
[GenerateSerializer, Immutable]
public sealed class SimMessage
{
    [Id(0)] public long DeliverAt { get; init; }
    [Id(1)] public int From { get; init; }
    [Id(2)] public int To { get; init; }
    [Id(3)] public long Seq { get; init; }
    /// <summary>Key of the event that caused this message (see <see cref="EventKey"/>), 0 when none.</summary>
    [Id(4)] public long Cause { get; init; }
    [Id(5)] public object Payload { get; init; } = null!;

    public (long, int, long) OrderKey => (DeliverAt, From, Seq);

    public override string ToString() => $"{DeliverAt}ms {From}->{To}#{Seq} {Payload.GetType().Name}";
}
