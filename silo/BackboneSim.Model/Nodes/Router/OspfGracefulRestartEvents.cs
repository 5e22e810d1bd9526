using BackboneSim.Engine;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// OSPF graceful restart (RFC 3623, <see cref="OspfGracefulRestart"/>): at the restarting router, <c>begin</c> (its
/// control plane is back with its FIB intact and it sent grace-LSAs) and <c>exit</c>; at a helper, <c>helping</c> (it
/// keeps the adjacency with <see cref="Neighbor"/>) and <c>exit</c>. An exit names its <see cref="Reason"/>:
/// <c>completed</c>, <c>timed out</c> or <c>topology change</c>.
/// </summary>
[GenerateSerializer, Immutable]
[EventKind("igp.graceful_restart")]
public sealed record IgpGracefulRestart(string Router, string Phase, string? Neighbor, string? Link, string? Reason, long GracePeriodMs) : ModelEvent
{
    public const string Begin = "begin", Helping = "helping", Exit = "exit";
    public const string Completed = "completed", TimedOut = "timed out", TopologyChange = "topology change";

    public override string Subject => Router;
    public override double Value => GracePeriodMs;
    public override (string Key, object? Value)[] Data() =>
        [("router", Router), ("phase", Phase), ("neighbor", Neighbor), ("link", Link), ("reason", Reason), ("grace_period_ms", GracePeriodMs)];
}
