using BackboneSim.Model.Topology;

namespace BackboneSim.Scenarios.Generators;

/// <summary>
/// The shape of a network as a generator decides it, or as a person writes it by hand (<c>generator: explicit</c>):
/// sites, routers, links, DNS servers, external ASes, the links between them and their peerings with the operator's
/// routers, each referring to the others by name. <see cref="NetworkAssembler"/> turns any layout into a
/// <see cref="NetworkTopology"/> (node indices, cohorts, data centers, responders, iBGP), so a new generator only has
/// to fill this in. The order of each list is the order of the nodes.
/// </summary>
public sealed class TopologyLayout
{
    public string OperatorName { get; init; } = "Operator";
    public long OperatorAsn { get; init; } = 64500;
    /// <summary>Announced unconditionally by every edge router that has eBGP peers.</summary>
    public IReadOnlyList<string> StaticPrefixes { get; init; } = [];
    /// <summary>The operator's DNS prefixes (<c>dns.prefixes</c>): what a service's delegation may name.</summary>
    public IReadOnlyList<string> DnsPrefixes { get; init; } = [];
    public BgpDesign Bgp { get; init; } = new();

    public List<Site> Sites { get; } = [];
    public List<LayoutRouter> Routers { get; } = [];
    public List<LayoutLink> Links { get; } = [];
    public List<LayoutDnsServer> DnsServers { get; } = [];
    public List<ExternalAsInput> ExternalAses { get; } = [];
    public List<LayoutAsLink> AsLinks { get; } = [];
    public List<LayoutPeering> Peerings { get; } = [];
    /// <summary>External ASes' route maps on their sessions as the run starts (<c>internet.policies</c>).</summary>
    public List<LayoutAsPolicy> AsPolicies { get; } = [];

    /// <summary>
    /// The route reflectors, in order (they form a full iBGP mesh). Null: the backbone routers of the data-center
    /// sites, in router order. Every other edge and data-center border router is a client of the
    /// <see cref="BgpDesign.ReflectorsPerClient"/> nearest ones.
    /// </summary>
    public IReadOnlyList<string>? RouteReflectors { get; init; }

    /// <summary>Peak power per data-center site (MW), by site name; <see cref="DefaultDcPowerMw"/> for the others.</summary>
    public IReadOnlyDictionary<string, double> DcPowerMw { get; init; } = new Dictionary<string, double>();
    public double DefaultDcPowerMw { get; init; } = 60;

    /// <summary>What the topology declares about each data center's caches, back ends and power limits, by site name (none: not listed).</summary>
    public IReadOnlyDictionary<string, DataCenterPhysics> DcPhysics { get; init; } = new Dictionary<string, DataCenterPhysics>();

    /// <summary>Limits on the total draw of a region's data centers, by region (the topology's <c>datacenter_physics.regions</c>).</summary>
    public IReadOnlyDictionary<string, (double StepLimitMw, long? SettleMs)> DcRegionPower { get; init; } = new Dictionary<string, (double, long?)>();

    public PopulationSpec Population { get; init; } = new();

    /// <summary>The IGP metric a link gets when none is given: its latency in tenths of a ms, at least 1 (a latency-optimised backbone).</summary>
    public static int MetricFor(double latencyMs) => Math.Max(1, (int)Math.Round(latencyMs * 10));
}

/// <summary>A router at a site, with its own tags (it also carries its site's).</summary>
public sealed record LayoutRouter(string Name, RouterRole Role, string Site)
{
    public IReadOnlyList<string> Tags { get; init; } = [];
}

/// <summary>A link between two routers, by name; <paramref name="Kind"/> is one of <see cref="LinkKinds"/>.</summary>
public sealed record LayoutLink(string A, string B, string Kind, double LatencyMs, double CapacityGbps, int Metric);

/// <summary>
/// An authoritative DNS server at a site: the router it checks health through, the routers that announce its
/// anycast prefixes while it is healthy, and those prefixes.
/// </summary>
public sealed record LayoutDnsServer(string Name, string Site, string Gateway, IReadOnlyList<string> AnnounceVia, IReadOnlyList<string> Prefixes,
    bool WithdrawWhenUnhealthy);

/// <summary>An eBGP session between two external ASes, by AS number; <paramref name="Kind"/> reads "A is ... of B".</summary>
public sealed record LayoutAsLink(long A, long B, double LatencyMs, AsLinkKind Kind, double CapacityGbps = 0);

/// <summary>An eBGP session between an external AS and an operator router; <paramref name="Kind"/> reads with the operator as A.</summary>
/// <summary>An AS's route maps on its session with <paramref name="With"/>: a neighbouring AS's number or an edge router's name.</summary>
public sealed record LayoutAsPolicy(long Asn, string With, Model.Nodes.RouteMapSpec? Import, Model.Nodes.RouteMapSpec? Export);

public sealed record LayoutPeering(long Asn, string Router, double LatencyMs, AsLinkKind Kind, double CapacityGbps = 0);
