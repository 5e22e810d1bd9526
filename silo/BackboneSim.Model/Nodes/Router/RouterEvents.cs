using BackboneSim.Engine;

namespace BackboneSim.Model.Nodes;

// The events a router's parts record (docs/outputs.md), one record per kind.

/// <summary>An interface's administrative state changed (a push or its rollback).</summary>
[GenerateSerializer, Immutable]
[EventKind("interface.admin")]
public sealed record InterfaceAdmin(string Link, string LinkKind, bool Up) : ModelEvent
{
    public override string Subject => Link;
    public override double Value => Up ? 1 : 0;
    public override (string Key, object? Value)[] Data() => [("link", Link), ("kind", LinkKind), ("admin", Up ? "up" : "down")];
}

/// <summary>A data filter (ACL) was put on or taken off an interface (a push or its rollback).</summary>
[GenerateSerializer, Immutable]
[EventKind("interface.acl")]
public sealed record InterfaceAcl(string Link, string LinkKind, bool DenyData, string? Igp = null) : ModelEvent
{
    public override string Subject => Link;
    public override double Value => DenyData ? 1 : 0;
    public override (string Key, object? Value)[] Data() => Igp is null
        ? [("link", Link), ("kind", LinkKind), ("data", DenyData ? "deny" : "permit")]
        : [("link", Link), ("kind", LinkKind), ("data", DenyData ? "deny" : "permit"), ("igp", Igp)];
}

/// <summary>The IGP adjacency over a link went down; <see cref="Reason"/> is set only when BFD took it down (so runs
/// without BFD log what they always did).</summary>
[GenerateSerializer, Immutable]
[EventKind("igp.adjacency_down")]
public sealed record IgpAdjacencyDown(string Link, string Neighbor, string? Reason = null) : ModelEvent
{
    public override string Subject => Link;
    public override (string Key, object? Value)[] Data() => Reason is null
        ? [("link", Link), ("neighbor", Neighbor)]
        : [("link", Link), ("neighbor", Neighbor), ("reason", Reason)];
}

[GenerateSerializer, Immutable]
[EventKind("igp.adjacency_up")]
public sealed record IgpAdjacencyUp(string Link, string Neighbor) : ModelEvent
{
    public override string Subject => Link;
    public override double Value => 1;
    public override (string Key, object? Value)[] Data() => [("link", Link), ("neighbor", Neighbor)];
}

/// <summary>The router's overload (drain) bit was set or cleared.</summary>
[GenerateSerializer, Immutable]
[EventKind("igp.overload")]
public sealed record IgpOverload(string Router, bool Overload) : ModelEvent
{
    public override string Subject => Router;
    public override double Value => Overload ? 1 : 0;
    public override (string Key, object? Value)[] Data() => [("overload", Overload)];
}

[GenerateSerializer, Immutable]
[EventKind("igp.metric")]
public sealed record IgpMetric(string Link, int Metric) : ModelEvent
{
    public override string Subject => Link;
    public override double Value => Metric;
    public override (string Key, object? Value)[] Data() => [("link", Link), ("metric", Metric)];
}

[GenerateSerializer, Immutable]
[EventKind("igp.lsa_originated")]
public sealed record IgpLsaOriginated(string Router, long Seq, int Adjacencies) : ModelEvent
{
    public override string Subject => Router;
    public override double Value => Seq;
    public override (string Key, object? Value)[] Data() => [("seq", Seq), ("adjacencies", Adjacencies)];
}

/// <summary>Whether the router reaches a data center changed (or is reported at start); the metric of the nearest.</summary>
[GenerateSerializer, Immutable]
[EventKind("igp.dc_reachability")]
public sealed record IgpDcReachability(string Router, bool Reachable, string? NearestDc, long? Metric) : ModelEvent
{
    public override string Subject => Router;
    public override double Value => Reachable ? 1 : 0;
    public override (string Key, object? Value)[] Data() => [("reachable", Reachable), ("nearest_dc", NearestDc), ("metric", Metric)];
}

[GenerateSerializer, Immutable]
[EventKind("igp.edge_reachability")]
public sealed record IgpEdgeReachability(string Router, bool Reachable, int EdgeRouters) : ModelEvent
{
    public override string Subject => Router;
    public override double Value => Reachable ? 1 : 0;
    public override (string Key, object? Value)[] Data() => [("reachable", Reachable), ("edge_routers", EdgeRouters)];
}

/// <summary>Where a gateway's front-end traffic leaves changed: a BGP-preferred router (with its local preference), or none (nearest data center).</summary>
[GenerateSerializer, Immutable]
[EventKind("traffic.egress")]
public sealed record TrafficEgress(string Router, string? Egress, int? LocalPref, string Reason) : ModelEvent
{
    public override string Subject => Router;
    public override double Value => LocalPref ?? 0;
    public override (string Key, object? Value)[] Data() => [("egress", Egress), ("local_pref", LocalPref), ("reason", Reason)];
}

[GenerateSerializer, Immutable]
[EventKind("router.control_plane_failed")]
public sealed record RouterControlPlaneFailed(string Router, long Paths, long Capacity, long RebootMs) : ModelEvent
{
    public override string Subject => Router;
    public override double Value => Paths;
    public override (string Key, object? Value)[] Data() => [("paths", Paths), ("capacity", Capacity), ("reboot_ms", RebootMs)];
}

[GenerateSerializer, Immutable]
[EventKind("router.control_plane_recovered")]
public sealed record RouterControlPlaneRecovered(string Router) : ModelEvent
{
    public override string Subject => Router;
    public override double Value => 1;
    public override (string Key, object? Value)[] Data() => [];
}

[GenerateSerializer, Immutable]
[EventKind("router.control_plane_lost")]
public sealed record RouterControlPlaneLost(string Router, bool Restart, long RebootMs, string Failure) : ModelEvent
{
    public override string Subject => Router;
    public override (string Key, object? Value)[] Data() => [("restart", Restart), ("reboot_ms", RebootMs), ("failure", Failure)];
}

[GenerateSerializer, Immutable]
[EventKind("router.crashed")]
public sealed record RouterCrashed(string Router, string Reason, string Failure) : ModelEvent
{
    public override string Subject => Router;
    public override (string Key, object? Value)[] Data() => [("reason", Reason), ("failure", Failure)];
}

[GenerateSerializer, Immutable]
[EventKind("router.rebooting")]
public sealed record RouterRebooting(string Router, long RebootMs, string Failure) : ModelEvent
{
    public override string Subject => Router;
    public override (string Key, object? Value)[] Data() => [("reboot_ms", RebootMs), ("failure", Failure)];
}

/// <summary>Responders restarted the router's control plane by hand (<see cref="Action"/>: their respond order), or could
/// not (<see cref="Done"/> false: the router has no power).</summary>
[GenerateSerializer, Immutable]
[EventKind("router.restarted")]
public sealed record RouterRestarted(string Router, string Action, bool Done, string? Reason = null) : ModelEvent
{
    public override string Subject => Router;
    public override double Value => Done ? 1 : 0;
    public override (string Key, object? Value)[] Data() => Reason is null ? [("action", Action), ("done", Done)] : [("action", Action), ("done", Done), ("reason", Reason)];
}

/// <summary>A change (<see cref="Action"/>) left the router wedged until a restart by hand: its control plane hangs, or its
/// forwarding hardware no longer takes updates (<see cref="Mode"/>).</summary>
[GenerateSerializer, Immutable]
[EventKind("router.wedged")]
public sealed record RouterWedged(string Router, string Action, string Mode) : ModelEvent
{
    public override string Subject => Router;
    public override (string Key, object? Value)[] Data() => [("action", Action), ("mode", Mode)];
}
