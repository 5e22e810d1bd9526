namespace BackboneSim.Model.Topology;

/// <summary>
/// A user-facing service. Operator services resolve through the operator's authoritative DNS and are served by
/// the edge front-ends over the backbone; a third-party dependent ("Login with Facebook" on other sites) works
/// only while everything it depends on works.
/// </summary>
public sealed record ServiceSpec(string Name, long TtlMs, double UsersShare, bool ThirdParty, IReadOnlyList<string> DependsOn)
{
    /// <summary>NS and glue TTL the .com/.net parent zones give a delegation: 172,800 s (2 days).</summary>
    public const long DefaultNsTtlMs = 2L * 24 * 3600 * 1000;

    /// <summary>The data-center sites that serve it; empty means every data center.</summary>
    public IReadOnlyList<string> DataCenters { get; init; } = [];
    /// <summary>Where the front-ends send its users when their data center fails its health checks.</summary>
    public Nodes.FailoverPolicy Failover { get; init; } = Nodes.FailoverPolicy.Headroom;
    /// <summary>Which of its data centers the front-ends normally send its users to: the nearest, those in the users'
    /// region, or all.</summary>
    public Nodes.Placement Placement { get; init; } = Nodes.Placement.Nearest;
    /// <summary>Services users turn to while this one fails, each with the share of the still-affected users who
    /// move per hour (e.g. WhatsApp users trying Telegram or Signal on 4 Oct 2021).</summary>
    public IReadOnlyList<SubstituteSpec> Substitutes { get; init; } = [];
    /// <summary>Share of the moved users who come back per hour once this service works again.</summary>
    public double ReturnPerHour { get; init; } = 0.5;
    /// <summary>Load a third-party service can take above its own users' (0.2 = 20 % more); null = unlimited. Users
    /// who move to it from a failing service are the extra load: above the headroom it serves only part of it.</summary>
    public double? Headroom { get; init; }

    /// <summary>
    /// The nameservers its delegation lists, in the order resolvers try them: operator DNS anycast prefixes, or
    /// <c>external:&lt;label&gt;</c> for another provider's servers (always reachable). Empty means every operator
    /// DNS prefix, in ordinal order.
    /// </summary>
    public IReadOnlyList<string> Nameservers { get; init; } = [];

    /// <summary>TTL of the delegation (NS + glue) in resolver caches, separate from the address record's <see cref="TtlMs"/>.</summary>
    public long NsTtlMs { get; init; } = DefaultNsTtlMs;
}



/// <summary>Nameserver names in a delegation: an operator DNS anycast prefix, or <c>external:&lt;label&gt;</c>.</summary>
public static class Nameserver
{
    public const string ExternalPrefix = "external:";

    /// <summary>Another provider's nameserver: its network does not share the operator's fate.</summary>
    public static bool IsExternal(string nameserver) => nameserver.StartsWith(ExternalPrefix, StringComparison.Ordinal);

    /// <summary>The delegation a service starts with: its own list, or every operator DNS prefix in ordinal order.</summary>
    public static string[] Initial(ServiceSpec service, IEnumerable<string> dnsPrefixes)
        => service.Nameservers.Count > 0 ? [.. service.Nameservers] : [.. dnsPrefixes.Distinct().OrderBy(p => p, StringComparer.Ordinal)];
}

/// <summary>A service users move to while another fails, and how fast they move.</summary>
public sealed record SubstituteSpec(string Service, double ShiftPerHour);

/// <summary>A population of recursive resolvers with one behaviour: an ISP's resolvers or a public service.
/// <paramref name="AsNode"/> is -1 for a resolver the operator runs (<see cref="OperatorRun"/>).</summary>
public sealed record ResolverSpec(int Node, string Name, int AsNode, bool Public, bool ServeStale, int Instances)
{
    /// <summary>For a public resolver the operator runs itself (as Cloudflare runs 1.1.1.1): the anycast prefix users
    /// reach it at and the edge routers that announce it; null for one in an external AS.</summary>
    public OperatorResolverAnycast? OperatorRun { get; init; }
    /// <summary>Its own timeouts, attempts, give-up, nameserver selection and background rates, where the topology gives them.</summary>
    public ResolverSettings Settings { get; init; } = ResolverSettings.None;
}

/// <summary>
/// How users reach a public resolver the operator runs: an anycast prefix (RFC 4786) that the edge routers of its
/// sites announce to their eBGP peers, so each user's queries land where the Internet's best routes lead.
/// </summary>
/// <param name="AnnounceVia">The edge routers with eBGP sessions that announce it, by node, in order.</param>
public sealed record OperatorResolverAnycast(string Prefix, IReadOnlyList<int> AnnounceVia);

/// <summary>
/// The users of one access ISP: how many, which resolvers they use (with shares), and the PoP gateways whose
/// front-ends serve them (the PoPs their ISP peers with).
/// </summary>
public sealed record ClientCohortSpec(int Node, string Name, int AsNode, string Region, long Users,
    IReadOnlyList<(int Resolver, double Share)> Resolvers, IReadOnlyList<int> ServingGateways);

/// <summary>A data center as a load: its site, the border router that tells it whether traffic can arrive, its peak power.</summary>
public sealed record DataCenterSpec(int Node, string Name, string Site, int Gateway, double PeakPowerMw)
{
    /// <summary>Its caches, back ends and electrical limits as the topology declares them (<see cref="DataCenterPhysics.None"/>: none).</summary>
    public DataCenterPhysics Physics { get; init; } = DataCenterPhysics.None;

    /// <summary>The limit its region's feed puts on the region's data centers together, if the topology gives one.</summary>
    public RegionPowerLimit? RegionPower { get; init; }
}

/// <summary>A public resolver service as written in a topology file (<paramref name="Asn"/> 0 when the operator runs it).</summary>
public sealed record PublicResolverInput(string Name, long Asn, double Share, bool ServeStale, int Instances)
{
    /// <summary>Its own timings and background rates (<c>timeout</c>, <c>attempts</c>, ...).</summary>
    public ResolverSettings Settings { get; init; } = ResolverSettings.None;
    /// <summary>Set when the operator runs it (<c>operator: true</c>): the anycast prefix users reach it at.</summary>
    public string? OperatorPrefix { get; init; }
    /// <summary>The sites that announce <see cref="OperatorPrefix"/>; empty: the sites whose edge routers announce the
    /// operator's DNS prefixes.</summary>
    public IReadOnlyList<string> Sites { get; init; } = [];
}
