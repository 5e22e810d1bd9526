using BackboneSim.Engine;

namespace BackboneSim.Model.Nodes;

// What the forwarding hardware did: programmed a batch, repaired locally, kept forwarding on stale entries, flushed
// them. The data-plane node emits them for the router whose FIB changed (the subject).

[GenerateSerializer, Immutable]
[EventKind("fib.programmed")]
public sealed record FibProgrammed(string Router, int Entries, long DelayMs, bool Full) : ModelEvent
{
    public override string Subject => Router;
    public override double Value => Entries;
    public override (string Key, object? Value)[] Data() => [("router", Router), ("entries", Entries), ("delay_ms", DelayMs), ("full", Full)];
}

[GenerateSerializer, Immutable]
[EventKind("fib.local_repair")]
public sealed record FibLocalRepair(string Router, string Link, int Entries) : ModelEvent
{
    public override string Subject => Router;
    public override double Value => Entries;
    public override (string Key, object? Value)[] Data() => [("router", Router), ("link", Link), ("entries", Entries)];
}

[GenerateSerializer, Immutable]
[EventKind("fib.fail_static")]
public sealed record FibFailStatic(string Router, int Entries, long FlushAfterMs) : ModelEvent
{
    public override string Subject => Router;
    public override double Value => Entries;
    public override (string Key, object? Value)[] Data() => [("router", Router), ("entries", Entries), ("flush_after_ms", FlushAfterMs)];
}

[GenerateSerializer, Immutable]
[EventKind("fib.flushed")]
public sealed record FibFlushed(string Router, int Entries, string Reason) : ModelEvent
{
    public override string Subject => Router;
    public override double Value => Entries;
    public override (string Key, object? Value)[] Data() => [("router", Router), ("entries", Entries), ("reason", Reason)];
}

/// <summary>
/// Resolver cohorts' queries to an anycast prefix now meet another fate or another server, as the Internet's best
/// routes now lead (<see cref="AnycastCatchment"/>): answered by a server, blackholed, or without a route.
/// </summary>
[GenerateSerializer, Immutable]
[EventKind("anycast.catchment")]
public sealed record AnycastCatchmentChanged(string Prefix, string Fate, string? Server, string Resolvers, int Count) : ModelEvent
{
    public override string Subject => Prefix;
    public override double Value => Count;
    public override (string Key, object? Value)[] Data() => [("prefix", Prefix), ("fate", Fate), ("server", Server), ("resolvers", Resolvers)];
}

/// <summary>
/// Client cohorts' queries to a public resolver the operator runs now meet another fate or enter at another router, as
/// the Internet's best routes to its anycast prefix now lead (<see cref="AnycastCatchment.ResolverChanges"/>): answered
/// (they reach the resolver through <see cref="Router"/>), blackholed (a dark router, a loop) or without a route. While
/// not answered, the cohorts' users of that resolver resolve nothing.
/// </summary>
[GenerateSerializer, Immutable]
[EventKind("anycast.resolver_catchment")]
public sealed record AnycastResolverCatchment(string Prefix, string Resolver, string Fate, string? Router, string Cohorts, int Count) : ModelEvent
{
    public override string Subject => Prefix;
    public override double Value => Count;
    public override (string Key, object? Value)[] Data() => [("prefix", Prefix), ("resolver", Resolver), ("fate", Fate), ("router", Router), ("cohorts", Cohorts)];
}

/// <summary>
/// With <c>frontend_catchment: bgp</c>: client cohorts' users' traffic to the front-ends' prefix now enters at another
/// router or meets another fate, as their ASes' best routes now lead (<see cref="AnycastCatchment.FrontEndChanges"/>):
/// answered (the front-ends of <see cref="Gateway"/>'s PoP serve them), blackholed (a dark entry router, a loop) or
/// without a route.
/// </summary>
[GenerateSerializer, Immutable]
[EventKind("anycast.frontend_catchment")]
public sealed record FrontEndCatchmentChanged(string Prefix, string Fate, string? Router, string? Gateway, string Cohorts, int Count) : ModelEvent
{
    public override string Subject => Prefix;
    public override double Value => Count;
    public override (string Key, object? Value)[] Data() => [("prefix", Prefix), ("fate", Fate), ("router", Router), ("gateway", Gateway), ("cohorts", Cohorts)];
}
