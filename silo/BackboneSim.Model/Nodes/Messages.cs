
namespace BackboneSim.Model.Nodes;

// Payloads that travel between node models. Plain immutable classes; the serialization attributes are metadata
// only (no Orleans runtime types), so the Orleans runtime can carry them between silos unchanged.

/// <summary>One interface edit of a config push: set admin state on interfaces whose link kind matches.</summary>
[GenerateSerializer, Immutable]
public sealed class InterfaceEdit
{
    /// <summary>A link kind (backbone, metro, fabric), a link name, or "*" for every interface.</summary>
    [Id(0)] public string Match { get; init; } = "*";
    [Id(1)] public bool AdminUp { get; init; }
}

/// <summary>A configuration change delivered to a router by the config management system.</summary>
[GenerateSerializer, Immutable]
public sealed class ConfigPush
{
    [Id(0)] public string Action { get; init; } = "";
    [Id(1)] public InterfaceEdit[] Interfaces { get; init; } = [];
    [Id(2)] public IgpEdit[] Igp { get; init; } = [];
    [Id(3)] public BgpSessionEdit[] Bgp { get; init; } = [];
    /// <summary>A rollback: put back the configuration each router had before the push of this name.</summary>
    [Id(4)] public string? RestoreOf { get; init; }
    /// <summary>Zone content edits, for DNS servers (a push targets either routers or DNS servers).</summary>
    [Id(5)] public ZoneEdit[] Zone { get; init; } = [];
}

/// <summary>A zone content edit on an authoritative DNS server: names whose records it adds or removes.</summary>
[GenerateSerializer, Immutable]
public sealed class ZoneEdit
{
    [Id(0)] public string[] Add { get; init; } = [];
    [Id(1)] public string[] Remove { get; init; } = [];
}

/// <summary>A delegation change in the parent zone: the nameservers a name is delegated to from now on.</summary>
[GenerateSerializer, Immutable]
public sealed class DelegationEdit
{
    [Id(0)] public string Service { get; init; } = "";
    [Id(1)] public string[] Nameservers { get; init; } = [];
}

/// <summary>
/// The parent zone changed a delegation (or a rollback put back the delegations from before a push). Every resolver
/// cohort is told; each picks the new nameservers up only when its cached NS set expires.
/// </summary>
[GenerateSerializer, Immutable]
public sealed class DelegationUpdate
{
    [Id(0)] public string Action { get; init; } = "";
    [Id(1)] public DelegationEdit[] Edits { get; init; } = [];
    /// <summary>A rollback: put back the delegations from before the push of this name.</summary>
    [Id(2)] public string? RestoreOf { get; init; }
}

/// <summary>A DNS server tells the resolvers in its anycast catchment whether its zone now holds a name's records.</summary>
[GenerateSerializer, Immutable]
public sealed class ZoneUpdate
{
    [Id(0)] public string Service { get; init; } = "";
    [Id(1)] public bool Present { get; init; }
}

/// <summary>
/// An IGP edit: set or clear the overload (drain) bit, and/or set the metric of matching interfaces.
/// </summary>
[GenerateSerializer, Immutable]
public sealed class IgpEdit
{
    [Id(0)] public bool? Overload { get; init; }
    [Id(1)] public string Match { get; init; } = "*";
    [Id(2)] public int? Metric { get; init; }
}

/// <summary>
/// A BGP session edit: on the sessions <see cref="Peer"/> selects ("*", "ebgp", "ibgp", "transit", "peer",
/// "route-server" or a peer's node name), set what is given and keep the rest.
/// </summary>
[GenerateSerializer, Immutable]
public sealed class BgpSessionEdit
{
    [Id(0)] public string Peer { get; init; } = "*";
    [Id(1)] public bool? Shutdown { get; init; }
    [Id(2)] public string[]? Accept { get; init; }
    [Id(3)] public string[]? Announce { get; init; }
    [Id(4)] public int? LocalPref { get; init; }
    [Id(5)] public long? MaxPrefix { get; init; }
    [Id(6)] public bool? TeardownOnMaxPrefix { get; init; }
    [Id(7)] public long? RestartMs { get; init; }
}

/// <summary>The far end's interface changed admin state: the near end sees light come or go.</summary>
[GenerateSerializer, Immutable]
public sealed class CarrierSignal
{
    [Id(0)] public int Link { get; init; }
    [Id(1)] public bool PeerAdminUp { get; init; }
}

/// <summary>A router's link-state advertisement: its live adjacencies and whether it fronts a data center.</summary>
[GenerateSerializer, Immutable]
public sealed class Lsa
{
    [Id(0)] public int Origin { get; init; }
    [Id(1)] public long Sequence { get; init; }
    [Id(2)] public int[] Neighbors { get; init; } = [];
    [Id(3)] public int[] Metrics { get; init; } = [];
    /// <summary>Name of the data center this router fronts, or null.</summary>
    [Id(4)] public string? DataCenter { get; init; }
    /// <summary>Whether this router is an edge router (where user traffic enters).</summary>
    [Id(5)] public bool Edge { get; init; }
    /// <summary>The overload (drain) bit: others may reach this router but must not route through it.</summary>
    [Id(6)] public bool Overload { get; init; }
}

/// <summary>Flooding and database synchronisation both carry LSAs this way.</summary>
[GenerateSerializer, Immutable]
public sealed class LinkStateUpdate
{
    [Id(0)] public Lsa[] Lsas { get; init; } = [];
}

/// <summary>The gateway router tells a DNS server whether any data center is reachable now.</summary>
[GenerateSerializer, Immutable]
public sealed class ReachabilityReport
{
    [Id(0)] public bool DataCenterReachable { get; init; }
    /// <summary>Whether any edge router is reachable: for a data center, whether user traffic can arrive.</summary>
    [Id(1)] public bool EdgeReachable { get; init; } = true;
    /// <summary>Share of the front-end's traffic the backbone delivers to the data center (below 1 when congested).</summary>
    [Id(2)] public double Delivered { get; init; } = 1;
}

/// <summary>The responders' plan for bringing a data center's traffic back: from when, over how long.</summary>
[GenerateSerializer, Immutable]
public sealed class RestorePlan
{
    [Id(0)] public long StartAt { get; init; }
    [Id(1)] public long RampMs { get; init; }
}

/// <summary>A DNS server asks its gateway to announce (or stop announcing) its anycast prefixes.</summary>
[GenerateSerializer, Immutable]
public sealed class AnycastRequest
{
    [Id(0)] public string[] Prefixes { get; init; } = [];
    [Id(1)] public bool Announce { get; init; }
}

/// <summary>A BGP update for one prefix: a path (announce) or none (withdraw).</summary>
[GenerateSerializer, Immutable]
public sealed class BgpUpdate
{
    [Id(0)] public string Prefix { get; init; } = "";
    [Id(1)] public long[]? AsPath { get; init; }
}

[GenerateSerializer, Immutable]
public sealed class ScenarioActionTimer
{
    [Id(0)] public int Action { get; init; }
}

/// <summary>From the scenario watcher: a triggered action's condition was met; run it now.</summary>
[GenerateSerializer, Immutable]
public sealed class ScenarioTrigger
{
    [Id(0)] public int Action { get; init; }
}

/// <summary>Timer: a rollout's wait after a wave is over; check its health (or go on).</summary>
[GenerateSerializer, Immutable]
public sealed class RolloutWaveTimer
{
    [Id(0)] public int Action { get; init; }
    /// <summary>The wave just waited on, from 0.</summary>
    [Id(1)] public int Wave { get; init; }
}

/// <summary>From the scenario watcher: how a rollout's health check came out.</summary>
[GenerateSerializer, Immutable]
public sealed class RolloutVerdict
{
    [Id(0)] public int Action { get; init; }
    [Id(1)] public int Wave { get; init; }
    [Id(2)] public bool Healthy { get; init; }
    [Id(3)] public string Detail { get; init; } = "";
}

/// <summary>An AS tells the resolvers inside it whether it has a route for a prefix.</summary>
[GenerateSerializer, Immutable]
public sealed class RouteAvailability
{
    [Id(0)] public string Prefix { get; init; } = "";
    [Id(1)] public bool Available { get; init; }
}

/// <summary>A client cohort's query rate for one service name at one resolver cohort.</summary>
[GenerateSerializer, Immutable]
public sealed class QueryDemand
{
    [Id(0)] public string Service { get; init; } = "";
    [Id(1)] public double QueriesPerSecond { get; init; }
}

/// <summary>A resolver cohort tells its clients whether it answers a name (fresh or stale) or not (SERVFAIL or NXDOMAIN).</summary>
[GenerateSerializer, Immutable]
public sealed class DnsAnswerStatus
{
    [Id(0)] public string Service { get; init; } = "";
    [Id(1)] public bool Answering { get; init; }
}

/// <summary>The scenario driver dispatches the responders: put these routers back as they were before a push, once you can.</summary>
[GenerateSerializer, Immutable]
public sealed class RespondOrder
{
    [Id(0)] public string Action { get; init; } = "";
    [Id(1)] public string RollbackOf { get; init; } = "";
    [Id(2)] public int[] Targets { get; init; } = [];
    /// <summary>Staged restore after the rollback: ramp per data center and the gap between starts; 0 = none.</summary>
    [Id(4)] public long RestoreRampMs { get; init; }
    [Id(5)] public long RestoreStaggerMs { get; init; }
    /// <summary>The resolver cohorts to tell when the rolled-back push changed delegations in the parent zone.</summary>
    [Id(6)] public int[] Resolvers { get; init; } = [];
    /// <summary>Instead of a rollback: the fail action to recover from (its name and timeline index), or null.</summary>
    [Id(7)] public string? Recover { get; init; }
    [Id(8)] public int RecoverAction { get; init; } = -1;
}

/// <summary>A data center tells the client cohorts what share of its normal load it serves now.</summary>
[GenerateSerializer, Immutable]
public sealed class ServingLoad
{
    [Id(0)] public double Load { get; init; }
}

/// <summary>A client cohort's traffic towards the data centers through one PoP's front-ends (Gbps).</summary>
[GenerateSerializer, Immutable]
public sealed class TrafficDemand
{
    [Id(0)] public double Gbps { get; init; }
}

/// <summary>
/// A PoP gateway reports the traffic its front-ends send and where it goes: the router pairs on the equal-cost
/// shortest paths to the nearest data center, how many parallel links of each it uses and its share of the flow.
/// </summary>
[GenerateSerializer, Immutable]
public sealed class FlowReport
{
    [Id(0)] public double Gbps { get; init; }
    [Id(1)] public int[] From { get; init; } = [];
    [Id(2)] public int[] To { get; init; } = [];
    [Id(3)] public int[] UpLinks { get; init; } = [];
    [Id(4)] public string? DataCenter { get; init; }
    [Id(5)] public double[] Shares { get; init; } = [];
}

/// <summary>The backbone tells a PoP gateway what share of its traffic gets through (1 unless a link is congested).</summary>
[GenerateSerializer, Immutable]
public sealed class FlowDelivery
{
    [Id(0)] public double Delivered { get; init; }
}

