using BackboneSim.Engine;

namespace BackboneSim.Model.Nodes;

// BFD's events (BfdSessions), recorded where a session was declared down and where it came back: at a router (its
// IGP adjacency's session on a link, its BGP sessions') and at an external AS (its eBGP sessions with the operator).

/// <summary>A BFD session declared its peer down: no control packet for the detection time (RFC 5880 §6.8.4, diagnostic
/// 1, "Control Detection Time Expired"). Its client (the IGP adjacency, the BGP session) goes down at once, caused by it.</summary>
[GenerateSerializer, Immutable]
[EventKind("bfd.session_down")]
public sealed record BfdSessionDown(string Peer, string? Link, string Hop, string Client, long DetectMs) : ModelEvent
{
    public override string Subject => Link ?? Peer;
    public override double Value => DetectMs;
    public override (string Key, object? Value)[] Data() =>
        [("peer", Peer), ("link", Link), ("hop", Hop), ("client", Client), ("detect_ms", DetectMs), ("diag", "control detection time expired")];
}

/// <summary>A BFD session this node had declared down hears its peer again (the peer's control plane is back).</summary>
[GenerateSerializer, Immutable]
[EventKind("bfd.session_up")]
public sealed record BfdSessionUp(string Peer, string? Link, string Hop, string Client) : ModelEvent
{
    public override string Subject => Link ?? Peer;
    public override double Value => 1;
    public override (string Key, object? Value)[] Data() => [("peer", Peer), ("link", Link), ("hop", Hop), ("client", Client)];
}
