using System.Net;
using BackboneSim.Engine;
using BackboneSim.Model.DataPlane;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// A router's Flowspec rules in its forwarding hardware: the control plane hands the rules it wants
/// (<see cref="FlowspecSpeaker.Wanted"/>) to the hardware, which has them programmed after <c>fib_programming_base</c> +
/// rules ÷ <c>fib_entries_per_second</c> (the filter is rewritten whole, as a FIB batch is written); from then on they act
/// on every packet that arrives, on every interface: the data plane's traffic (<see cref="FlowspecInstall"/> to the
/// data-plane node), and the router's own control traffic: BGP from each peer (TCP port 179, to this router's
/// loopback, from the peer's loopback over iBGP; eBGP sources are not numbered) and the IGP's packets (OSPF, protocol
/// 89, to AllSPFRouters 224.0.0.5, RFC 2328 §A.1). A discard that matches BGP ends the sessions when their hold timers
/// run out; one that matches the IGP ends the adjacencies when the dead interval does (as the filters of
/// <see cref="BgpSpeaker"/> and <see cref="IgpProcess.SetIgpFilter"/> do). The hardware keeps its rules while the
/// control plane is down (a batch not yet programmed is lost) and loses them with the power.
/// </summary>
public sealed class FlowspecFilters(int routerNode, IgpDomain domain, ModelParameters parameters, int dataPlaneNode)
{
    /// <summary>Timer: the hardware finished programming the rules handed to it.</summary>
    public sealed record ProgrammedTimer;

    private static readonly PacketSignature IgpPackets = new(Prefix.Host(IPAddress.Parse("224.0.0.5")), null, IpProtocol.Ospf, WellKnownPort.None);

    private readonly FibProgramming _delay = new(parameters);
    private readonly TimerGroup _timer = new();
    private FlowspecRule[] _installed = [];
    private FlowspecRule[]? _pending;

    public IReadOnlyList<FlowspecRule> Installed => _installed;

    /// <summary>Hands the hardware the rules the control plane wants now (nothing when they are what it has or is
    /// programming). A newer set handed over while one is being programmed is what the hardware ends up with.</summary>
    public void Program(NodeContext ctx, FlowspecRule[] wanted, long cause)
    {
        if (Same(wanted, _pending ?? _installed)) return;
        var busy = _pending is not null;
        _pending = wanted;
        if (!busy) _timer.Set(ctx, ctx.Now + Math.Max(1, _delay.DelayMs(Math.Max(1, wanted.Length))), new ProgrammedTimer(), cause);
    }

    /// <summary>The hardware programmed the rules: they act from now on. Returns the event that says so, or 0 when
    /// nothing changed.</summary>
    public long OnProgrammed(NodeContext ctx, IReadOnlyCollection<BgpSession> sessions)
    {
        if (_pending is not { } rules) return 0;
        _pending = null;
        if (Same(rules, _installed)) return 0;
        var before = _installed.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        var after = rules.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        _installed = rules;
        var dropsBgp = sessions.Where(DropsBgp).Select(s => s.PeerName).ToList();
        var e = ctx.Emit(new FlowspecInstalled(domain.NameOf(routerNode), rules.Length,
            string.Join(' ', after.Except(before).Order(StringComparer.Ordinal)), string.Join(' ', before.Except(after).Order(StringComparer.Ordinal)),
            dropsBgp.Count > 0 ? string.Join(' ', dropsBgp) : null, DropsIgp), ctx.CurrentCause);
        if (dataPlaneNode >= 0) ctx.Send(dataPlaneNode, ctx.Lookahead, new FlowspecInstall { Rules = rules }, e);
        return e;
    }

    /// <summary>The control plane stopped: a set not yet programmed is lost; with the power (<paramref name="dark"/>)
    /// the hardware loses what it had too (returns true then).</summary>
    public bool ControlPlaneDown(NodeContext ctx, bool dark, long cause)
    {
        _timer.CancelAll(ctx);
        _pending = null;
        if (!dark || _installed.Length == 0) return false;
        _installed = [];
        if (dataPlaneNode >= 0) ctx.Send(dataPlaneNode, ctx.Lookahead, new FlowspecInstall(), cause);
        return true;
    }

    /// <summary>Whether an installed discard rule drops BGP's packets from the session's peer.</summary>
    public bool DropsBgp(BgpSession s)
    {
        if (_installed.Length == 0) return false;
        var own = Loopbacks.Of(domain.Ordinal(routerNode));
        var peer = s.IsIbgp && domain.IsRouter(s.Peer) ? Loopbacks.Of(domain.Ordinal(s.Peer)) : (Prefix?)null;
        return FlowspecRules.First(_installed, new PacketSignature(own, peer, IpProtocol.Tcp, WellKnownPort.Bgp)) is { Discards: true };
    }

    /// <summary>Whether an installed discard rule drops the IGP's packets.</summary>
    public bool DropsIgp => _installed.Length > 0 && FlowspecRules.First(_installed, IgpPackets) is { Discards: true };

    private static bool Same(FlowspecRule[] a, FlowspecRule[] b)
    {
        if (a.Length != b.Length) return false;
        for (var i = 0; i < a.Length; i++)
            if (a[i].Key != b[i].Key || a[i].RateGbps != b[i].RateGbps) return false;
        return true;
    }
}
