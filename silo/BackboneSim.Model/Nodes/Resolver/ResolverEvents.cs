using BackboneSim.Engine;

namespace BackboneSim.Model.Nodes;

// The events a resolver cohort records (docs/outputs.md), one record per kind.

/// <summary>Names whose last reachable nameserver the route change <see cref="Prefix"/> took away.</summary>
[GenerateSerializer, Immutable]
[EventKind("resolver.authority_unreachable")]
public sealed record ResolverAuthorityUnreachable(string Resolver, string? Prefix, string[] Names) : ModelEvent
{
    public override string Subject => Resolver;
    public override (string Key, object? Value)[] Data() => [("prefix", Prefix), ("names", Names)];
}

/// <summary>Names that reach a nameserver again, through the route change <see cref="Prefix"/>.</summary>
[GenerateSerializer, Immutable]
[EventKind("resolver.authority_reachable")]
public sealed record ResolverAuthorityReachable(string Resolver, string? Prefix, string[] Names) : ModelEvent
{
    public override string Subject => Resolver;
    public override double Value => 1;
    public override (string Key, object? Value)[] Data() => [("prefix", Prefix), ("names", Names)];
}

/// <summary>Names that resolve only after <see cref="Timeouts"/> unreachable nameservers time out first.</summary>
[GenerateSerializer, Immutable]
[EventKind("resolver.latency")]
public sealed record ResolverLatency(string Resolver, string[] Names, int Timeouts, long LatencyMs) : ModelEvent
{
    public override string Subject => Resolver;
    public override double Value => LatencyMs;
    public override (string Key, object? Value)[] Data() => [("names", Names), ("timeouts", Timeouts), ("latency_ms", LatencyMs)];
}

/// <summary>A name's cached NS set expired and the parent's delegation is in use from now on.</summary>
[GenerateSerializer, Immutable]
[EventKind("resolver.delegation")]
public sealed record ResolverDelegation(string Resolver, string Name, string[] Nameservers, bool Reachable, int Timeouts) : ModelEvent
{
    public override string Subject => Resolver;
    public override double Value => Reachable ? 1 : 0;
    public override (string Key, object? Value)[] Data() => [("name", Name), ("nameservers", Nameservers), ("reachable", Reachable), ("timeouts", Timeouts)];
}

[GenerateSerializer, Immutable]
[EventKind("resolver.resolving")]
public sealed record ResolverResolving(string Resolver, string Name) : ModelEvent
{
    public override string Subject => Resolver;
    public override double Value => 1;
    public override (string Key, object? Value)[] Data() => [("name", Name)];
}

/// <summary>A name's refresh failed and the cohort serves the expired answer (RFC 8767).</summary>
[GenerateSerializer, Immutable]
[EventKind("resolver.serving_stale")]
public sealed record ResolverServingStale(string Resolver, string Name) : ModelEvent
{
    public override string Subject => Resolver;
    public override double Value => 1;
    public override (string Key, object? Value)[] Data() => [("name", Name)];
}

[GenerateSerializer, Immutable]
[EventKind("resolver.servfail")]
public sealed record ResolverServfail(string Resolver, string Name) : ModelEvent
{
    public override string Subject => Resolver;
    public override (string Key, object? Value)[] Data() => [("name", Name)];
}

[GenerateSerializer, Immutable]
[EventKind("resolver.nxdomain")]
public sealed record ResolverNxdomain(string Resolver, string Name, long NegativeTtlMs) : ModelEvent
{
    public override string Subject => Resolver;
    public override (string Key, object? Value)[] Data() => [("name", Name), ("negative_ttl_ms", NegativeTtlMs)];
}

/// <summary>The cohort's load moved by more than 1 % (or SERVFAIL or NXDOMAIN started or stopped); rates rounded to 0.001/s.</summary>
[GenerateSerializer, Immutable]
[EventKind("resolver.load")]
public sealed record ResolverLoadChanged(string Resolver, double QueriesPerSecond, double ServfailPerSecond, double NxdomainPerSecond, double UpstreamPerSecond)
    : ModelEvent
{
    public override string Subject => Resolver;
    public override double Value => QueriesPerSecond;
    public override (string Key, object? Value)[] Data() => [("queries_per_s", Math.Round(QueriesPerSecond, 3)), ("servfail_per_s", Math.Round(ServfailPerSecond, 3)),
        ("nxdomain_per_s", Math.Round(NxdomainPerSecond, 3)), ("upstream_per_s", Math.Round(UpstreamPerSecond, 3))];
}
