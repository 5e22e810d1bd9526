using BackboneSim.Engine;
using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// A router's link-state IGP (IS-IS/OSPF-like): adjacencies that form by hellos after carrier returns
/// (<see cref="AdjacencyFormation"/>),
/// its own LSA originated after a throttled wait (<c>lsa_generation_delay</c>, then growing), flooding paced per neighbour (<c>flood_per_hop</c>),
/// database exchange when an adjacency comes up, MinLSArrival on reception with the sender's retransmission of what was
/// discarded (<c>igp_min_ls_arrival</c>, <c>igp_retransmit_interval</c>), and SPF runs throttled by
/// <see cref="SpfThrottle"/>. It owns the link-state database; what an SPF run's result is used for is
/// <see cref="RouteComputation"/>'s business.
/// </summary>
public sealed class IgpProcess
{
    private readonly RouterSpec _spec;
    private readonly IgpDomain _domain;
    private readonly ModelParameters _p;
    private readonly PhysicalLayer _physical;
    private readonly Func<bool> _spfWanted;
    private readonly LinkStateDatabase _lsdb;
    private bool _lsaPending, _spfPending, _floodPending;
    private long _lastFloodSent = long.MinValue / 2;
    // Batched work (LSA origination, SPF, paced flooding) is attributed to the latest change that asked for it:
    // the one that tipped the state, which is what "why?" should lead to.
    private long _lsaCause, _spfCause, _floodCause;
    private readonly FloodQueue _floodQueue = new();
    private readonly List<Lsa> _newer = new();
    /// <summary>Newer LSAs of an update discarded for MinLSArrival (reused from update to update).</summary>
    private readonly List<Lsa> _discarded = new();
    /// <summary>When each origin's LSA was last installed from a neighbour, within the MinLSArrival window.</summary>
    private readonly LsaArrivals _arrivals;
    private readonly SpfThrottle _spfThrottle;
    /// <summary>LSA generation throttling: the same exponential back-off as SPF's, with its own waits.</summary>
    private readonly SpfThrottle _lsaThrottle;

    /// <summary>Timer: originate this router's LSA now.</summary>
    public sealed record LsaTimer;
    /// <summary>Timer: run SPF now (the router hands it to <see cref="RouteComputation"/>).</summary>
    public sealed record SpfTimer;
    /// <summary>Timer: the flooding pacing interval ended; send the LSAs queued per neighbour.</summary>
    public sealed record FloodTimer;
    /// <summary>Timer: an adjacency that started forming on a link may now be up (if nothing changed meanwhile).</summary>
    public sealed record AdjacencyTimer(int Link);

    /// <summary>Timer: the dead interval ran out on a link whose IGP packets a filter drops.</summary>
    public sealed record FilteredDead(int Link);

    /// <summary>The reason an adjacency goes down when a filter dropped the neighbour's hellos for the dead interval.</summary>
    public const string FilteredReason = "dead interval: a filter drops the IGP's packets";

    /// <param name="spfWanted">Whether anything on this router acts on an SPF result; if not, SPF never runs.</param>
    public IgpProcess(RouterSpec spec, IgpDomain domain, ModelParameters parameters, PhysicalLayer physical, bool overload, Func<bool> spfWanted)
    {
        _spec = spec;
        _domain = domain;
        _p = parameters;
        _physical = physical;
        _spfWanted = spfWanted;
        Overload = overload;
        _lsdb = new LinkStateDatabase(domain);
        _arrivals = new LsaArrivals(parameters.IgpMinLsArrivalMs);
        _spfThrottle = new SpfThrottle(parameters.SpfDelayMs, parameters.SpfSecondaryWaitMs, parameters.SpfMaxWaitMs);
        _lsaThrottle = new SpfThrottle(parameters.LsaGenerationDelayMs, parameters.LsaSecondaryWaitMs, parameters.LsaMaxWaitMs);
        Graceful = new OspfGracefulRestart(spec, domain, parameters, physical, this);
    }

    /// <summary>Graceful restart (RFC 3623), as the restarting router and as a helper; inert unless <c>igp_graceful_restart</c> is set.</summary>
    public OspfGracefulRestart Graceful { get; }

    public bool Overload { get; private set; }
    /// <summary>Nothing has changed since the converged start: no LSA originated or learned, no adjacency changed, the
    /// process never stopped. An SPF run now gives the start tree, which the FIB already holds.</summary>
    public bool AtStart { get; private set; } = true;
    public IReadOnlyList<Lsa?> Lsdb => _lsdb;
    public IgpDomain Domain => _domain;
    public Lsa? LsaOf(int routerNode) => _lsdb[_domain.Ordinal(routerNode)];

    /// <summary>Shortest distances from this router to every router, by ordinal (infinity where unreachable).</summary>
    public double[] Distances() => DistancesFrom(_domain.Ordinal(_spec.Node));

    public double[] DistancesFrom(int ordinal) => ShortestPathFirst.Distances(_lsdb, _domain.FirstRouterNode, ordinal);

    /// <summary>An SPF run with the first hops towards every router, for the FIB (<see cref="SpfTree"/>).</summary>
    public SpfTree Tree() => SpfTree.Compute(_lsdb, _domain.FirstRouterNode, _domain.Ordinal(_spec.Node), _physical.Interfaces, _p.EcmpMaxPaths);

    /// <summary>Which routers this one can reach at all, by ordinal: a breadth-first search, for when distances do not matter.</summary>
    public bool[] Reachable() => ShortestPathFirst.Reachable(_lsdb, _domain.FirstRouterNode, _domain.Ordinal(_spec.Node));

    /// <summary>The cause of the SPF run the timer asks for (the latest change that asked), clearing the request.</summary>
    public long TakeSpfRequest()
    {
        _spfPending = false;
        return _spfCause;
    }

    public void OnLsaTimer(NodeContext ctx) => OriginateLsa(ctx, _lsaCause);

    public void OnFloodTimer(NodeContext ctx)
    {
        _floodPending = false;
        SendQueuedFloods(ctx, _floodCause);
    }

    /// <summary>An interface's carrier changed: an adjacency on it goes down at once (<paramref name="reason"/>: set when
    /// BFD took it down), or starts forming.</summary>
    public void OnCarrierChanged(NodeContext ctx, RouterInterface iface, long cause, string? reason = null)
    {
        AtStart = false;
        iface.AdjacencyTimer.CancelAll(ctx);
        var usable = iface.CarrierUp && !iface.IgpDead;
        if (!usable && Graceful.IsHelping) Graceful.LinkLost(ctx, iface, cause);
        if (!usable && iface.AdjacencyUp)
        {
            iface.AdjacencyUp = false;
            var e = ctx.Emit(new IgpAdjacencyDown(iface.LinkName, _domain.NameOf(iface.Peer), reason), cause);
            ScheduleLsa(ctx, e);
        }
        if (!usable) AdjacencyFormation.Reset(ctx, iface);
        else if (!iface.AdjacencyUp) AdjacencyFormation.Start(ctx, iface, _p, cause);
    }

    /// <summary>
    /// A filter that drops the IGP's packets arriving on an interface goes on or off. On: the neighbour's hellos stop
    /// arriving, so the adjacency ends when the dead interval (<c>igp_hold</c>) runs out; this end's next hello no longer
    /// lists the neighbour, which drops it too (1-WayReceived, RFC 2328 §10.5); none forms while the filter stays. Off
    /// within the dead interval: nothing happened. Off later: the adjacency forms again by hellos.
    /// </summary>
    public void SetIgpFilter(NodeContext ctx, RouterInterface iface, bool deny, long cause)
    {
        var before = iface.DropsIgp;
        iface.DenyIgp = deny;
        if (iface.DropsIgp != before) FilterChanged(ctx, iface, cause);
    }

    /// <summary>The Flowspec rules the hardware applies now drop (or pass) the IGP's packets on every interface: as
    /// <see cref="SetIgpFilter"/>, for each interface whose filtering changes.</summary>
    public void SetFlowspecFilter(NodeContext ctx, bool drops, long cause)
    {
        foreach (var iface in _physical.Interfaces)
        {
            if (iface.FlowspecDropsIgp == drops) continue;
            var before = iface.DropsIgp;
            iface.FlowspecDropsIgp = drops;
            if (iface.DropsIgp != before) FilterChanged(ctx, iface, cause);
        }
    }

    private void FilterChanged(NodeContext ctx, RouterInterface iface, long cause)
    {
        iface.IgpDeadTimer.CancelAll(ctx);
        if (iface.DropsIgp) { if (!iface.IgpDead) iface.IgpDeadTimer.Set(ctx, ctx.Now + _p.IgpHoldMs, new FilteredDead(iface.Link), cause); return; }
        if (!iface.IgpDead) return;
        iface.IgpDead = false;
        OnCarrierChanged(ctx, iface, cause);
    }

    public void OnFilteredDead(NodeContext ctx, FilteredDead timer)
    {
        var iface = _physical.On(timer.Link);
        if (!iface.DropsIgp || iface.IgpDead) return;
        iface.IgpDead = true;
        var wasUp = iface.AdjacencyUp;
        OnCarrierChanged(ctx, iface, ctx.CurrentCause, wasUp ? FilteredReason : null);
        // The next hello this end sends no longer lists the neighbour.
        if (wasUp && iface.CarrierUp)
            ctx.Send(iface.Peer, Math.Max(ctx.Lookahead, (long)Math.Ceiling(iface.LatencyMs)), new IgpHello { Link = iface.Link, SeenYou = false }, ctx.CurrentCause);
    }

    /// <summary>This end's next hello while an adjacency forms.</summary>
    public void OnHelloTimer(NodeContext ctx, AdjacencyFormation.HelloTimer timer) => AdjacencyFormation.OnHelloTimer(ctx, _physical.On(timer.Link), _p);

    /// <summary>A hello or Database Description from the far end of a link. While the adjacency forms it moves
    /// formation on; on a full adjacency, a hello that does not list this router says the far end restarted and
    /// forgot it (RFC 2328 §10.5, 1-WayReceived): the adjacency goes down at once and forms again.</summary>
    public void OnHello(NodeContext ctx, IgpHello hello)
    {
        var iface = _physical.On(hello.Link);
        if (iface.DropsIgp) return; // the filter drops it
        if (Graceful.OnHello(ctx, iface, hello)) return; // a restarting neighbour being helped keeps its adjacency
        if (iface.AdjacencyUp && iface.CarrierUp && !hello.SeenYou && !hello.DatabaseDescription)
        {
            AtStart = false;
            iface.AdjacencyUp = false;
            iface.AdjacencyTimer.CancelAll(ctx);
            var e = ctx.Emit(new IgpAdjacencyDown(iface.LinkName, _domain.NameOf(iface.Peer)), ctx.CurrentCause);
            ScheduleLsa(ctx, e);
            AdjacencyFormation.FarEndRestarted(ctx, iface, _p, e);
            return;
        }
        AdjacencyFormation.OnHello(ctx, iface, hello, _lsdb.Known(), new AdjacencyTimer(hello.Link));
    }

    public void OnAdjacencyTimer(NodeContext ctx, AdjacencyTimer timer)
    {
        var iface = _physical.On(timer.Link);
        if (!iface.CarrierUp || iface.IgpDead || iface.AdjacencyUp) return;
        iface.AdjacencyUp = true;
        iface.AdjacencyUpSince = ctx.Now;
        AdjacencyFormation.Reset(ctx, iface);
        var e = ctx.Emit(new IgpAdjacencyUp(iface.LinkName, _domain.NameOf(iface.Peer)), ctx.CurrentCause);
        // Database exchange: the neighbour gets everything this router knows; the newer entries flood on from there.
        // In OSPF the LSAs a neighbour lacks reach it in the Loading state, before Full (RFC 2328 §10.9), so it has
        // them before it originates the LSA that lists this router and floods on: here one message, unpaced, and
        // each end originates once the far end's database has arrived (at once if it already has).
        var all = _lsdb.Where(l => l is not null).Cast<Lsa>().ToArray();
        ctx.Send(iface.Peer, OneWayDelay(ctx, iface), new LinkStateUpdate { Lsas = all, SentAt = ctx.Now, DatabaseLink = iface.Link }, e);
        if (iface.DatabaseAt >= iface.TwoWaySince) ScheduleLsa(ctx, e);
        else iface.AwaitingDatabase = true;
        Graceful.AdjacencyUp(ctx, e);
    }

    /// <summary>
    /// A helper stopped helping a neighbour that had not begun to re-form the adjacency: it goes down now, as the dead
    /// interval or the neighbour's first hello would have taken it, and forms again by hellos; the hellos this end sends
    /// no longer list the neighbour, so a restarting router that thought it full drops it too (1-WayReceived).
    /// </summary>
    public void DropAfterGrace(NodeContext ctx, RouterInterface iface, string reason, long cause)
    {
        if (!iface.AdjacencyUp) return;
        AtStart = false;
        iface.AdjacencyUp = false;
        iface.AdjacencyTimer.CancelAll(ctx);
        var e = ctx.Emit(new IgpAdjacencyDown(iface.LinkName, _domain.NameOf(iface.Peer), reason), cause);
        ScheduleLsa(ctx, e);
        if (iface.CarrierUp && !iface.IgpDead) AdjacencyFormation.Start(ctx, iface, _p, e);
    }

    /// <summary>The control plane stopped: every adjacency is gone and nothing batched will be sent.
    /// <paramref name="forwardingSurvives"/>: the FIB goes on forwarding (not a crash), so the restart may be graceful.</summary>
    public void Stop(NodeContext ctx, bool forwardingSurvives = false)
    {
        AtStart = false;
        Graceful.ControlPlaneStopped(ctx, forwardingSurvives);
        foreach (var iface in _physical.Interfaces)
        {
            iface.AdjacencyUp = false;
            iface.AdjacencyTimer.CancelAll(ctx);
            iface.IgpDeadTimer.CancelAll(ctx);
            // A filter still on when the control plane comes back lets no hello in: nothing forms under it.
            iface.IgpDead = iface.DropsIgp;
            AdjacencyFormation.Reset(ctx, iface);
        }
        (_lsaPending, _spfPending, _floodPending) = (false, false, false);
        _floodQueue.Clear();
    }

    /// <summary>A crash forgets the link-state database (its own LSA's sequence number survives, as the network holds it).</summary>
    public void ForgetDatabase()
    {
        AtStart = false;
        var own = _domain.Ordinal(_spec.Node);
        for (var i = 0; i < _lsdb.Count; i++) if (i != own) _lsdb.Set(i, null);
        _arrivals.Clear();
    }

    public void SetOverload(NodeContext ctx, bool overload, long cause)
    {
        if (overload == Overload) return;
        Overload = overload;
        ScheduleLsa(ctx, ctx.Emit(new IgpOverload(_spec.Name, overload), cause));
    }

    public void SetMetric(NodeContext ctx, RouterInterface iface, int metric, long cause)
    {
        if (iface.Metric == metric) return;
        iface.Metric = metric;
        ScheduleLsa(ctx, ctx.Emit(new IgpMetric(iface.LinkName, metric), cause));
    }

    public void ScheduleLsa(NodeContext ctx, long cause)
    {
        // RFC 3623 §2.2 (1): a router in graceful restart originates no LSA of its own until it exits.
        if (Graceful.Restarting) return;
        _lsaCause = cause;
        if (_lsaPending) return;
        _lsaPending = true;
        ctx.SetTimer(_lsaThrottle.NextRun(ctx.Now), new LsaTimer(), cause);
    }

    private void OriginateLsa(NodeContext ctx, long cause)
    {
        AtStart = false;
        _lsaPending = false;
        var own = _lsdb[_domain.Ordinal(_spec.Node)]!;
        var up = _physical.Interfaces.Where(i => i.AdjacencyUp).ToList();
        var lsa = new Lsa
        {
            Origin = _spec.Node, Sequence = own.Sequence + 1, Neighbors = up.Select(i => i.Peer).ToArray(),
            Metrics = up.Select(i => i.Metric).ToArray(), DataCenter = own.DataCenter, Edge = own.Edge, Overload = Overload,
        };
        _lsdb.Set(_domain.Ordinal(_spec.Node), lsa);
        var e = ctx.Emit(new IgpLsaOriginated(_spec.Name, lsa.Sequence, up.Count), cause);
        Flood(ctx, [lsa], exceptPeer: -1, e);
        ScheduleSpf(ctx, e);
        Graceful.OnOwnLsa(ctx, own, lsa, e);
    }

    /// <summary>
    /// LSAs from a neighbour (flooded, from a database exchange, or retransmitted). A newer instance is installed and
    /// flooded on, unless the previous instance was installed less than <c>igp_min_ls_arrival</c> ago: then it is
    /// discarded without an acknowledgement (RFC 2328 §13 step (5)(a); FRR's ospf_flood compares with the database
    /// copy's receive time), and the sender, not acknowledged, sends it again <c>igp_retransmit_interval</c> after it
    /// sent it (§13.6; <see cref="LinkStateRetransmission"/>).
    /// </summary>
    public void OnLinkStateUpdate(NodeContext ctx, int from, LinkStateUpdate update)
    {
        var newer = _newer;
        newer.Clear();
        var minArrival = _p.IgpMinLsArrivalMs > 0;
        foreach (var lsa in update.Lsas)
        {
            if (lsa.Origin == _spec.Node) continue; // our own LSA comes back: ours is authoritative
            var ord = _domain.Ordinal(lsa.Origin);
            var before = _lsdb[ord];
            if (before is not null && before.Sequence >= lsa.Sequence) continue;
            if (minArrival)
            {
                if (before is not null && _arrivals.Recent(ord, ctx.Now)) { _discarded.Add(lsa); continue; }
                _arrivals.Installed(ord, ctx.Now);
            }
            _lsdb.Set(ord, lsa);
            newer.Add(lsa);
            if (Graceful.Restarting || Graceful.IsHelping) Graceful.OnNewerLsa(ctx, before, lsa, ctx.CurrentCause);
        }
        if (_discarded.Count > 0)
        {
            // Unacknowledged: the sender's retransmission timer fires igp_retransmit_interval after its send.
            var due = update.SentAt + _p.IgpRetransmitIntervalMs;
            ctx.Send(from, Math.Max(ctx.Lookahead, due - ctx.Now),
                new LinkStateRetransmission { Lsas = _discarded.ToArray(), SentAt = update.SentAt }, ctx.CurrentCause);
            _discarded.Clear();
        }
        if (update.DatabaseLink >= 0) DatabaseArrived(ctx, _physical.On(update.DatabaseLink));
        if (newer.Count == 0) return;
        AtStart = false;
        Flood(ctx, newer, exceptPeer: from, ctx.CurrentCause);
        ScheduleSpf(ctx, ctx.CurrentCause);
    }

    /// <summary>
    /// The far end's database exchange arrived (and what was newer in it is installed): on a full adjacency this router
    /// now originates the LSA that lists the far end; before this end is full, it will at full.
    /// </summary>
    private void DatabaseArrived(NodeContext ctx, RouterInterface iface)
    {
        iface.DatabaseAt = ctx.Now;
        if (!iface.AwaitingDatabase || !iface.AdjacencyUp) return;
        iface.AwaitingDatabase = false;
        ScheduleLsa(ctx, ctx.CurrentCause);
    }

    /// <summary>
    /// The retransmission timer for LSAs a neighbour discarded fired (see <see cref="LinkStateRetransmission"/>): if an
    /// adjacency with it has been up since before they were sent (a new adjacency's database exchange replaced the
    /// retransmission list), this router sends it its current instance of each, where that is the one discarded or
    /// newer, at once over that adjacency.
    /// </summary>
    public void OnRetransmission(NodeContext ctx, int peer, LinkStateRetransmission due)
    {
        RouterInterface? over = null;
        var interfaces = _physical.Interfaces;
        for (var k = 0; k < interfaces.Count && over is null; k++)
            if (interfaces[k].Peer == peer && interfaces[k].AdjacencyUp && interfaces[k].AdjacencyUpSince <= due.SentAt) over = interfaces[k];
        if (over is null) return;
        List<Lsa>? again = null;
        foreach (var lsa in due.Lsas)
            if (_lsdb[_domain.Ordinal(lsa.Origin)] is { } held && held.Sequence >= lsa.Sequence) (again ??= new()).Add(held);
        if (again is null) return;
        ctx.Send(peer, OneWayDelay(ctx, over), new LinkStateUpdate { Lsas = again.ToArray(), SentAt = ctx.Now }, ctx.CurrentCause);
    }

    private void Flood(NodeContext ctx, IReadOnlyList<Lsa> lsas, int exceptPeer, long cause)
    {
        var interfaces = _physical.Interfaces;
        for (var k = 0; k < interfaces.Count; k++)
        {
            var iface = interfaces[k];
            if (!iface.AdjacencyUp || iface.Peer == exceptPeer) continue;
            for (var l = 0; l < lsas.Count; l++) _floodQueue.Add(iface.Peer, lsas[l]);
        }
        if (_floodQueue.IsEmpty) return;
        _floodCause = cause;
        if (_floodPending) return;
        // Pacing lets the first burst out at once and holds what follows until the interval has passed.
        if (ctx.Now >= _lastFloodSent + _p.FloodPerHopMs) { SendQueuedFloods(ctx, cause); return; }
        _floodPending = true;
        ctx.SetTimer(_lastFloodSent + _p.FloodPerHopMs, new FloodTimer(), cause);
    }

    private void SendQueuedFloods(NodeContext ctx, long cause)
    {
        _lastFloodSent = ctx.Now;
        _floodQueue.Drain((peer, lsas) =>
        {
            // One copy per neighbour router even over parallel links: the first live adjacency carries it.
            if (FirstAdjacency(peer) is not { } iface) return;
            ctx.Send(peer, OneWayDelay(ctx, iface), new LinkStateUpdate { Lsas = lsas, SentAt = ctx.Now }, cause);
        });
    }

    private RouterInterface? FirstAdjacency(int peer)
    {
        var interfaces = _physical.Interfaces;
        for (var k = 0; k < interfaces.Count; k++)
            if (interfaces[k].Peer == peer && interfaces[k].AdjacencyUp) return interfaces[k];
        return null;
    }

    private static long OneWayDelay(NodeContext ctx, RouterInterface iface)
        => Math.Max(ctx.Lookahead, (long)Math.Ceiling(iface.LatencyMs));

    private void ScheduleSpf(NodeContext ctx, long cause)
    {
        if (!_spfWanted()) return; // nothing on this router acts on the result
        _spfCause = cause;
        if (_spfPending) return;
        _spfPending = true;
        ctx.SetTimer(_spfThrottle.NextRun(ctx.Now), new SpfTimer(), cause);
    }
}
