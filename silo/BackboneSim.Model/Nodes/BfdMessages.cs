
namespace BackboneSim.Model.Nodes;

// BFD (RFC 5880) between routers, and between a router and an external AS it has an eBGP session with. The model does
// not send BFD's periodic control packets (nothing depends on them while they arrive); it sends only the news of their
// end, as PeerSilent does for hellos and keepalives.

/// <summary>
/// The sender's control plane died, and its BFD process with it: its control packets stopped. Sent as its last act with
/// the delay after which the receiver's BFD session declares it down (propagation of the last packet + the detection
/// time, <see cref="BfdSessions.DownAfter"/>), so it arrives when that session goes down.
/// </summary>
[GenerateSerializer, Immutable]
public sealed class BfdDown
{
    /// <summary>The link whose single-hop session went down (its IGP adjacency is the client), or -1: the session of
    /// the BGP session with the sender (single hop on eBGP, multihop on iBGP).</summary>
    [Id(0)] public int Link { get; init; } = -1;
    /// <summary>The life of the sender's control plane that died: ignored where a later life has been heard from.</summary>
    [Id(1)] public int Epoch { get; init; }
}
