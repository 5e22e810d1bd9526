using BackboneSim.Engine;
using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Nodes;

/// <summary>One BGP session of an operator router: its configuration, its state, and the routes on it.</summary>
public sealed class BgpSession(int peer, string peerName, BgpSessionKind kind, double latencyMs, BgpPolicySpec policy, bool toClient)
{
    public int Peer { get; } = peer;
    public string PeerName { get; } = peerName;
    public BgpSessionKind Kind { get; } = kind;
    public double LatencyMs { get; } = latencyMs;
    /// <summary>For iBGP on a route reflector: the peer is one of its clients.</summary>
    public bool ToClient { get; } = toClient;
    public bool IsIbgp => Kind == BgpSessionKind.Ibgp;
    /// <summary>The session also carries the flow-specification address family (RFC 8955): Flowspec rules travel on it.</summary>
    public bool Flowspec { get; init; }

    // Configuration (what a push edits and a rollback restores).
    public BgpPolicySpec Policy { get; set; } = policy;
    public bool Shutdown { get; set; }

    // State.
    /// <summary>A Flowspec rule this router installed drops BGP's packets from the peer (<see cref="FlowspecFilters"/>).</summary>
    public bool FlowspecDrops { get; set; }
    /// <summary>Some filter drops BGP's packets from the peer: the configuration's, or a Flowspec rule.</summary>
    public bool DropsPackets => Policy.DropPackets || FlowspecDrops;
    public bool Established { get; set; } = true;
    /// <summary>Held down after a max-prefix trip until this time; long.MaxValue until cleared by a push; 0 = not idle.</summary>
    public long IdleUntil { get; set; }
    /// <summary>Whether the IGP can reach the peer (iBGP); eBGP peers are one link away.</summary>
    public bool Reachable { get; set; } = true;
    /// <summary>The session's pending hold or idle timer; every change that makes it moot cancels it.</summary>
    public TimerGroup Timers { get; } = new();
    public bool MaxPrefixWarned { get; set; }
    /// <summary>The peer's control-plane life, as its OPENs tell.</summary>
    public PeerLife PeerLife { get; } = new();

    public RouteSet Received { get; set; } = RouteSet.Empty;
    public RouteSet Accepted { get; set; } = RouteSet.Empty;
    public RouteSet LastSent { get; set; } = RouteSet.Empty;
    /// <summary>eBGP: the operator's own prefixes announced on this session, with the path and communities sent.</summary>
    public SortedDictionary<string, AsRoute> Announced { get; } = new(StringComparer.Ordinal);

    /// <summary>Whether this end would bring the session up now.</summary>
    public bool Willing => !Shutdown && IdleUntil == 0 && Reachable && !DropsPackets;

    /// <summary>Applies the import filter. On eBGP the session's local preference is set on what it accepts; on
    /// iBGP routes keep the preference they carry (there the setting applies to what this end sends).</summary>
    public void Import() => Accepted = IsIbgp
        ? Received.Where(c => RouteFilter.AllowsClass(Policy.Accept, c))
        : Received.Imported(c => RouteFilter.AllowsClass(Policy.Accept, c), Policy.LocalPref > 0 ? Policy.LocalPref : BgpPolicy.DefaultLocalPref);

    public void Clear()
    {
        Established = false;
        Received = RouteSet.Empty;
        Accepted = RouteSet.Empty;
        LastSent = RouteSet.Empty;
        Announced.Clear();
    }
}
