using BackboneSim.Engine;

namespace BackboneSim.Model.Nodes;

// The events an authoritative DNS server records (docs/outputs.md), one record per kind.

/// <summary>The server went down: no power, or its software crashed (<see cref="Reason"/>), by a timeline failure.</summary>
[GenerateSerializer, Immutable]
[EventKind("dns.server_down")]
public sealed record DnsServerDown(string Server, string Reason, string Failure) : ModelEvent
{
    public override string Subject => Server;
    public override (string Key, object? Value)[] Data() => [("reason", Reason), ("failure", Failure)];
}

[GenerateSerializer, Immutable]
[EventKind("dns.server_up")]
public sealed record DnsServerUp(string Server, string Failure) : ModelEvent
{
    public override string Subject => Server;
    public override double Value => 1;
    public override (string Key, object? Value)[] Data() => [("failure", Failure)];
}

/// <summary>
/// The health check started failing: after <see cref="Threshold"/> checks from <see cref="FirstCheckMs"/> it acts at
/// <see cref="ActsAtMs"/>. A server designed to keep answering says so (<see cref="Then"/> "keep_answering", acting never: -1).
/// </summary>
[GenerateSerializer, Immutable]
[EventKind("dns.healthcheck_failing")]
public sealed record DnsHealthcheckFailing(string Server, long FirstCheckMs, int Threshold, long ActsAtMs, string? Then = null) : ModelEvent
{
    public override string Subject => Server;
    public override (string Key, object? Value)[] Data() => Then is null
        ? [("first_check_ms", FirstCheckMs), ("threshold", Threshold), ("acts_at_ms", ActsAtMs)]
        : [("first_check_ms", FirstCheckMs), ("threshold", Threshold), ("acts_at_ms", ActsAtMs), ("then", Then)];
}

[GenerateSerializer, Immutable]
[EventKind("dns.healthcheck_passing")]
public sealed record DnsHealthcheckPassing(string Server, long FirstCheckMs, int Threshold, long ActsAtMs) : ModelEvent
{
    public override string Subject => Server;
    public override (string Key, object? Value)[] Data() => [("first_check_ms", FirstCheckMs), ("threshold", Threshold), ("acts_at_ms", ActsAtMs)];
}

/// <summary>The server asks its gateway to announce its anycast prefixes again.</summary>
[GenerateSerializer, Immutable]
[EventKind("dns.announce")]
public sealed record DnsAnnounce(string Server, IReadOnlyList<string> Prefixes, string Site) : ModelEvent
{
    public override string Subject => Server;
    public override double Value => 1;
    public override (string Key, object? Value)[] Data() => [("prefixes", Prefixes), ("site", Site)];
}

/// <summary>The server asks its gateway to stop announcing its anycast prefixes.</summary>
[GenerateSerializer, Immutable]
[EventKind("dns.withdraw")]
public sealed record DnsWithdraw(string Server, IReadOnlyList<string> Prefixes, string Site) : ModelEvent
{
    public override string Subject => Server;
    public override (string Key, object? Value)[] Data() => [("prefixes", Prefixes), ("site", Site)];
}

/// <summary>A push changed the names the server's zone holds.</summary>
[GenerateSerializer, Immutable]
[EventKind("dns.zone")]
public sealed record DnsZoneChanged(string Server, string[] Added, string[] Removed, int Names) : ModelEvent
{
    public override string Subject => Server;
    public override double Value => Names;
    public override (string Key, object? Value)[] Data() => [("added", Added), ("removed", Removed), ("names", Names)];
}

/// <summary>
/// The resolvers whose queries reach this server now send it more than it answers (<c>dns_capacity_factor</c> × the
/// most loaded server's normal load): it answers <see cref="AnswerShare"/> of them and drops the rest. Emitted when it
/// becomes overloaded and when the answered share moves by a step of 0.05 while it is.
/// </summary>
[GenerateSerializer, Immutable]
[EventKind("dns.overload")]
public sealed record DnsOverload(string Server, double OfferedQps, double CapacityQps, double AnswerShare) : ModelEvent
{
    public override string Subject => Server;
    public override double Value => AnswerShare;
    public override (string Key, object? Value)[] Data() => [("offered_qps", OfferedQps), ("capacity_qps", CapacityQps), ("answer_share", AnswerShare)];
}

/// <summary>The queries reaching this server fit its capacity again: it answers them all.</summary>
[GenerateSerializer, Immutable]
[EventKind("dns.overload_ended")]
public sealed record DnsOverloadEnded(string Server, double OfferedQps, double CapacityQps) : ModelEvent
{
    public override string Subject => Server;
    public override double Value => 1;
    public override (string Key, object? Value)[] Data() => [("offered_qps", OfferedQps), ("capacity_qps", CapacityQps)];
}
