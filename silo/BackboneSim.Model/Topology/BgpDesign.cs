namespace BackboneSim.Model.Topology;

/// <summary>What kind of neighbour a session of an operator router goes to, which picks its default policy.</summary>
public enum BgpSessionKind { Transit, Peer, RouteServer, Ibgp }

/// <summary>
/// A BGP session's policy as configured. Route filters name route classes: <c>operator</c> (the operator's own
/// prefixes, or one of them by prefix), <c>internet</c> (the full table a transit provider sends), <c>peers</c>
/// (what peers and route servers send: their customer cones), <c>as&lt;N&gt;</c> (one AS's routes) or <c>*</c>.
/// A max-prefix of 0 means no limit; when the limit trips the session is torn down (and retried after
/// <paramref name="RestartMs"/>, 0 = only when someone clears it with a push) or, without teardown, only warned about.
/// </summary>
public sealed record BgpPolicySpec(IReadOnlyList<string> Accept, IReadOnlyList<string> Announce, int LocalPref, long MaxPrefix,
    bool TeardownOnMaxPrefix, long RestartMs)
{
    /// <summary>An export route map on the operator's own prefixes this session announces one by one (eBGP), after the
    /// <see cref="Announce"/> filter: its terms decide, in order, which go out and with what (prepends, communities).
    /// Null: all that the filter lets through, as they are.</summary>
    public Nodes.RouteMapSpec? ExportMap { get; init; }

    /// <summary>A packet filter on the router drops BGP's own packets to and from this peer (TCP port 179): the session
    /// gets no keepalives either way and ends when its hold timer runs out, and no OPEN gets through until the filter
    /// goes.</summary>
    public bool DropPackets { get; init; }
}

/// <summary>
/// The operator's BGP design and the routing-table sizes it deals with. Defaults and their sources are in
/// docs/model.md; a topology file overrides them under <c>bgp:</c>.
/// </summary>
public sealed class BgpDesign
{
    /// <summary>Routes in a full Internet table (IPv4, October 2021: about 880 000).</summary>
    public long FullTableRoutes { get; set; } = 880_000;
    /// <summary>Routes one external AS originates itself; a cone is this times the ASes in it.</summary>
    public long RoutesPerAs { get; set; } = 1_000;
    /// <summary>Routes to the servers of a data center that each of its border routers brings into iBGP.</summary>
    public long ServerRoutes { get; set; } = 50;
    /// <summary>Paths a router's control plane can hold (Adj-RIB-In over all sessions) before it fails.</summary>
    public Dictionary<RouterRole, long> RouteCapacity { get; set; } = new()
    {
        [RouterRole.Backbone] = 4_000_000, [RouterRole.DataCenterBorder] = 4_000_000, [RouterRole.Edge] = 4_000_000,
    };
    /// <summary>Default policy per kind of session.</summary>
    public Dictionary<BgpSessionKind, BgpPolicySpec> Policies { get; set; } = new()
    {
        [BgpSessionKind.Transit] = new(["internet"], ["operator"], 50, 1_500_000, true, 30 * 60_000),
        [BgpSessionKind.Peer] = new(["peers"], ["operator"], 100, 10_000, true, 30 * 60_000),
        [BgpSessionKind.RouteServer] = new(["peers"], ["operator"], 100, 100_000, true, 30 * 60_000),
        // Full tables stay at the edge (egress to the Internet leaves where it was learned); iBGP carries the
        // operator's own prefixes, the server routes of the data centers and what peers send. Local preference 0 on
        // iBGP: routes keep the preference they have (100 unless an eBGP import set another).
        [BgpSessionKind.Ibgp] = new(["*"], ["operator", "servers", "peers"], 0, 0, true, 0),
    };
    /// <summary>Max-prefix limits external ASes put on their sessions with the operator, by what the operator is to them.</summary>
    public Dictionary<BgpSessionKind, long> LimitsAtAses { get; set; } = new()
    {
        [BgpSessionKind.Transit] = 10_000, [BgpSessionKind.Peer] = 1_000, [BgpSessionKind.RouteServer] = 1_000,
    };
    /// <summary>How long an external AS keeps a session down after its max-prefix limit tripped (0 = until the run ends).</summary>
    public long AsRestartMs { get; set; } = 30 * 60_000;
    /// <summary>Route reflectors each edge and data-center border router peers with (backbone routers of the nearest data centers).</summary>
    public int ReflectorsPerClient { get; set; } = 2;
    /// <summary>Whether the iBGP sessions also carry the flow-specification address family (RFC 8955), so Flowspec
    /// rules a router originates reach the others. Off unless the topology says so: the family is configured per
    /// neighbour (<c>address-family ipv4 flowspec</c>), never on by default in FRR, Junos or IOS XR.</summary>
    public bool FlowspecOnIbgp { get; set; }
}

/// <summary>
/// An iBGP session between two operator routers: a route-reflector client <paramref name="A"/> and its reflector
/// <paramref name="B"/>, or (<paramref name="Mesh"/>) two reflectors in the full mesh between reflectors.
/// </summary>
public sealed record IbgpSessionSpec(int A, int B, double LatencyMs, bool Mesh);
