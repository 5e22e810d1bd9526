using BackboneSim.Engine;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// A router's interfaces as hardware: administrative state, the light each end gives, cut fibre, and whether the far
/// end's control plane answers. It tells neighbours when its light comes or goes; what an interface's state change
/// means for adjacencies is the IGP's business (<see cref="IgpProcess.OnCarrierChanged"/>).
/// </summary>
public sealed class PhysicalLayer(ModelParameters parameters, IEnumerable<RouterInterface> interfaces)
{
    private readonly List<RouterInterface> _interfaces = interfaces.ToList();

    public IReadOnlyList<RouterInterface> Interfaces => _interfaces;

    public RouterInterface On(int link) => _interfaces.First(i => i.Link == link);

    /// <summary>The far end sees light come or go after propagation plus its detection time.</summary>
    public void SendCarrier(NodeContext ctx, RouterInterface iface, bool up, long cause)
    {
        var delay = Math.Max(ctx.Lookahead, (long)Math.Ceiling(iface.LatencyMs) + parameters.CarrierLossDetectMs);
        ctx.Send(iface.Peer, delay, new CarrierSignal { Link = iface.Link, PeerAdminUp = up }, cause);
    }

    /// <summary>Every administratively up interface gives (or stops giving) light.</summary>
    public void SetLight(NodeContext ctx, bool on, long cause)
    {
        foreach (var iface in _interfaces.Where(i => i.AdminUp)) SendCarrier(ctx, iface, on, cause);
    }

    /// <summary>Sets an interface's admin state; returns the <c>interface.admin</c> event, or null if nothing changed.</summary>
    public long? SetAdmin(NodeContext ctx, RouterInterface iface, bool up, long cause)
    {
        if (iface.AdminUp == up) return null;
        iface.AdminUp = up;
        var e = ctx.Emit(new InterfaceAdmin(iface.LinkName, iface.Kind, up), cause);
        iface.ChangeCause = e;
        SendCarrier(ctx, iface, up, e);
        return e;
    }

    /// <summary>The far end's admin state as its light shows; the interface if it changed.</summary>
    public RouterInterface? OnCarrier(CarrierSignal carrier)
    {
        var iface = On(carrier.Link);
        if (iface.PeerAdminUp == carrier.PeerAdminUp) return null;
        iface.PeerAdminUp = carrier.PeerAdminUp;
        return iface;
    }

    /// <summary>The far end's control plane answers again, or went silent; the interface if that is news.</summary>
    public RouterInterface? OnPeerAlive(int link, bool alive, int epoch)
    {
        var iface = On(link);
        if (alive) iface.PeerLife.Heard(epoch);
        else if (iface.PeerLife.Outlived(epoch)) return null; // the neighbour has rebooted since: old news
        if (iface.PeerAlive == alive) return null;
        iface.PeerAlive = alive;
        return iface;
    }

    /// <summary>The fibre is cut (or spliced); the interface if its carrier changed.</summary>
    public RouterInterface? OnLinkCut(LinkCut cut)
    {
        var iface = On(cut.Link);
        var before = iface.CarrierUp;
        if (cut.Cut) iface.Cuts.Add(cut.Action); else iface.Cuts.Remove(cut.Action);
        return before != iface.CarrierUp ? iface : null;
    }

    // A router whose control plane is down still keeps track of its links' physical state, without acting on it.

    public void TrackCarrier(CarrierSignal carrier) => On(carrier.Link).PeerAdminUp = carrier.PeerAdminUp;

    public void TrackPeerSilent(PeerSilent silent) => TrackPeerSilent(silent.Link, silent.Epoch);

    /// <summary>The far end went silent (its hold time, or its BFD session, ran out) in life <paramref name="epoch"/>.</summary>
    public void TrackPeerSilent(int link, int epoch)
    {
        var quiet = On(link);
        if (!quiet.PeerLife.Outlived(epoch)) quiet.PeerAlive = false;
    }

    public void TrackPeerAlive(PeerAlive alive)
    {
        var back = On(alive.Link);
        back.PeerLife.Heard(alive.Epoch);
        back.PeerAlive = true;
    }
}
