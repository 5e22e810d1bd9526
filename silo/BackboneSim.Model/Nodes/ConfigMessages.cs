
namespace BackboneSim.Model.Nodes;

// What a config push carries to the nodes it targets: interface, IGP and BGP session edits for routers, zone and
// delegation edits for DNS servers and resolver cohorts.
// Plain immutable classes; the serialization attributes are metadata only, so the Orleans runtime can carry them
// between silos unchanged.

/// <summary>One interface edit of a config push: set admin state on interfaces whose link kind matches.</summary>
[GenerateSerializer, Immutable]
public sealed class InterfaceEdit
{
    /// <summary>A link kind (backbone, metro, fabric), a link name, or "*" for every interface.</summary>
    [Id(0)] public string Match { get; init; } = "*";
    [Id(1)] public bool AdminUp { get; init; }
}

/// <summary>
/// One ACL edit of a config push: an ingress filter on interfaces whose link kind (or name) matches that discards every
/// data packet arriving there, or takes such a filter off. Routing-protocol packets pass it, as the first terms of a
/// filter built by RFC 6192's advice permit them, so adjacencies and BGP sessions stay up: the control plane never
/// learns that the traffic it routes there is dropped. A term may also drop the IGP's own packets (a filter that
/// forgot RFC 6192's first terms): then the adjacency ends when its dead interval runs out.
/// </summary>
[GenerateSerializer, Immutable]
public sealed class AclEdit
{
    /// <summary>A link kind (backbone, metro, fabric), a link name, or "*" for every interface.</summary>
    [Id(0)] public string Match { get; init; } = "*";
    /// <summary>Deny (true) or permit (false) data packets; null: unchanged.</summary>
    [Id(1)] public bool? DenyData { get; init; }
    /// <summary>Deny (true) or permit (false) the IGP's own packets (hellos, updates); null: unchanged.</summary>
    [Id(2)] public bool? DenyIgp { get; init; }
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
    /// <summary>Data-traffic filters on interfaces, for routers.</summary>
    [Id(6)] public AclEdit[] Acl { get; init; } = [];
    /// <summary>Flowspec rules the targets originate or stop originating, for routers.</summary>
    [Id(7)] public FlowspecEdit[] Flowspec { get; init; } = [];
    /// <summary>Routers this change leaves wedged until someone restarts them, or null.</summary>
    [Id(8)] public WedgeSpec? Wedge { get; init; }
    /// <summary>With <see cref="RestoreOf"/>: put back only these kinds of edit (<see cref="EditKinds"/>); empty: all.</summary>
    [Id(9)] public string[] RestoreKinds { get; init; } = [];
}

/// <summary>The kinds of edit a router's configuration push carries, by which a rollback can be partial.</summary>
public static class EditKinds
{
    public const string Interfaces = "interfaces";
    public const string Igp = "igp";
    public const string Bgp = "bgp";
    public const string Acl = "acl";
    public const string Flowspec = "flowspec";
    public static readonly string[] All = [Interfaces, Igp, Bgp, Acl, Flowspec];
}

/// <summary>
/// A change that leaves some routers wedged until a restart by hand: their control plane hangs (no sessions, no
/// adjacencies: as a failed control plane that does not restart by itself), or their forwarding hardware stops taking
/// updates and forwards by what it had (the control plane converges, the FIB does not follow). Which routers: those
/// named, or each target with a probability, drawn when it applies the change.
/// </summary>
[GenerateSerializer, Immutable]
public sealed class WedgeSpec
{
    /// <summary><see cref="ControlPlane"/> or <see cref="Fib"/>.</summary>
    [Id(0)] public string Mode { get; init; } = ControlPlane;
    [Id(1)] public double Probability { get; init; }
    [Id(2)] public int[] Routers { get; init; } = [];

    public const string ControlPlane = "control_plane";
    public const string Fib = "fib";
    public static readonly string[] Modes = [ControlPlane, Fib];

    /// <summary>Whether the change leaves this router wedged (a draw only where a probability is given).</summary>
    public bool Hits(int router, Engine.DeterministicRandom random) =>
        Array.IndexOf(Routers, router) >= 0 || Probability > 0 && random.NextDouble() < Probability;
}

/// <summary>A Flowspec edit (RFC 8955): the router originates a rule (replacing one of the same name), or stops
/// originating the rule of a name. Its Flowspec sessions carry it on.</summary>
[GenerateSerializer, Immutable]
public sealed class FlowspecEdit
{
    [Id(0)] public DataPlane.FlowspecRule? Rule { get; init; }
    /// <summary>The name of a rule to withdraw (when <see cref="Rule"/> is null).</summary>
    [Id(1)] public string? Withdraw { get; init; }
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
    /// <summary>A new export route map for the session's own prefixes (replaces the old one), or null to keep it.</summary>
    [Id(8)] public RouteMapSpec? ExportMap { get; init; }
    /// <summary>Removes the export route map.</summary>
    [Id(9)] public bool ClearExportMap { get; init; }
    /// <summary>A packet filter that drops (true) or passes (false) BGP's own packets with the peer; null: unchanged.</summary>
    [Id(10)] public bool? DropPackets { get; init; }
}
