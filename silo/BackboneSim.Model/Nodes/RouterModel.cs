using BackboneSim.Engine;
using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// A router: applies config pushes to its interfaces, runs a link-state IGP (adjacencies, LSA origination and
/// flooding, database sync on adjacency up, throttled SPF), tells attached DNS servers whether a data center is
/// reachable, and originates anycast prefixes to its eBGP peers while a local DNS server asks it to.
/// </summary>
public sealed class RouterModel : INodeModel
{
    private readonly RouterSpec _spec;
    private readonly IgpDomain _domain;
    private readonly ModelParameters _p;
    private readonly List<RouterInterface> _interfaces;
    private readonly int[] _healthSubscribers;
    private readonly (int AsNode, double LatencyMs)[] _ebgpPeers;
    private readonly long _operatorAsn;
    private readonly HashSet<string> _staticPrefixes;
    private readonly Dictionary<int, bool> _sessionUp = new();
    private bool _overload;
    private readonly Dictionary<string, SortedSet<int>> _anycastRequesters = new(StringComparer.Ordinal);
    private readonly Lsa?[] _lsdb;
    private bool _lsaPending, _spfPending, _floodPending;
    private long _lastFloodSent = long.MinValue / 2;
    // Batched work (LSA origination, SPF, paced flooding) is attributed to the latest change that asked for it:
    // the one that tipped the state, which is what "why?" should lead to.
    private long _lsaCause, _spfCause, _floodCause;
    private readonly SortedDictionary<int, SortedDictionary<int, Lsa>> _floodQueue = new();
    private readonly SpfThrottle _spfThrottle;
    private bool _dataCenterReachable = true;
    private bool _edgeReachable = true;

    public RouterModel(RouterSpec spec, IgpDomain domain, ModelParameters parameters, IEnumerable<RouterInterface> interfaces,
        IEnumerable<int> healthSubscribers, IEnumerable<(int, double)> ebgpPeers, IEnumerable<(string Prefix, int Requester)> initialAnycast, long operatorAsn,
        IEnumerable<string>? staticPrefixes = null)
    {
        _staticPrefixes = (staticPrefixes ?? []).ToHashSet(StringComparer.Ordinal);
        _spec = spec;
        _domain = domain;
        _p = parameters;
        _interfaces = interfaces.ToList();
        _healthSubscribers = healthSubscribers.ToArray();
        _ebgpPeers = ebgpPeers.ToArray();
        foreach (var (peer, _) in _ebgpPeers) _sessionUp[peer] = true;
        _operatorAsn = operatorAsn;
        _lsdb = (Lsa?[])domain.InitialLsdb.Clone();
        _spfThrottle = new SpfThrottle(parameters.SpfDelayMs, parameters.SpfSecondaryWaitMs, parameters.SpfMaxWaitMs);
        foreach (var (prefix, requester) in initialAnycast) Requesters(prefix).Add(requester);
    }

    public bool DataCenterReachable => _dataCenterReachable;
    public IReadOnlyList<RouterInterface> Interfaces => _interfaces;
    public Lsa? LsaOf(int routerNode) => _lsdb[_domain.Ordinal(routerNode)];

    public void Start(NodeContext ctx)
    {
        if (_healthSubscribers.Length == 0) return;
        // A router with DNS servers behind it checks once that the network it starts in can reach a data center.
        RunSpf(ctx, cause: 0, reportAlways: false);
    }

    public void Handle(NodeContext ctx, SimMessage message)
    {
        switch (message.Payload)
        {
            case ConfigPush push: ApplyPush(ctx, push); break;
            case CarrierSignal carrier: OnCarrier(ctx, carrier); break;
            case AdjacencyUpTimer timer: OnAdjacencyTimer(ctx, timer); break;
            case LsaOriginationTimer: OriginateLsa(ctx, _lsaCause); break;
            case FloodPacingTimer: _floodPending = false; SendQueuedFloods(ctx, _floodCause); break;
            case LinkStateUpdate update: OnLinkStateUpdate(ctx, message.From, update); break;
            case SpfTimer: _spfPending = false; RunSpf(ctx, _spfCause, reportAlways: false); break;
            case AnycastRequest request: OnAnycastRequest(ctx, message.From, request); break;
            case BgpUpdate: break; // inbound routes from the Internet do not matter to this model yet
            default: throw new InvalidOperationException($"router {_spec.Name} cannot handle {message.Payload.GetType().Name}");
        }
    }

    private void ApplyPush(NodeContext ctx, ConfigPush push)
    {
        var applied = ctx.Emit("config.applied", ctx.CurrentCause, _spec.Name, 0, ("action", push.Action), ("edits", push.Interfaces.Length));
        foreach (var edit in push.Interfaces)
            foreach (var iface in _interfaces.Where(i => i.Matches(edit.Match) && i.AdminUp != edit.AdminUp))
            {
                iface.AdminUp = edit.AdminUp;
                var e = ctx.Emit("interface.admin", applied, iface.LinkName, edit.AdminUp ? 1 : 0,
                    ("link", iface.LinkName), ("kind", iface.Kind), ("admin", edit.AdminUp ? "up" : "down"));
                // The far end sees light come or go after propagation plus its detection time.
                var delay = Math.Max(ctx.Lookahead, (long)Math.Ceiling(iface.LatencyMs) + _p.CarrierLossDetectMs);
                ctx.Send(iface.Peer, delay, new CarrierSignal { Link = iface.Link, PeerAdminUp = edit.AdminUp }, e);
                OnCarrierStateChanged(ctx, iface, e);
            }
        foreach (var edit in push.Igp) ApplyIgpEdit(ctx, edit, applied);
        foreach (var edit in push.Bgp) ApplyBgpEdit(ctx, edit, applied);
    }

    private void ApplyIgpEdit(NodeContext ctx, IgpEdit edit, long cause)
    {
        if (edit.Overload is { } overload && overload != _overload)
        {
            _overload = overload;
            ScheduleLsa(ctx, ctx.Emit("igp.overload", cause, _spec.Name, overload ? 1 : 0, ("overload", overload)));
        }
        if (edit.Metric is not { } metric) return;
        foreach (var iface in _interfaces.Where(i => i.Matches(edit.Match)))
        {
            var value = metric == 0 ? iface.ConfiguredMetric : metric;
            if (iface.Metric == value) continue;
            iface.Metric = value;
            ScheduleLsa(ctx, ctx.Emit("igp.metric", cause, iface.LinkName, value, ("link", iface.LinkName), ("metric", value)));
        }
    }

    private void ApplyBgpEdit(NodeContext ctx, BgpSessionEdit edit, long cause)
    {
        foreach (var (peer, latency) in _ebgpPeers)
        {
            if (edit.Peer != "*" && edit.Peer != _domain.NameOf(peer)) continue;
            var up = !edit.Shutdown;
            if (_sessionUp[peer] == up) continue;
            _sessionUp[peer] = up;
            var e = ctx.Emit(up ? "bgp.session_up" : "bgp.session_down", cause, _domain.NameOf(peer), up ? 1 : 0, ("peer", _domain.NameOf(peer)));
            // A session that closes takes every route with it; one that opens carries everything we originate.
            foreach (var prefix in Originated())
                ctx.Send(peer, Math.Max(ctx.Lookahead, (long)Math.Ceiling(latency) + _p.BgpProcessingMs),
                    new BgpUpdate { Prefix = prefix, AsPath = up ? [_operatorAsn] : null }, e);
        }
    }

    /// <summary>Prefixes this router announces now: the static ones and anycast prefixes some local DNS server asks for.</summary>
    private IEnumerable<string> Originated()
        => _staticPrefixes.Concat(_anycastRequesters.Where(kv => kv.Value.Count > 0).Select(kv => kv.Key)).Distinct().OrderBy(p => p, StringComparer.Ordinal);

    private void OnCarrier(NodeContext ctx, CarrierSignal carrier)
    {
        var iface = _interfaces.First(i => i.Link == carrier.Link);
        if (iface.PeerAdminUp == carrier.PeerAdminUp) return;
        iface.PeerAdminUp = carrier.PeerAdminUp;
        OnCarrierStateChanged(ctx, iface, ctx.CurrentCause);
    }

    private void OnCarrierStateChanged(NodeContext ctx, RouterInterface iface, long cause)
    {
        iface.Generation++;
        if (!iface.CarrierUp && iface.AdjacencyUp)
        {
            iface.AdjacencyUp = false;
            var e = ctx.Emit("igp.adjacency_down", cause, iface.LinkName, 0, ("link", iface.LinkName), ("neighbor", NameOf(ctx, iface.Peer)));
            ScheduleLsa(ctx, e);
        }
        else if (iface.CarrierUp && !iface.AdjacencyUp)
        {
            ctx.SetTimer(ctx.Now + _p.AdjacencyUpMs, new AdjacencyUpTimer { Link = iface.Link, Generation = iface.Generation }, cause);
        }
    }

    private void OnAdjacencyTimer(NodeContext ctx, AdjacencyUpTimer timer)
    {
        var iface = _interfaces.First(i => i.Link == timer.Link);
        if (iface.Generation != timer.Generation || !iface.CarrierUp || iface.AdjacencyUp) return;
        iface.AdjacencyUp = true;
        var e = ctx.Emit("igp.adjacency_up", ctx.CurrentCause, iface.LinkName, 1, ("link", iface.LinkName), ("neighbor", NameOf(ctx, iface.Peer)));
        // Database exchange: the neighbour gets everything this router knows; the newer entries flood on from there.
        var all = _lsdb.Where(l => l is not null).Cast<Lsa>().ToArray();
        ctx.Send(iface.Peer, FloodDelay(ctx, iface), new LinkStateUpdate { Lsas = all }, e);
        ScheduleLsa(ctx, e);
    }

    private void ScheduleLsa(NodeContext ctx, long cause)
    {
        _lsaCause = cause;
        if (_lsaPending) return;
        _lsaPending = true;
        ctx.SetTimer(ctx.Now + _p.LsaGenerationDelayMs, new LsaOriginationTimer(), cause);
    }

    private void OriginateLsa(NodeContext ctx, long cause)
    {
        _lsaPending = false;
        var own = _lsdb[_domain.Ordinal(_spec.Node)]!;
        var up = _interfaces.Where(i => i.AdjacencyUp).ToList();
        var lsa = new Lsa
        {
            Origin = _spec.Node, Sequence = own.Sequence + 1, Neighbors = up.Select(i => i.Peer).ToArray(),
            Metrics = up.Select(i => i.Metric).ToArray(), DataCenter = own.DataCenter, Edge = own.Edge, Overload = _overload,
        };
        _lsdb[_domain.Ordinal(_spec.Node)] = lsa;
        var e = ctx.Emit("igp.lsa_originated", cause, _spec.Name, lsa.Sequence, ("seq", lsa.Sequence), ("adjacencies", up.Count));
        Flood(ctx, [lsa], exceptPeer: -1, e);
        ScheduleSpf(ctx, e);
    }

    private void OnLinkStateUpdate(NodeContext ctx, int from, LinkStateUpdate update)
    {
        var newer = new List<Lsa>();
        foreach (var lsa in update.Lsas)
        {
            if (lsa.Origin == _spec.Node) continue; // our own LSA comes back: ours is authoritative
            var ord = _domain.Ordinal(lsa.Origin);
            if (_lsdb[ord] is { } have && have.Sequence >= lsa.Sequence) continue;
            _lsdb[ord] = lsa;
            newer.Add(lsa);
        }
        if (newer.Count == 0) return;
        Flood(ctx, newer.ToArray(), exceptPeer: from, ctx.CurrentCause);
        ScheduleSpf(ctx, ctx.CurrentCause);
    }

    private void Flood(NodeContext ctx, Lsa[] lsas, int exceptPeer, long cause)
    {
        foreach (var iface in _interfaces)
        {
            if (!iface.AdjacencyUp || iface.Peer == exceptPeer) continue;
            if (!_floodQueue.TryGetValue(iface.Peer, out var queue)) _floodQueue[iface.Peer] = queue = new SortedDictionary<int, Lsa>();
            foreach (var lsa in lsas)
                if (!queue.TryGetValue(lsa.Origin, out var queued) || queued.Sequence < lsa.Sequence) queue[lsa.Origin] = lsa;
        }
        if (_floodQueue.Count == 0) return;
        _floodCause = cause;
        if (_floodPending) return;
        // Pacing lets the first burst out at once and holds what follows until the interval has passed.
        if (ctx.Now >= _lastFloodSent + _p.FloodPerHopMs) { SendQueuedFloods(ctx, cause); return; }
        _floodPending = true;
        ctx.SetTimer(_lastFloodSent + _p.FloodPerHopMs, new FloodPacingTimer(), cause);
    }

    private void SendQueuedFloods(NodeContext ctx, long cause)
    {
        _lastFloodSent = ctx.Now;
        foreach (var (peer, queue) in _floodQueue)
        {
            // One copy per neighbour router even over parallel links: the first live adjacency carries it.
            var iface = _interfaces.FirstOrDefault(i => i.Peer == peer && i.AdjacencyUp);
            if (iface is null) continue;
            var delay = Math.Max(ctx.Lookahead, (long)Math.Ceiling(iface.LatencyMs));
            ctx.Send(peer, delay, new LinkStateUpdate { Lsas = queue.Values.ToArray() }, cause);
        }
        _floodQueue.Clear();
    }

    private long FloodDelay(NodeContext ctx, RouterInterface iface)
        => Math.Max(ctx.Lookahead, (long)Math.Ceiling(iface.LatencyMs) + _p.FloodPerHopMs);

    private void ScheduleSpf(NodeContext ctx, long cause)
    {
        if (_healthSubscribers.Length == 0) return; // only routers with DNS behind them act on SPF yet
        _spfCause = cause;
        if (_spfPending) return;
        _spfPending = true;
        ctx.SetTimer(_spfThrottle.NextRun(ctx.Now), new SpfTimer(), cause);
    }

    private void RunSpf(NodeContext ctx, long cause, bool reportAlways)
    {
        var dist = ShortestPathFirst.Distances(_lsdb, _domain.FirstRouterNode, _domain.Ordinal(_spec.Node));
        string? nearest = null;
        var best = double.PositiveInfinity;
        for (var i = 0; i < dist.Length; i++)
            if (_lsdb[i]?.DataCenter is { } dc && dist[i] < best) { best = dist[i]; nearest = dc; }
        var reachable = nearest is not null;
        var edges = 0;
        for (var i = 0; i < dist.Length; i++)
            if (_lsdb[i] is { Edge: true } && !double.IsPositiveInfinity(dist[i])) edges++;
        var edgeReachable = edges > 0;
        if (reachable == _dataCenterReachable && edgeReachable == _edgeReachable && !reportAlways) return;
        long e;
        if (reachable != _dataCenterReachable || reportAlways)
            e = ctx.Emit("igp.dc_reachability", cause, _spec.Name, reachable ? 1 : 0,
                ("reachable", reachable), ("nearest_dc", nearest), ("metric", reachable ? (long)best : null));
        else
            e = ctx.Emit("igp.edge_reachability", cause, _spec.Name, edgeReachable ? 1 : 0, ("reachable", edgeReachable), ("edge_routers", edges));
        (_dataCenterReachable, _edgeReachable) = (reachable, edgeReachable);
        foreach (var dns in _healthSubscribers)
            ctx.Send(dns, Math.Max(ctx.Lookahead, _p.LocalHopMs), new ReachabilityReport { DataCenterReachable = reachable, EdgeReachable = edgeReachable }, e);
    }

    private void OnAnycastRequest(NodeContext ctx, int from, AnycastRequest request)
    {
        foreach (var prefix in request.Prefixes.Where(p => !_staticPrefixes.Contains(p))) // static ones never follow a health check
        {
            var set = Requesters(prefix);
            var before = set.Count > 0;
            if (request.Announce) set.Add(from); else set.Remove(from);
            var after = set.Count > 0;
            if (before == after || _ebgpPeers.Length == 0) continue;
            var e = ctx.Emit(after ? "bgp.origin_announce" : "bgp.origin_withdraw", ctx.CurrentCause, prefix, after ? 1 : 0,
                ("prefix", prefix), ("peers", _ebgpPeers.Count(x => _sessionUp[x.AsNode])));
            var update = new BgpUpdate { Prefix = prefix, AsPath = after ? [_operatorAsn] : null };
            foreach (var (asNode, latency) in _ebgpPeers.Where(p => _sessionUp[p.AsNode]))
                ctx.Send(asNode, Math.Max(ctx.Lookahead, (long)Math.Ceiling(latency) + _p.BgpProcessingMs), update, e);
        }
    }

    private SortedSet<int> Requesters(string prefix)
    {
        if (!_anycastRequesters.TryGetValue(prefix, out var set)) _anycastRequesters[prefix] = set = new SortedSet<int>();
        return set;
    }

    private string NameOf(NodeContext _, int node) => _domain.NameOf(node);
}
