using BackboneSim.Engine;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// Bidirectional Forwarding Detection (RFC 5880, asynchronous mode) as FRR's bfdd runs it for ospfd and bgpd with
/// <c>bfd</c> configured, on when <c>bfd_interval</c> is set: one single-hop session per link (RFC 5881; its client is
/// the IGP adjacency there), one per eBGP session (single hop) and one per iBGP session (multihop between loopbacks,
/// RFC 5883). Why it is here: a neighbour whose control plane dies keeps its light on (the line cards run on), so
/// without BFD it is noticed only when the IGP's dead time or BGP's hold time runs out (<c>igp_hold</c> 30 s,
/// <c>bgp_hold</c> 90 s). BFD runs in the control plane (bfdd), so its packets stop with it, and the far end declares the
/// session down <c>bfd_multiplier</c> × <c>bfd_interval</c> (900 ms with FRR's defaults) after the last one arrived and
/// tells its clients at once: ospfd brings the neighbour down (its inactivity timer event), bgpd closes the session
/// ("BFD down received"). A multihop session's packets also stop when the IGP no longer carries them, so an iBGP
/// session whose peer the IGP cannot reach ends after the detection time rather than <c>bgp_hold</c>
/// (<see cref="BgpSpeaker.OnReachability"/>).
/// <para>
/// The periodic packets are not sent: the dying router sends the news of their end (<see cref="BfdDown"/>) with the
/// delay <see cref="DownAfter"/> gives, as it does for the hold timers (<see cref="PeerSilent"/>). That delay is the
/// worst case and deterministic: the last packet left just before the death, so the far end's detection timer,
/// restarted when it arrived, runs out propagation + detection time later. (The death falls anywhere in a transmit
/// interval, jittered to 75–100 % of <c>bfd_interval</c> by RFC 5880 §6.8.7, so a real detection comes up to about one
/// interval sooner.) BFD coming back up does not gate anything (FRR's clients wait for it only with <c>strict</c>); a
/// session declared down is taken as up again when its peer is heard from (its control plane's alive signal on the link,
/// its OPEN), without the three-way handshake of RFC 5880 §6.2.
/// </para>
/// </summary>
public sealed class BfdSessions(ModelParameters parameters)
{
    /// <summary>The reason a client's session ends with (FRR's bgpd: "BFD down received").</summary>
    public const string DownReason = "BFD down: control detection time expired";
    public const string SingleHop = "single-hop", Multihop = "multihop";
    public const string IgpClient = "igp", BgpClient = "bgp";

    /// <summary>The sessions this router declared down and has not heard from since: a link's by its index, a BGP
    /// session's by the complement of its peer's node index (so the two never meet).</summary>
    private readonly SortedSet<int> _down = new();

    public static bool Enabled(ModelParameters p) => p.BfdIntervalMs > 0;

    /// <summary>RFC 5880 §6.8.4: the remote's detect multiplier × the agreed interval (both ends run the same figures).</summary>
    public static long DetectMs(ModelParameters p) => p.BfdMultiplier * p.BfdIntervalMs;

    /// <summary>
    /// How long after this router's control plane died the far end of a session declares it down, or null: BFD is off,
    /// or the router went dark (<paramref name="lightLost"/>, single hop) and the far end's loss of light
    /// (<c>carrier_loss_detect</c>) comes first.
    /// </summary>
    public static long? DownAfter(NodeContext ctx, ModelParameters p, double latencyMs, bool lightLost = false)
    {
        if (!Enabled(p)) return null;
        var detect = DetectMs(p);
        if (lightLost && detect >= p.CarrierLossDetectMs) return null;
        return Math.Max(ctx.Lookahead, (long)Math.Ceiling(latencyMs) + detect);
    }

    /// <summary>The session on a link declared its neighbour down; returns the <c>bfd.session_down</c> event, the cause of
    /// what the IGP does next.</summary>
    public long LinkDown(NodeContext ctx, RouterInterface iface, string neighbor, long cause)
    {
        _down.Add(iface.Link);
        return ctx.Emit(new BfdSessionDown(neighbor, iface.LinkName, SingleHop, IgpClient, DetectMs(parameters)), cause);
    }

    /// <summary>The neighbour on a link is alive again: a session declared down comes back up.</summary>
    public void LinkHeard(NodeContext ctx, RouterInterface iface, string neighbor, long cause)
    {
        if (_down.Remove(iface.Link)) ctx.Emit(new BfdSessionUp(neighbor, iface.LinkName, SingleHop, IgpClient), cause);
    }

    /// <summary>The session of a BGP session declared its peer down; returns the <c>bfd.session_down</c> event.</summary>
    public long SessionDown(NodeContext ctx, BgpSession s, long cause)
    {
        _down.Add(~s.Peer);
        return ctx.Emit(new BfdSessionDown(s.PeerName, null, s.IsIbgp ? Multihop : SingleHop, BgpClient, DetectMs(parameters)), cause);
    }

    /// <summary>A BGP peer is heard from again (its OPEN): a session declared down comes back up.</summary>
    public void SessionHeard(NodeContext ctx, BgpSession s, long cause)
    {
        if (_down.Remove(~s.Peer)) ctx.Emit(new BfdSessionUp(s.PeerName, null, s.IsIbgp ? Multihop : SingleHop, BgpClient), cause);
    }

    /// <summary>This router's own control plane died, and bfdd with it: its sessions are gone, and start afresh when it is back.</summary>
    public void Clear() => _down.Clear();
}
