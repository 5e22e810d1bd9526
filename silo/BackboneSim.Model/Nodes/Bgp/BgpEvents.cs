using BackboneSim.Engine;

namespace BackboneSim.Model.Nodes;

// The BGP events of the operator's routers (BgpSpeaker) and of external ASes (ExternalAsModel), one record per kind.
// Where both record a kind, the router's form names the session's kind (and a closed session's lost paths), an AS's
// does not; Subject is where it is recorded (the router's peer, or the AS).

[GenerateSerializer, Immutable]
[EventKind("bgp.session_up")]
public sealed record BgpSessionUp(string At, string Peer, string? SessionKind = null) : ModelEvent
{
    public override string Subject => At;
    public override double Value => 1;
    public override (string Key, object? Value)[] Data() => SessionKind is null ? [("peer", Peer)] : [("peer", Peer), ("kind", SessionKind)];
}

[GenerateSerializer, Immutable]
[EventKind("bgp.session_down")]
public sealed record BgpSessionDown(string At, string Peer, string Reason, string? SessionKind = null, long PathsLost = 0) : ModelEvent
{
    public override string Subject => At;
    public override (string Key, object? Value)[] Data() => SessionKind is null
        ? [("peer", Peer), ("reason", Reason)]
        : [("peer", Peer), ("kind", SessionKind), ("reason", Reason), ("paths_lost", PathsLost)];
}

[GenerateSerializer, Immutable]
[EventKind("bgp.max_prefix_warning")]
public sealed record BgpMaxPrefixWarning(string At, string Peer, long Routes, long Limit) : ModelEvent
{
    public override string Subject => At;
    public override double Value => Routes;
    public override (string Key, object? Value)[] Data() => [("peer", Peer), ("routes", Routes), ("limit", Limit)];
}

[GenerateSerializer, Immutable]
[EventKind("bgp.max_prefix_exceeded")]
public sealed record BgpMaxPrefixExceeded(string At, string Peer, long Routes, long Limit, long RestartMs) : ModelEvent
{
    public override string Subject => At;
    public override double Value => Routes;
    public override (string Key, object? Value)[] Data() => [("peer", Peer), ("routes", Routes), ("limit", Limit), ("restart_ms", RestartMs)];
}

[GenerateSerializer, Immutable]
[EventKind("bgp.max_prefix_restart")]
public sealed record BgpMaxPrefixRestart(string At, string Peer) : ModelEvent
{
    public override string Subject => At;
    public override (string Key, object? Value)[] Data() => [("peer", Peer)];
}

/// <summary>Graceful restart (RFC 4724): the peer whose control plane died came back within the restart time; the
/// routes kept from it meanwhile were never withdrawn, and the session resumes.</summary>
[GenerateSerializer, Immutable]
[EventKind("bgp.graceful_restart")]
public sealed record BgpGracefulRestart(string Peer) : ModelEvent
{
    public override string Subject => Peer;
    public override (string Key, object? Value)[] Data() => [("peer", Peer)];
}

/// <summary>A session's policy changed (a push or its rollback): filters, local preference, max-prefix limit and action.</summary>
[GenerateSerializer, Immutable]
[EventKind("bgp.policy")]
public sealed record BgpPolicyChanged(string Peer, string Accept, string Announce, int LocalPref, long MaxPrefix, string OnMaxPrefix, long RestartMs,
    string? ExportMap = null, string? Packets = null) : ModelEvent
{
    public override string Subject => Peer;
    public override (string Key, object? Value)[] Data()
    {
        (string, object?)[] always = [("peer", Peer), ("accept", Accept), ("announce", Announce), ("local_pref", LocalPref), ("max_prefix", MaxPrefix),
            ("on_max_prefix", OnMaxPrefix), ("restart_ms", RestartMs)];
        if (ExportMap is null && Packets is null) return always;
        return [.. always, .. ExportMap is null ? [] : new (string, object?)[] { ("export_map", ExportMap) }, .. Packets is null ? [] : new (string, object?)[] { ("packets", Packets) }];
    }
}

/// <summary>A router starts announcing an anycast prefix to its eBGP peers (a DNS server behind it asked).</summary>
[GenerateSerializer, Immutable]
[EventKind("bgp.origin_announce")]
public sealed record BgpOriginAnnounce(string Prefix, int Peers) : ModelEvent
{
    public override string Subject => Prefix;
    public override double Value => 1;
    public override (string Key, object? Value)[] Data() => [("prefix", Prefix), ("peers", Peers)];
}

[GenerateSerializer, Immutable]
[EventKind("bgp.origin_withdraw")]
public sealed record BgpOriginWithdraw(string Prefix, int Peers) : ModelEvent
{
    public override string Subject => Prefix;
    public override (string Key, object? Value)[] Data() => [("prefix", Prefix), ("peers", Peers)];
}

/// <summary>An AS received an update for a prefix (an announcement, or a withdrawal).</summary>
[GenerateSerializer, Immutable]
[EventKind("bgp.update")]
public sealed record BgpUpdateReceived(string Prefix, bool Withdraw) : ModelEvent
{
    public override string Subject => Prefix;
    public override double Value => 1;
    public override (string Key, object? Value)[] Data() => [("prefix", Prefix), ("withdraw", Withdraw)];
}

[GenerateSerializer, Immutable]
[EventKind("bgp.route_learned")]
public sealed record BgpRouteLearned(string Prefix, string Path) : ModelEvent
{
    public override string Subject => Prefix;
    public override double Value => 1;
    public override (string Key, object? Value)[] Data() => [("prefix", Prefix), ("path", Path)];
}

[GenerateSerializer, Immutable]
[EventKind("bgp.route_lost")]
public sealed record BgpRouteLost(string Prefix) : ModelEvent
{
    public override string Subject => Prefix;
    public override (string Key, object? Value)[] Data() => [("prefix", Prefix), ("path", null)];
}

[GenerateSerializer, Immutable]
[EventKind("bgp.route_changed")]
public sealed record BgpRouteChanged(string Prefix, string? Path) : ModelEvent
{
    public override string Subject => Prefix;
    public override double Value => Path is null ? 0 : 1;
    public override (string Key, object? Value)[] Data() => [("prefix", Prefix), ("path", Path)];
}
