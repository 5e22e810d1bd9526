using BackboneSim.Engine;
namespace BackboneSim.Model.Nodes;

/// <summary>One end of a link as a router sees it: admin state (config), the far end's light, the fibre, and the adjacency.</summary>
public sealed class RouterInterface(int link, string linkName, string kind, int peer, int metric, double latencyMs)
{
    public int Link { get; } = link;
    public string LinkName { get; } = linkName;
    public string Kind { get; } = kind;
    public int Peer { get; } = peer;
    public int Metric { get; set; } = metric;
    public double LatencyMs { get; } = latencyMs;
    public bool AdminUp { get; set; } = true;
    public bool PeerAdminUp { get; set; } = true;
    /// <summary>Whether the far end's control plane answers hellos (false while it has failed).</summary>
    public bool PeerAlive { get; set; } = true;
    /// <summary>The neighbour's control-plane life (see <see cref="PeerSilent.Epoch"/>).</summary>
    public PeerLife PeerLife { get; } = new();
    public bool AdjacencyUp { get; set; } = true;
    /// <summary>When the adjacency last became full (the converged start's: long before): an LSA sent before that was
    /// sent to an earlier adjacency, whose retransmission list went with it.</summary>
    public long AdjacencyUpSince { get; set; } = long.MinValue;
    /// <summary>An ingress ACL discards the data packets arriving here (routing protocols still pass).</summary>
    public bool DenyData { get; set; }
    /// <summary>An ingress filter drops the IGP's packets arriving here (a push's <c>acl: { igp: deny }</c>).</summary>
    public bool DenyIgp { get; set; }
    /// <summary>A Flowspec rule the router installed drops the IGP's packets (<see cref="FlowspecFilters"/>).</summary>
    public bool FlowspecDropsIgp { get; set; }
    /// <summary>Some filter drops the IGP's packets arriving here: the configuration's, or a Flowspec rule.</summary>
    public bool DropsIgp => DenyIgp || FlowspecDropsIgp;
    /// <summary>The dead interval ran out under that filter: no adjacency forms here until it goes.</summary>
    public bool IgpDead { get; set; }
    /// <summary>The dead interval running under that filter.</summary>
    public TimerGroup IgpDeadTimer { get; } = new();
    /// <summary>The event that changed this interface's admin state or filter while the current message was handled (0:
    /// none): what the line card's news to the forwarding hardware is explained by.</summary>
    public long ChangeCause { get; set; }
    /// <summary>The adjacency forming on this link; every change of its state cancels it.</summary>
    public TimerGroup AdjacencyTimer { get; } = new();
    /// <summary>While an adjacency forms: the next hello this end sends (<see cref="AdjacencyFormation"/>).</summary>
    public TimerGroup HelloTimer { get; } = new();
    /// <summary>While an adjacency forms: a hello from the far end arrived (this end's hellos now list it).</summary>
    public bool HelloHeard { get; set; }
    /// <summary>While an adjacency forms: two-way reached, the databases are being described.</summary>
    public bool TwoWay { get; set; }
    /// <summary>When two-way was last reached.</summary>
    public long TwoWaySince { get; set; } = long.MinValue;
    /// <summary>When the far end's database exchange last arrived (it comes at the far end's full).</summary>
    public long DatabaseAt { get; set; } = long.MinValue;
    /// <summary>Full, but the far end's database has not arrived yet: this end originates when it does.</summary>
    public bool AwaitingDatabase { get; set; }

    /// <summary>The fail actions that have cut this link's fibre (carrier returns when none is left).</summary>
    public HashSet<string> Cuts { get; } = new(StringComparer.Ordinal);

    /// <summary>Whether the line card has signal: both ends administratively up and the fibre whole. The far end's
    /// control plane does not matter here: a router whose control plane died still gives light and forwards.</summary>
    public bool LightUp => AdminUp && PeerAdminUp && Cuts.Count == 0;

    /// <summary>Whether an adjacency can form: both ends administratively up, the fibre whole and the far end alive.</summary>
    public bool CarrierUp => AdminUp && PeerAdminUp && PeerAlive && Cuts.Count == 0;

    /// <summary>A copy with the same state (not the timers or what was learned of the far end's life): what a router
    /// starts with, and what its start FIB is computed from.</summary>
    public RouterInterface Copy() => new(Link, LinkName, Kind, Peer, Metric, LatencyMs) { AdminUp = AdminUp, PeerAdminUp = PeerAdminUp, AdjacencyUp = AdjacencyUp, DenyData = DenyData, DenyIgp = DenyIgp };

    public bool Matches(string match) => match == "*" || match == Kind || match == LinkName;
}
