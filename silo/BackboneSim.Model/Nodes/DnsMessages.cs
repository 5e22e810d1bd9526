
namespace BackboneSim.Model.Nodes;

// The DNS path: a DNS server asks its gateway to announce its anycast prefixes, ASes tell resolver cohorts which
// prefixes they can route, client cohorts ask resolver cohorts and hear whether a name is answered.
// Plain immutable classes; the serialization attributes are metadata only, so the Orleans runtime can carry them
// between silos unchanged.

/// <summary>A DNS server asks its gateway to announce (or stop announcing) its anycast prefixes.</summary>
[GenerateSerializer, Immutable]
public sealed class AnycastRequest
{
    [Id(0)] public string[] Prefixes { get; init; } = [];
    [Id(1)] public bool Announce { get; init; }
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
