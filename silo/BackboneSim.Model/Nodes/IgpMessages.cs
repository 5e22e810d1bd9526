
namespace BackboneSim.Model.Nodes;

// Between routers: light on a link and the link-state IGP's flooding; from a router to the DNS servers, data
// centers and users behind it: what it can reach.
// Plain immutable classes; the serialization attributes are metadata only, so the Orleans runtime can carry them
// between silos unchanged.

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

/// <summary>An IGP hello on one link while its adjacency forms (<see cref="AdjacencyFormation"/>), or the first
/// Database Description packet of an end that reached two-way.</summary>
[GenerateSerializer, Immutable]
public sealed class IgpHello
{
    /// <summary>The link (both ends know it by its index).</summary>
    [Id(0)] public int Link { get; init; }
    /// <summary>The sender has heard the receiver (its hello lists it): the receiver reaches two-way.</summary>
    [Id(1)] public bool SeenYou { get; init; }
    /// <summary>A Database Description: the sender reached two-way and describes its database.</summary>
    [Id(2)] public bool DatabaseDescription { get; init; }
}

/// <summary>Flooding, database synchronisation and retransmission all carry LSAs this way.</summary>
[GenerateSerializer, Immutable]
public sealed class LinkStateUpdate
{
    [Id(0)] public Lsa[] Lsas { get; init; } = [];
    /// <summary>When the sender sent it: a neighbour that discards an LSA of it (MinLSArrival) has it sent again
    /// <c>igp_retransmit_interval</c> after this.</summary>
    [Id(1)] public long SentAt { get; init; }
    /// <summary>The link whose adjacency this database exchange is for; -1 for flooding and retransmission.</summary>
    [Id(2)] public int DatabaseLink { get; init; } = -1;
}

/// <summary>
/// The sender's retransmission timer for LSAs its neighbour discarded without acknowledging them (MinLSArrival, RFC 2328
/// §13 step (5)(a) and §13.6): the neighbour sends it back so that it arrives when that timer fires,
/// <c>igp_retransmit_interval</c> after the LSAs were sent, and the sender then sends its current instance of each
/// again if the adjacency has stayed up. The model keeps no retransmission lists otherwise: no packet is lost, so
/// every other LSA is acknowledged.
/// </summary>
[GenerateSerializer, Immutable]
public sealed class LinkStateRetransmission
{
    /// <summary>The instances the neighbour discarded.</summary>
    [Id(0)] public Lsa[] Lsas { get; init; } = [];
    /// <summary>When the sender sent them.</summary>
    [Id(1)] public long SentAt { get; init; }
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
    /// <summary>Per data-center site the front-ends send to, the share of that traffic the backbone delivers
    /// (parallel to <see cref="SiteDelivered"/>); a site not listed gets everything sent to it so far.</summary>
    [Id(3)] public string[] Sites { get; init; } = [];
    [Id(4)] public double[] SiteDelivered { get; init; } = [];
}
