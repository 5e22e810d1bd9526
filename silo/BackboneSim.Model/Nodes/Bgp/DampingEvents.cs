using BackboneSim.Engine;

namespace BackboneSim.Model.Nodes;

// Route flap damping's events (RouteDamping, RFC 2439), recorded by the external AS that damps: the node is the AS, the
// subject the prefix, the neighbour the one whose route for it is suppressed or used again.

/// <summary>A neighbour's route for a prefix flapped until its figure of merit reached <c>bgp_damping_suppress</c>: the AS
/// stops using it until <paramref name="ReuseAtMs"/> (later if it flaps again meanwhile).</summary>
[GenerateSerializer, Immutable]
[EventKind("bgp.damped")]
public sealed record BgpRouteDamped(string Prefix, string Neighbor, long Penalty, long ReuseAtMs) : ModelEvent
{
    public override string Subject => Prefix;
    public override double Value => Penalty;
    public override (string Key, object? Value)[] Data() => [("prefix", Prefix), ("neighbor", Neighbor), ("penalty", Penalty), ("reuse_at_ms", ReuseAtMs)];
}

/// <summary>A suppressed route's figure of merit decayed to <c>bgp_damping_reuse</c>: the AS uses the neighbour's route
/// for the prefix again (if it has one).</summary>
[GenerateSerializer, Immutable]
[EventKind("bgp.reused")]
public sealed record BgpRouteReused(string Prefix, string Neighbor, long Penalty) : ModelEvent
{
    public override string Subject => Prefix;
    public override double Value => Penalty;
    public override (string Key, object? Value)[] Data() => [("prefix", Prefix), ("neighbor", Neighbor), ("penalty", Penalty)];
}
