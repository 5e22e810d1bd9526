using BackboneSim.Engine;
using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// A router: applies config pushes to its configuration (interfaces, IGP, BGP sessions) and rolls them back from
/// a snapshot; runs a link-state IGP (adjacencies, LSA origination and flooding, database sync on adjacency up,
/// throttled SPF); tells attached DNS servers, data centers and users whether a data center is reachable; speaks
/// BGP through its <see cref="BgpSpeaker"/>. When the paths its sessions bring exceed what its control plane can
/// hold, the control plane fails: neighbours lose it when their hold timers run out, and it reboots. The timeline
/// can also crash it, cut its links, take its power or its control-plane job away (<see cref="FailurePlayer"/>).
/// </summary>
public sealed class RouterModel : INodeModel
{
    private readonly RouterSpec _spec;
    private readonly IgpDomain _domain;
    private readonly ModelParameters _p;
    private readonly List<RouterInterface> _interfaces;
    private readonly int[] _healthSubscribers;
    private readonly BgpSpeaker _bgp;
    private readonly long _routeCapacity;
    private bool _overload;
    /// <summary>The base configuration starts the IGP other than the design (a link down, a metric, a drain), so an
    /// iBGP peer may start out of reach.</summary>
    private readonly bool _baseChangesIgp;
    private bool _alive = true;
    /// <summary>The fail actions that keep the router dark (crashed or without power); it boots when none is left.</summary>
    private readonly SortedSet<string> _darkBy = new(StringComparer.Ordinal);
    /// <summary>Set from going dark until the reboot after power-on: its interfaces give light again only then.</summary>
    private bool _lightsOff;
    /// <summary>A lost control-plane job that must not restart by itself (<c>restart: false</c>) until recovered.</summary>
    private string? _cpHeldBy;
    /// <summary>The reboot under way; cancelled when it becomes moot (the router went dark, or a lost job holds it down).</summary>
    private readonly TimerGroup _reboot = new();
    private sealed record RebootDone;
    /// <summary>The configuration before each push, by push name: what a rollback of that push restores.</summary>
    private readonly Dictionary<string, ConfigSnapshot> _before = new(StringComparer.Ordinal);

    private sealed record ConfigSnapshot(Dictionary<int, (bool AdminUp, int Metric)> Interfaces, bool Overload,
        Dictionary<int, (BgpPolicySpec Policy, bool Shutdown)> Bgp);
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
    // Traffic of the front-ends behind this router (a PoP gateway): demand per client cohort, the path it takes
    // to the nearest data center, and the share the backbone delivers.
    private readonly int _trafficNode;
    private readonly SortedDictionary<int, double> _demand = new();
    private (int From, int To, int Links, double Share)[] _path = [];
    private string? _pathDataCenter;
    private double _delivered = 1;
    private bool _flowReported;
    private bool _pathStale = true;
    /// <summary>The router a preferred server route draws this gateway's traffic to, or -1 (the nearest data center).</summary>
    private int _egress = -1;
    /// <summary>The next hop BGP offered when the path was last worked out (the egress above unless the IGP cannot reach it).</summary>
    private int _offeredEgress = -1;

    public RouterModel(RouterSpec spec, IgpDomain domain, ModelParameters parameters, IEnumerable<RouterInterface> interfaces,
        IEnumerable<int> healthSubscribers, BgpSpeaker bgp, long routeCapacity, int trafficNode = -1, bool overload = false,
        bool baseChangesIgp = false)
    {
        _overload = overload;
        _baseChangesIgp = baseChangesIgp;
        _trafficNode = trafficNode;
        _spec = spec;
        _domain = domain;
        _p = parameters;
        _interfaces = interfaces.ToList();
        _healthSubscribers = healthSubscribers.ToArray();
        _bgp = bgp;
        _routeCapacity = routeCapacity;
        _lsdb = (Lsa?[])domain.InitialLsdb.Clone();
        _spfThrottle = new SpfThrottle(parameters.SpfDelayMs, parameters.SpfSecondaryWaitMs, parameters.SpfMaxWaitMs);
    }

    public bool DataCenterReachable => _dataCenterReachable;
    public bool ControlPlaneAlive => _alive;
    public BgpSpeaker Bgp => _bgp;
    public IReadOnlyList<RouterInterface> Interfaces => _interfaces;
    public Lsa? LsaOf(int routerNode) => _lsdb[_domain.Ordinal(routerNode)];

    public void Start(NodeContext ctx)
    {
        // A design whose steady state already breaks a limit shows it at once rather than at the first change.
        _bgp.CheckLimits(ctx, cause: 0);
        if (_bgp.RibPaths > _routeCapacity) { FailControlPlane(ctx); return; }
        if (_healthSubscribers.Length == 0)
        {
            // The iBGP start state assumes every peer reachable; a base configuration that cuts one off shows at
            // once (its session ends when the hold timer runs out). Otherwise there is nothing to check.
            if (_baseChangesIgp && _bgp.HasIbgp) RunSpf(ctx, cause: 0, reportAlways: false);
            return;
        }
        // A router with DNS servers behind it checks once that the network it starts in can reach a data center.
        RunSpf(ctx, cause: 0, reportAlways: false);
    }

    public bool Dark => _darkBy.Count > 0;

    public void Handle(NodeContext ctx, SimMessage message)
    {
        switch (message.Payload)
        {
            case LinkCut cut: OnLinkCut(ctx, cut); return;
            case PowerChange power: OnPower(ctx, power); return;
            case ControlPlaneLoss loss: OnControlPlaneLoss(ctx, loss); return;
        }
        if (!_alive) { HandleWhileDown(ctx, message); return; }
        switch (message.Payload)
        {
            case ConfigPush push: ApplyPush(ctx, push); break;
            case CarrierSignal carrier: OnCarrier(ctx, carrier); break;
            case PeerSilent { Link: >= 0 } silent: OnPeerAlive(ctx, silent.Link, false, silent.Epoch); break;
            case PeerAlive alive: OnPeerAlive(ctx, alive.Link, true, alive.Epoch); break;
            case AdjacencyUpTimer timer: OnAdjacencyTimer(ctx, timer); break;
            case LsaOriginationTimer: OriginateLsa(ctx, _lsaCause); break;
            case FloodPacingTimer: _floodPending = false; SendQueuedFloods(ctx, _floodCause); break;
            case LinkStateUpdate update: OnLinkStateUpdate(ctx, message.From, update); break;
            case SpfTimer: _spfPending = false; RunSpf(ctx, _spfCause, reportAlways: false); break;
            case AnycastRequest request: _bgp.OnAnycastRequest(ctx, message.From, request); break;
            case BgpOpen open: _bgp.OnOpen(ctx, message.From, open); break;
            case BgpNotification notification: _bgp.OnNotification(ctx, message.From, notification); break;
            case PeerSilent silent: _bgp.OnPeerSilent(ctx, message.From, silent); break;
            case RouteVolume volume: _bgp.OnVolume(ctx, message.From, volume); break;
            case BgpSpeaker.SessionTimer timer: _bgp.OnTimer(ctx, timer); break;
            case BgpSpeaker.ExportTimer: _bgp.OnExportTimer(ctx); break;
            case TrafficDemand demand:
                _demand[message.From] = demand.Gbps;
                if (_pathStale && demand.Gbps > 0) RunSpf(ctx, ctx.CurrentCause, reportAlways: false); // works the path out now
                else ReportFlow(ctx, ctx.CurrentCause);
                break;
            case FlowDelivery delivery: _delivered = delivery.Delivered; TellSubscribers(ctx, ctx.CurrentCause); break;
            case BgpUpdate: break; // Internet routes arrive as volumes (RouteVolume), not prefix by prefix
            case RebootDone: break;
            default: throw new InvalidOperationException($"router {_spec.Name} cannot handle {message.Payload.GetType().Name}");
        }
        if (_bgp.RibPaths > _routeCapacity) { FailControlPlane(ctx); return; }
        if (IsGateway && Egress() != _offeredEgress) RunSpf(ctx, ctx.CurrentCause, reportAlways: false);
    }

    private bool IsGateway => _trafficNode >= 0 && _healthSubscribers.Length > 0;

    /// <summary>Where a server route with a higher local preference than the default draws traffic: its next hop.</summary>
    private int Egress() => _bgp.BestServerRoute() is { LocalPref: > BgpPolicy.DefaultLocalPref, NextHop: >= 0 } r && r.NextHop != _spec.Node ? r.NextHop : -1;

    /// <summary>A failed control plane only keeps track of its links' physical state, and reboots.</summary>
    private void HandleWhileDown(NodeContext ctx, SimMessage message)
    {
        switch (message.Payload)
        {
            case RebootDone: Reboot(ctx); break;
            case CarrierSignal carrier: _interfaces.First(i => i.Link == carrier.Link).PeerAdminUp = carrier.PeerAdminUp; break;
            case PeerSilent { Link: >= 0 } silent:
                var quiet = _interfaces.First(i => i.Link == silent.Link);
                if (!quiet.PeerLife.Outlived(silent.Epoch)) quiet.PeerAlive = false;
                break;
            case PeerAlive alive:
                var back = _interfaces.First(i => i.Link == alive.Link);
                back.PeerLife.Heard(alive.Epoch);
                back.PeerAlive = true;
                break;
            case AnycastRequest request: _bgp.RecordAnycastRequest(message.From, request); break; // announced once it is back
            case TrafficDemand demand: _demand[message.From] = demand.Gbps; _pathStale = true; break;
            case ConfigPush push:
                ctx.Emit("config.unreachable", ctx.CurrentCause, _spec.Name, 0, ("action", push.Action),
                    ("reason", Dark ? "the router is down (crashed or without power)" : "the router's control plane is down"));
                break;
        }
    }

    private void FailControlPlane(NodeContext ctx)
    {
        var e = ctx.Emit("router.control_plane_failed", ctx.CurrentCause, _spec.Name, _bgp.RibPaths, ("paths", _bgp.RibPaths), ("capacity", _routeCapacity),
            ("reboot_ms", _p.ControlPlaneRebootMs));
        ControlPlaneDown(ctx, e, crash: false);
        _reboot.Set(ctx, ctx.Now + _p.ControlPlaneRebootMs, new RebootDone(), e);
    }

    /// <summary>
    /// The control plane stops: sessions end, adjacencies drop, nothing behind the router reaches a data center
    /// through it. After a control-plane failure the neighbours notice when their hold timers run out (the links
    /// still carry light); after a crash (<paramref name="crash"/>) the light goes out and they notice the carrier loss.
    /// </summary>
    private void ControlPlaneDown(NodeContext ctx, long e, bool crash)
    {
        _alive = false;
        foreach (var iface in _interfaces)
        {
            // Neighbours stop hearing hellos; their adjacencies end when their hold timers run out. (A cut link's
            // neighbour is told too, so it does not form an adjacency with a dead router once the fibre is spliced.)
            if (!crash && (iface.CarrierUp || iface.Cuts.Count > 0))
                ctx.Send(iface.Peer, Math.Max(ctx.Lookahead, _p.IgpHoldMs), new PeerSilent { Link = iface.Link, Epoch = _bgp.Epoch }, e);
            iface.AdjacencyUp = false;
            iface.AdjacencyTimer.CancelAll(ctx);
        }
        _bgp.Fail(ctx, e, carrierLost: crash);
        (_lsaPending, _spfPending, _floodPending) = (false, false, false);
        _floodQueue.Clear();
        (_dataCenterReachable, _edgeReachable) = (false, false);
        (_path, _pathDataCenter, _egress, _offeredEgress) = ([], null, -1, -1);
        ReportFlow(ctx, e);
        TellSubscribers(ctx, e);
    }

    private void Reboot(NodeContext ctx)
    {
        _alive = true;
        var e = ctx.Emit("router.control_plane_recovered", ctx.CurrentCause, _spec.Name, 1);
        if (_lightsOff)
        {
            // Back from a crash or power loss: the line cards give light again, and the neighbours see carrier return.
            _lightsOff = false;
            foreach (var iface in _interfaces.Where(i => i.AdminUp)) SendCarrier(ctx, iface, up: true, e);
        }
        foreach (var iface in _interfaces.Where(i => i.AdminUp && i.PeerAdminUp))
        {
            ctx.Send(iface.Peer, Math.Max(ctx.Lookahead, (long)Math.Ceiling(iface.LatencyMs)), new PeerAlive { Link = iface.Link, Epoch = _bgp.Epoch }, e);
            OnCarrierStateChanged(ctx, iface, e);
        }
        _bgp.Reboot(ctx, e);
        ScheduleLsa(ctx, e);
    }

    private void OnPeerAlive(NodeContext ctx, int link, bool alive, int epoch)
    {
        var iface = _interfaces.First(i => i.Link == link);
        if (alive) iface.PeerLife.Heard(epoch);
        else if (iface.PeerLife.Outlived(epoch)) return; // the neighbour has rebooted since: old news
        if (iface.PeerAlive == alive) return;
        iface.PeerAlive = alive;
        OnCarrierStateChanged(ctx, iface, ctx.CurrentCause);
    }

    private void ApplyPush(NodeContext ctx, ConfigPush push)
    {
        var applied = ctx.Emit("config.applied", ctx.CurrentCause, _spec.Name, 0, ("action", push.Action),
            ("edits", push.Interfaces.Length + push.Igp.Length + push.Bgp.Length), ("restores", push.RestoreOf));
        if (push.RestoreOf is { } undo)
        {
            if (_before.Remove(undo, out var snapshot)) Restore(ctx, snapshot, applied);
            return;
        }
        // The first push of a name keeps what it changes; a rollback of it restores exactly that.
        _before.TryAdd(push.Action, new ConfigSnapshot(_interfaces.ToDictionary(i => i.Link, i => (i.AdminUp, i.Metric)), _overload, _bgp.Snapshot()));
        foreach (var edit in push.Interfaces)
            foreach (var iface in _interfaces.Where(i => i.Matches(edit.Match))) SetAdmin(ctx, iface, edit.AdminUp, applied);
        foreach (var edit in push.Igp)
        {
            if (edit.Overload is { } overload) SetOverload(ctx, overload, applied);
            if (edit.Metric is { } metric) foreach (var iface in _interfaces.Where(i => i.Matches(edit.Match))) SetMetric(ctx, iface, metric, applied);
        }
        foreach (var edit in push.Bgp) _bgp.Apply(ctx, edit, applied);
    }

    private void Restore(NodeContext ctx, ConfigSnapshot snapshot, long cause)
    {
        foreach (var iface in _interfaces)
        {
            var (admin, metric) = snapshot.Interfaces[iface.Link];
            SetAdmin(ctx, iface, admin, cause);
            SetMetric(ctx, iface, metric, cause);
        }
        SetOverload(ctx, snapshot.Overload, cause);
        _bgp.Restore(ctx, snapshot.Bgp, cause);
    }

    private void SetAdmin(NodeContext ctx, RouterInterface iface, bool up, long cause)
    {
        if (iface.AdminUp == up) return;
        iface.AdminUp = up;
        var e = ctx.Emit("interface.admin", cause, iface.LinkName, up ? 1 : 0, ("link", iface.LinkName), ("kind", iface.Kind), ("admin", up ? "up" : "down"));
        SendCarrier(ctx, iface, up, e);
        OnCarrierStateChanged(ctx, iface, e);
    }

    /// <summary>The far end sees light come or go after propagation plus its detection time.</summary>
    private void SendCarrier(NodeContext ctx, RouterInterface iface, bool up, long cause)
    {
        var delay = Math.Max(ctx.Lookahead, (long)Math.Ceiling(iface.LatencyMs) + _p.CarrierLossDetectMs);
        ctx.Send(iface.Peer, delay, new CarrierSignal { Link = iface.Link, PeerAdminUp = up }, cause);
    }

    // ---- failures from the timeline (FailurePlayer) ------------------------------------------------------

    /// <summary>The fibre is cut (or spliced): this end loses (regains) carrier; a live router acts on it at once.</summary>
    private void OnLinkCut(NodeContext ctx, LinkCut cut)
    {
        var iface = _interfaces.First(i => i.Link == cut.Link);
        var before = iface.CarrierUp;
        if (cut.Cut) iface.Cuts.Add(cut.Action); else iface.Cuts.Remove(cut.Action);
        if (_alive && before != iface.CarrierUp) OnCarrierStateChanged(ctx, iface, ctx.CurrentCause);
    }

    /// <summary>
    /// A crash or power loss takes the whole router down: its light goes out (neighbours lose carrier), its control
    /// plane and forwarding stop and it forgets what it learned. When the last failure keeping it dark is over it
    /// boots, and is back after <c>control_plane_reboot</c>.
    /// </summary>
    private void OnPower(NodeContext ctx, PowerChange power)
    {
        var wasDark = Dark;
        if (power.On) _darkBy.Remove(power.Action); else _darkBy.Add(power.Action);
        if (wasDark == Dark) return;
        if (Dark)
        {
            var e = ctx.Emit("router.crashed", ctx.CurrentCause, _spec.Name, 0, ("reason", power.Reason), ("failure", power.Action));
            _reboot.CancelAll(ctx); // a reboot under way will not finish
            _cpHeldBy = null;    // the power cycle restarts every job
            _lightsOff = true;
            foreach (var iface in _interfaces.Where(i => i.AdminUp)) SendCarrier(ctx, iface, up: false, e);
            if (_alive) ControlPlaneDown(ctx, e, crash: true);
            // It forgets the link-state database (its own LSA's sequence number survives, as the network holds it).
            var own = _domain.Ordinal(_spec.Node);
            for (var i = 0; i < _lsdb.Length; i++) if (i != own) _lsdb[i] = null;
            return;
        }
        StartReboot(ctx, ctx.CurrentCause, power.Action);
    }

    private void StartReboot(NodeContext ctx, long cause, string failure)
    {
        var e = ctx.Emit("router.rebooting", cause, _spec.Name, 0, ("reboot_ms", _p.ControlPlaneRebootMs), ("failure", failure));
        _reboot.CancelAll(ctx);
        _reboot.Set(ctx, ctx.Now + _p.ControlPlaneRebootMs, new RebootDone(), e);
    }

    /// <summary>
    /// The control-plane job is lost, as when the control plane fails from overload: sessions end, neighbours notice
    /// after their hold timers, config pushes fail. It reboots after <c>control_plane_reboot</c>, or with
    /// <c>restart: false</c> only once the failure is recovered.
    /// </summary>
    private void OnControlPlaneLoss(NodeContext ctx, ControlPlaneLoss loss)
    {
        if (loss.Recover)
        {
            // Only a job held down by this failure needs the recovery; one that restarted by itself is back (or on its way).
            if (_cpHeldBy != loss.Action) return;
            _cpHeldBy = null;
            if (!Dark) StartReboot(ctx, ctx.CurrentCause, loss.Action);
            return;
        }
        if (Dark) return; // no job runs on a router without power
        if (!_alive)
        {
            // Already down (overloaded, rebooting): it stays down if this loss does not restart by itself.
            if (!loss.Restart) { _cpHeldBy = loss.Action; _reboot.CancelAll(ctx); }
            return;
        }
        var e = ctx.Emit("router.control_plane_lost", ctx.CurrentCause, _spec.Name, 0, ("restart", loss.Restart),
            ("reboot_ms", loss.Restart ? _p.ControlPlaneRebootMs : 0), ("failure", loss.Action));
        ControlPlaneDown(ctx, e, crash: false);
        if (loss.Restart) _reboot.Set(ctx, ctx.Now + _p.ControlPlaneRebootMs, new RebootDone(), e);
        else _cpHeldBy = loss.Action;
    }

    private void SetOverload(NodeContext ctx, bool overload, long cause)
    {
        if (overload == _overload) return;
        _overload = overload;
        ScheduleLsa(ctx, ctx.Emit("igp.overload", cause, _spec.Name, overload ? 1 : 0, ("overload", overload)));
    }

    private void SetMetric(NodeContext ctx, RouterInterface iface, int metric, long cause)
    {
        if (iface.Metric == metric) return;
        iface.Metric = metric;
        ScheduleLsa(ctx, ctx.Emit("igp.metric", cause, iface.LinkName, metric, ("link", iface.LinkName), ("metric", metric)));
    }

    private void OnCarrier(NodeContext ctx, CarrierSignal carrier)
    {
        var iface = _interfaces.First(i => i.Link == carrier.Link);
        if (iface.PeerAdminUp == carrier.PeerAdminUp) return;
        iface.PeerAdminUp = carrier.PeerAdminUp;
        OnCarrierStateChanged(ctx, iface, ctx.CurrentCause);
    }

    private void OnCarrierStateChanged(NodeContext ctx, RouterInterface iface, long cause)
    {
        iface.AdjacencyTimer.CancelAll(ctx);
        if (!iface.CarrierUp && iface.AdjacencyUp)
        {
            iface.AdjacencyUp = false;
            var e = ctx.Emit("igp.adjacency_down", cause, iface.LinkName, 0, ("link", iface.LinkName), ("neighbor", NameOf(ctx, iface.Peer)));
            ScheduleLsa(ctx, e);
        }
        else if (iface.CarrierUp && !iface.AdjacencyUp)
        {
            iface.AdjacencyTimer.Set(ctx, ctx.Now + _p.AdjacencyUpMs, new AdjacencyUpTimer { Link = iface.Link }, cause);
        }
    }

    private void OnAdjacencyTimer(NodeContext ctx, AdjacencyUpTimer timer)
    {
        var iface = _interfaces.First(i => i.Link == timer.Link);
        if (!iface.CarrierUp || iface.AdjacencyUp) return;
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
        if (_healthSubscribers.Length == 0 && !_bgp.HasIbgp) return; // nothing on this router acts on the result
        _spfCause = cause;
        if (_spfPending) return;
        _spfPending = true;
        ctx.SetTimer(_spfThrottle.NextRun(ctx.Now), new SpfTimer(), cause);
    }

    private void RunSpf(NodeContext ctx, long cause, bool reportAlways)
    {
        if (_healthSubscribers.Length == 0)
        {
            // Only iBGP needs the result, and only whether each peer can be reached: a breadth-first search will do.
            var canReach = ShortestPathFirst.Reachable(_lsdb, _domain.FirstRouterNode, _domain.Ordinal(_spec.Node));
            _bgp.OnReachability(ctx, peer => canReach[_domain.Ordinal(peer)], cause);
            return;
        }
        var dist = ShortestPathFirst.Distances(_lsdb, _domain.FirstRouterNode, _domain.Ordinal(_spec.Node));
        if (_bgp.HasIbgp) _bgp.OnReachability(ctx, peer => !double.IsPositiveInfinity(dist[_domain.Ordinal(peer)]), cause);
        var (nearest, best) = NearestDataCenter(dist);
        UpdatePath(ctx, dist, nearest, best, cause);
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
        TellSubscribers(ctx, e);
    }

    private void TellSubscribers(NodeContext ctx, long cause)
    {
        var report = new ReachabilityReport { DataCenterReachable = _dataCenterReachable, EdgeReachable = _edgeReachable, Delivered = _delivered };
        foreach (var subscriber in _healthSubscribers) ctx.Send(subscriber, Math.Max(ctx.Lookahead, _p.LocalHopMs), report, cause);
    }

    /// <summary>
    /// The front-ends' traffic goes to the nearest data center over every equal-cost shortest path, unless a server
    /// route with a higher local preference names another router: then it goes there first (BGP picks the exit, the
    /// IGP the way), and on from that router to the data center nearest to it.
    /// </summary>
    private void UpdatePath(NodeContext ctx, double[] dist, string? dataCenter, double best, long cause)
    {
        if (!IsGateway) return;
        _offeredEgress = Egress();
        // Only a gateway with front-end traffic needs the split; the others just remember to work it out later.
        _pathStale = _demand.Values.Sum() <= 0;
        if (_pathStale) return;
        // The front-ends hand traffic to every edge router of the PoP this one can still reach.
        var roots = _domain.SiteRouters(_spec.Node).Select(_domain.Ordinal).Where(o => !double.IsPositiveInfinity(dist[o])).ToList();
        var egress = _offeredEgress;
        if (egress >= 0 && double.IsPositiveInfinity(dist[_domain.Ordinal(egress)])) egress = -1; // a next hop the IGP cannot reach is unusable
        if (egress != _egress)
        {
            var pref = _bgp.BestServerRoute()?.LocalPref ?? BgpPolicy.DefaultLocalPref;
            cause = ctx.Emit("traffic.egress", cause, _spec.Name, egress >= 0 ? pref : 0, ("egress", egress >= 0 ? NameOf(ctx, egress) : null),
                ("local_pref", egress >= 0 ? pref : null), ("reason", egress >= 0 ? "a server route with a higher local preference" : "nearest data center"));
            _egress = egress;
        }
        IEnumerable<(int From, int To, int Links, double Share)> hops = [];
        if (egress >= 0)
        {
            var via = _domain.Ordinal(egress);
            var fromVia = ShortestPathFirst.Distances(_lsdb, _domain.FirstRouterNode, via);
            (dataCenter, best) = NearestDataCenter(fromVia);
            hops = EcmpSplit.Compute(_lsdb, _domain.FirstRouterNode, roots, new HashSet<int> { via });
            if (dataCenter is not null) hops = hops.Concat(EcmpSplit.Compute(_lsdb, _domain.FirstRouterNode, [via], DataCenterRouters(fromVia, dataCenter, best)));
            else hops = [];
        }
        else if (dataCenter is not null)
        {
            hops = EcmpSplit.Compute(_lsdb, _domain.FirstRouterNode, roots, DataCenterRouters(dist, dataCenter, best));
        }
        // A link both legs use carries both shares.
        var path = hops.GroupBy(h => (h.From, h.To)).OrderBy(g => g.Key)
            .Select(g => (g.Key.From, g.Key.To, g.Max(h => h.Links), g.Sum(h => h.Share))).ToArray();
        if (path.SequenceEqual(_path) && dataCenter == _pathDataCenter) return;
        (_path, _pathDataCenter) = (path, dataCenter);
        ReportFlow(ctx, cause);
    }

    private (string? DataCenter, double Distance) NearestDataCenter(double[] dist)
    {
        string? nearest = null;
        var best = double.PositiveInfinity;
        for (var i = 0; i < dist.Length; i++)
            if (_lsdb[i]?.DataCenter is { } dc && dist[i] < best) { best = dist[i]; nearest = dc; }
        return (nearest, best);
    }

    private HashSet<int> DataCenterRouters(double[] dist, string dataCenter, double best)
    {
        var destinations = new HashSet<int>();
        for (var i = 0; i < dist.Length; i++)
            if (_lsdb[i]?.DataCenter == dataCenter && Math.Abs(dist[i] - best) < 1e-9) destinations.Add(i);
        return destinations;
    }

    private void ReportFlow(NodeContext ctx, long cause)
    {
        if (_trafficNode < 0) return;
        var gbps = _path.Length == 0 && _pathDataCenter is null ? 0 : _demand.Values.Sum();
        if (gbps <= 0 && !_flowReported) return;
        _flowReported = gbps > 0;
        ctx.Send(_trafficNode, Math.Max(ctx.Lookahead, _p.LocalHopMs), new FlowReport
        {
            Gbps = gbps, From = _path.Select(h => h.From).ToArray(), To = _path.Select(h => h.To).ToArray(),
            UpLinks = _path.Select(h => h.Links).ToArray(), Shares = _path.Select(h => h.Share).ToArray(), DataCenter = _pathDataCenter,
        }, cause);
    }

    private string NameOf(NodeContext _, int node) => _domain.NameOf(node);
}
