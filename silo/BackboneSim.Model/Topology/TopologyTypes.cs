namespace BackboneSim.Model.Topology;

public enum SiteKind { DataCenter, Hub, Pop }

/// <summary>A place: a data center campus, a backbone hub, or an edge point of presence.</summary>
public sealed record Site(string Name, SiteKind Kind, string City, double Lat, double Lon, string Region)
{
    /// <summary>The user's labels for the site (<c>tags:</c>), which its routers and DNS servers carry too; a <c>targets:</c> selector picks by them.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];
}

public enum RouterRole { Backbone, DataCenterBorder, Edge }

/// <summary>Kinds of links; a push selects interfaces by these names.</summary>
public static class LinkKinds
{
    public const string Backbone = "backbone"; // long-haul between sites
    public const string Metro = "metro";       // between routers of one site
    public const string Fabric = "fabric";     // data-center border to the site's backbone routers
    public static readonly string[] All = [Backbone, Metro, Fabric];
}

public sealed record RouterSpec(int Node, string Name, RouterRole Role, string Site, string Region)
{
    /// <summary>Its site's tags, then its own (each once): what a <c>targets: { tag: ... }</c> selector matches.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];
}

public sealed record LinkSpec(int Index, string Name, int A, int B, string Kind, double LatencyMs, double CapacityGbps, int Metric);

/// <summary>
/// An authoritative DNS server: its PoP, the edge router it checks health through, the edge routers that announce
/// its anycast prefixes to the Internet while it is healthy, and those prefixes.
/// </summary>
public sealed record DnsServerSpec(int Node, string Name, string Site, int Gateway, IReadOnlyList<int> AnnounceVia, IReadOnlyList<string> Prefixes)
{
    /// <summary>
    /// Whether a failing health check withdraws the anycast announcement (the design Facebook had in 2021), or the
    /// server keeps announcing and answering from what it holds (the lesson: an edge DNS that cannot reach a data
    /// center still answers).
    /// </summary>
    public bool WithdrawWhenUnhealthy { get; init; } = true;
}

/// <summary>An external AS's place: tier-1 (transit-free), regional (an access ISP, where users live), exchange (a
/// route server), transit (tier-2: buys from tier-1s, sells to stubs), stub (an edge network without customers).</summary>
public enum AsTier { Tier1, Regional, Ixp, Transit, Stub }

/// <summary>An external autonomous system and who it exchanges routes with (other ASes and the operator's edge routers).</summary>
public sealed record ExternalAsSpec(int Node, string Name, long Asn, string Label, AsTier Tier, string Region)
{
    /// <summary>The Internet aggregates it originates (<see cref="InternetAggregates"/>): where traffic to its users goes.</summary>
    public IReadOnlyList<string> Prefixes { get; init; } = [];

    // The same AS with the same aggregates is the same AS, however the list was built.
    public bool Equals(ExternalAsSpec? other) => other is not null && Node == other.Node && Name == other.Name && Asn == other.Asn
        && Label == other.Label && Tier == other.Tier && Region == other.Region && Prefixes.SequenceEqual(other.Prefixes);

    public override int GetHashCode() => HashCode.Combine(Node, Name, Asn, Label, Tier, Region, Prefixes.Count);
}

/// <summary>
/// The business relationship on an eBGP session, which decides local preference and what is passed on
/// (Gao-Rexford): <c>CustomerOf</c> means A pays B for transit; <c>Peer</c> is settlement-free peering;
/// <c>RouteServer</c> means B is an exchange's route server and A a member.
/// </summary>
public enum AsLinkKind { CustomerOf, Peer, RouteServer }

/// <summary>
/// An eBGP session between an external AS and an operator edge router. <paramref name="Kind"/> reads with the
/// operator as A: <c>CustomerOf</c> (the operator buys transit from the AS), <c>Peer</c>, or <c>RouteServer</c>
/// (the AS is an exchange's route server). <paramref name="CapacityGbps"/>: what the interconnect carries each way
/// (0: not modelled, it never congests).
/// </summary>
public sealed record PeeringSpec(int AsNode, int RouterNode, double LatencyMs, AsLinkKind Kind = AsLinkKind.CustomerOf, double CapacityGbps = 0);

/// <summary>An external AS's route maps on its session with <paramref name="Neighbor"/> (an AS or an operator router):
/// on what it accepts and on what it sends; null: the relationship's rules.</summary>
public sealed record AsPolicySpec(int AsNode, int Neighbor, Nodes.RouteMapSpec? Import, Nodes.RouteMapSpec? Export);

/// <summary>An eBGP session between two external ASes; <paramref name="Kind"/> reads "A is ... of B";
/// <paramref name="CapacityGbps"/>: what the link between them carries each way (0: not modelled).</summary>
public sealed record AsLinkSpec(int A, int B, double LatencyMs, AsLinkKind Kind = AsLinkKind.CustomerOf, double CapacityGbps = 0);

/// <summary>
/// A fully expanded network. Node indices are dense and stable for a given scenario file: index 0 is the scenario
/// driver, then routers, DNS servers, external ASes, resolver and client cohorts in the order the generator lists
/// them, and last the responders.
/// </summary>
public sealed record NetworkTopology
{
    public required string OperatorName { get; init; }
    public required long OperatorAsn { get; init; }
    public required IReadOnlyList<Site> Sites { get; init; }
    public required IReadOnlyList<RouterSpec> Routers { get; init; }
    public required IReadOnlyList<LinkSpec> Links { get; init; }
    public required IReadOnlyList<DnsServerSpec> DnsServers { get; init; }
    public required IReadOnlyList<ExternalAsSpec> ExternalAses { get; init; }
    public required IReadOnlyList<PeeringSpec> Peerings { get; init; }
    public required IReadOnlyList<AsLinkSpec> AsLinks { get; init; }
    public required IReadOnlyList<string> NodeNames { get; init; }
    public IReadOnlyList<ServiceSpec> Services { get; init; } = [];
    public IReadOnlyList<ResolverSpec> Resolvers { get; init; } = [];
    public IReadOnlyList<ClientCohortSpec> Clients { get; init; } = [];
    public IReadOnlyList<DataCenterSpec> DataCenters { get; init; } = [];
    /// <summary>Control systems that program routers (a scenario's <c>controllers:</c>), as nodes after the others.</summary>
    public IReadOnlyList<ControllerSpec> Controllers { get; init; } = [];
    /// <summary>The node that adds up backbone traffic (<c>backbone</c>), or -1 when there is none.</summary>
    public int TrafficNode { get; init; } = -1;
    /// <summary>The node of the operator's responders (always the last node), or -1 when there is none.</summary>
    public int ResponderNode { get; init; } = -1;

    public int FirstRouterNode => Routers.Count == 0 ? 0 : Routers[0].Node;

    public IEnumerable<string> AnycastPrefixes => DnsServers.SelectMany(d => d.Prefixes).Distinct().OrderBy(p => p, StringComparer.Ordinal);

    /// <summary>The operator's DNS prefixes as the topology lists them (<c>dns.prefixes</c>); what a delegation may name.</summary>
    public IReadOnlyList<string> DnsPrefixes { get; init; } = [];

    /// <summary>Prefixes every edge router with eBGP peers announces unconditionally (the operator's other space).</summary>
    public IReadOnlyList<string> StaticPrefixes { get; init; } = [];
    /// <summary>With <c>frontend_catchment: bgp</c>, the prefix users reach the front-ends at (the first of
    /// <see cref="StaticPrefixes"/>): each cohort's users enter where their AS's best route to it leads
    /// (<see cref="Nodes.AnycastCatchment.FrontEndChanges"/>). Null: they enter at their <see cref="ClientCohortSpec.ServingGateways"/>.</summary>
    public string? FrontEndPrefix { get; init; }

    /// <summary>The operator's BGP design: session policies, table sizes, control-plane capacity.</summary>
    public BgpDesign Bgp { get; init; } = new();

    /// <summary>iBGP sessions between the operator's routers (route-reflector clients and the reflector mesh).</summary>
    public IReadOnlyList<IbgpSessionSpec> IbgpSessions { get; init; } = [];

    /// <summary>Prefixes only some routers announce, as the scenario's base configuration says (<c>config: announce</c>).</summary>
    public IReadOnlyList<string> ConfiguredPrefixes { get; init; } = [];

    /// <summary>The anycast prefixes of the public resolvers the operator runs (<see cref="ResolverSpec.OperatorRun"/>).</summary>
    public IEnumerable<string> ResolverPrefixes => Resolvers.Where(r => r.OperatorRun is not null).Select(r => r.OperatorRun!.Prefix).Distinct().OrderBy(p => p, StringComparer.Ordinal);

    /// <summary>External ASes' route maps on their sessions as the run starts (<c>internet.policies</c>).</summary>
    public IReadOnlyList<AsPolicySpec> AsPolicies { get; init; } = [];

    /// <summary>The Internet's aggregates every external AS originates, in AS order (<see cref="InternetAggregates"/>).</summary>
    public IEnumerable<string> InternetAggregates => ExternalAses.SelectMany(a => a.Prefixes);

    /// <summary>Everything the operator announces: health-checked anycast DNS prefixes, its resolvers' anycast prefixes,
    /// static ones and configured ones.</summary>
    public IEnumerable<string> OperatorPrefixes => AnycastPrefixes.Concat(ResolverPrefixes).Concat(StaticPrefixes).Concat(ConfiguredPrefixes).Distinct().OrderBy(p => p, StringComparer.Ordinal);
}
