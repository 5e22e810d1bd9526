
namespace BackboneSim.Model.Nodes;

// BGP session messages between operator routers and between routers and external ASes. Individual Internet
// prefixes are not carried: a session's routes travel as counts per route class, which is what max-prefix
// limits and control-plane capacity act on. The operator's own prefixes still travel one by one (BgpUpdate).

/// <summary>The whole set of routes the sender now sends on this session, as counts per route class.</summary>
[GenerateSerializer, Immutable]
public sealed class RouteVolume
{
    [Id(0)] public string[] Classes { get; init; } = [];
    [Id(1)] public long[] Counts { get; init; } = [];
    /// <summary>Per class: the local preference, which travels with routes inside the operator's network.</summary>
    [Id(2)] public int[] LocalPrefs { get; init; } = [];
    /// <summary>Per class: the router the routes lead to (iBGP next hop), -1 when it is not an operator router.</summary>
    [Id(3)] public int[] NextHops { get; init; } = [];
}

/// <summary>OPEN: the sender is willing to (re)establish the session. A reply confirms one the receiver opened.</summary>
[GenerateSerializer, Immutable]
public sealed class BgpOpen
{
    [Id(0)] public bool Reply { get; init; }
    /// <summary>The sender's control-plane life (bumped on every failure): news of an earlier life's death is stale.</summary>
    [Id(1)] public int Epoch { get; init; }
}

/// <summary>NOTIFICATION: the sender closes the session (shutdown, or a max-prefix limit tripped).</summary>
[GenerateSerializer, Immutable]
public sealed class BgpNotification
{
    [Id(0)] public string Reason { get; init; } = "";
}

/// <summary>
/// The sender's control plane died: no keepalives or hellos come from it any more. Sent as its last act with the
/// receivers' hold time as delay, so it arrives when their hold timers would expire.
/// </summary>
[GenerateSerializer, Immutable]
public sealed class PeerSilent
{
    /// <summary>The link whose IGP adjacency times out, or -1 for a BGP session.</summary>
    [Id(0)] public int Link { get; init; } = -1;
    /// <summary>The life of the sender's control plane that died: ignored where a later life has been heard from
    /// (a reboot shorter than the hold time).</summary>
    [Id(1)] public int Epoch { get; init; }
    /// <summary>Why the receiver's session ends, when not its hold timer (a crashed router's eBGP link lost carrier).</summary>
    [Id(2)] public string? Reason { get; init; }
}

/// <summary>The sender's control plane is back: the receiver's end of the link may form an adjacency again.</summary>
[GenerateSerializer, Immutable]
public sealed class PeerAlive
{
    [Id(0)] public int Link { get; init; }
    [Id(1)] public int Epoch { get; init; }
}

/// <summary>A BGP update for one prefix: a path (announce) or none (withdraw).</summary>
[GenerateSerializer, Immutable]
public sealed class BgpUpdate
{
    [Id(0)] public string Prefix { get; init; } = "";
    [Id(1)] public long[]? AsPath { get; init; }
    /// <summary>The communities the route carries (canonical, <see cref="Communities"/>), or null for none.</summary>
    [Id(2)] public string[]? Communities { get; init; }
}

/// <summary>From the scenario: an external AS shuts, resets or restores its BGP session with one peer (an operator
/// router or a neighbouring AS), or with every operator router it has a session with (<see cref="Peer"/> -1).</summary>
[GenerateSerializer, Immutable]
public sealed class ExternalSessionCommand
{
    [Id(0)] public int Peer { get; init; } = -1;
    [Id(1)] public string PeerName { get; init; } = "";
    /// <summary><c>shutdown</c>, <c>reset</c> or <c>restore</c>.</summary>
    [Id(2)] public string Command { get; init; } = "";
}

/// <summary>From the scenario: an external AS sets the max-prefix limit on its session with one operator router, or on
/// every session it has with the operator (<see cref="Router"/> -1); 0 takes the limit off.</summary>
[GenerateSerializer, Immutable]
public sealed class ExternalLimitCommand
{
    [Id(0)] public int Router { get; init; } = -1;
    [Id(1)] public long MaxPrefix { get; init; }
}

/// <summary>From the scenario: an external AS announces prefixes (as their origin, or claiming the AS path
/// <see cref="Path"/> after its own ASN, as a leak passes on a route it learned), to every neighbour its export rule
/// allows or only to the ASes in <see cref="To"/>; or (<see cref="Withdraw"/>) withdraws what it announced.</summary>
[GenerateSerializer, Immutable]
public sealed class ExternalRoutesCommand
{
    [Id(0)] public string[] Prefixes { get; init; } = [];
    [Id(1)] public long[] Path { get; init; } = [];
    /// <summary>AS nodes the announcement goes to; empty: every neighbour the export rule allows.</summary>
    [Id(2)] public int[] To { get; init; } = [];
    [Id(3)] public bool Withdraw { get; init; }
    /// <summary>Communities the announcement carries (canonical).</summary>
    [Id(4)] public string[] Communities { get; init; } = [];
    /// <summary>The neighbour the AS claims to have learned the route from (the first AS of <see cref="Path"/>, or an
    /// operator router when that is the operator's number), where it forwards the traffic; -1: it keeps it.</summary>
    [Id(5)] public int Via { get; init; } = -1;
}

/// <summary>From the scenario: an external AS changes its route maps on a session with a neighbour (an AS or an
/// operator router): what it accepts (<see cref="Import"/>) and what it sends (<see cref="Export"/>). A map left null
/// stays as it is unless its Clear flag is set (back to the relationship's rules).</summary>
[GenerateSerializer, Immutable]
public sealed class ExternalPolicyCommand
{
    [Id(0)] public int Peer { get; init; } = -1;
    [Id(1)] public RouteMapSpec? Import { get; init; }
    [Id(2)] public RouteMapSpec? Export { get; init; }
    [Id(3)] public bool ClearImport { get; init; }
    [Id(4)] public bool ClearExport { get; init; }
}

/// <summary>Between two external ASes: the sender closed (a Cease NOTIFICATION, RFC 4486) or reopened their session.</summary>
[GenerateSerializer, Immutable]
public sealed class AsSessionNotice
{
    [Id(0)] public bool Up { get; init; }
    [Id(1)] public string SenderName { get; init; } = "";
    [Id(2)] public string Reason { get; init; } = "";
}
