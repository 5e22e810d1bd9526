namespace BackboneSim.Model.Nodes;

// The anycast catchment: external ASes tell the data-plane node where they forward the operator's DNS prefixes, DNS
// servers tell it whether they answer and what their zones hold, and it tells each resolver cohort what becomes of
// its queries to each prefix (AnycastCatchment). Plain immutable classes; the serialization attributes are metadata
// only, so the Orleans runtime can carry them between silos unchanged.

/// <summary>What becomes of a resolver's queries to an anycast prefix.</summary>
public enum AnycastFate
{
    /// <summary>They reach a DNS server that answers.</summary>
    Answered,
    /// <summary>A route leads somewhere that answers nothing (a dark router, a site whose servers stopped, a loop):
    /// the resolver waits for its timeout.</summary>
    Blackholed,
    /// <summary>No route on the way: the router without one sends ICMP unreachable (RFC 1812 §5.2.7.1) and the
    /// resolver gives up on that nameserver at once.</summary>
    NoRoute,
    /// <summary>They reach a DNS server offered more than it can answer, which drops so many that most resolutions time
    /// out on every attempt: the resolver waits for its timeouts, and its queries still load that server.</summary>
    Overloaded,
}

/// <summary>An external AS's best route for an anycast prefix now leaves through this neighbour (an AS or an operator
/// router; -1: no route).</summary>
[GenerateSerializer, Immutable]
public sealed class AsForwarding
{
    [Id(0)] public string Prefix { get; init; } = "";
    [Id(1)] public int NextHop { get; init; } = -1;
}

/// <summary>A DNS server answers queries that reach it (or no longer does), the names its zone holds, and the share of
/// the queries offered to it that it answers (below 1 while overloaded).</summary>
[GenerateSerializer, Immutable]
public sealed class AnycastSite
{
    [Id(0)] public bool Serving { get; init; }
    [Id(1)] public string[] Names { get; init; } = [];
    [Id(2)] public double AnswerShare { get; init; } = 1;
}

/// <summary>A resolver cohort tells the DNS server its queries to a prefix reach how many queries per second it sends
/// there now (0 when its queries went elsewhere).</summary>
[GenerateSerializer, Immutable]
public sealed class AuthorityLoad
{
    [Id(0)] public double QueriesPerSecond { get; init; }
}

/// <summary>The data plane tells a resolver cohort what becomes of its queries to an anycast prefix now: their fate,
/// the DNS server that answers them (-1: none) and the names its zone holds.</summary>
[GenerateSerializer, Immutable]
public sealed class AuthorityPath
{
    [Id(0)] public string Prefix { get; init; } = "";
    [Id(1)] public AnycastFate Fate { get; init; }
    [Id(2)] public int Server { get; init; } = -1;
    [Id(3)] public string[] Names { get; init; } = [];
}

/// <summary>The data plane tells a client cohort what becomes of its users' queries to a public resolver the operator
/// runs (<see cref="Topology.ResolverSpec.OperatorRun"/>): <see cref="AnycastFate.Answered"/> while they reach it;
/// otherwise the users who use it resolve no name at all.</summary>
[GenerateSerializer, Immutable]
public sealed class ResolverReach
{
    [Id(0)] public int Resolver { get; init; } = -1;
    [Id(1)] public AnycastFate Fate { get; init; }
}

/// <summary>With <c>frontend_catchment: bgp</c>, the data plane tells a client cohort where its users' traffic to the
/// front-ends' prefix now enters the operator's network: the PoP gateway whose front-ends serve them
/// (<see cref="AnycastFate.Answered"/>), or none (-1: blackholed or no route; those users reach no front-end).</summary>
[GenerateSerializer, Immutable]
public sealed class FrontEndEntry
{
    [Id(0)] public int Gateway { get; init; } = -1;
    [Id(1)] public AnycastFate Fate { get; init; }
}

/// <summary>With <c>frontend_catchment: bgp</c>, a client cohort tells the data plane how many Gbps its users exchange
/// with the front-ends (users × active share × <c>mbps_per_active_user</c>: all of it, not only the backbone's share),
/// what loads the links outside both ways (<see cref="InterAsTraffic"/>).</summary>
[GenerateSerializer, Immutable]
public sealed class CohortTraffic
{
    [Id(0)] public double Gbps { get; init; }
}

/// <summary>The data plane tells a client cohort what share of its users' traffic to the front-ends gets through the
/// links outside the operator's network on the way in (1 unless one with a capacity is congested).</summary>
[GenerateSerializer, Immutable]
public sealed class AsPathShare
{
    [Id(0)] public double Share { get; init; }
}

/// <summary>An external AS tells the data plane which of the Internet's aggregates it now offers to operator routers
/// over their sessions, each with the AS path's length (-1: it offers it no longer), as its export rule lets its best
/// route go there and while the session is up (<see cref="InternetExits"/>). Three arrays of one length.</summary>
[GenerateSerializer, Immutable]
public sealed class AsExitOffer
{
    [Id(0)] public string[] Prefixes { get; init; } = [];
    [Id(1)] public int[] Routers { get; init; } = [];
    [Id(2)] public int[] PathLengths { get; init; } = [];
}
