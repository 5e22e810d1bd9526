using BackboneSim.Engine;
using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// A router, as a dispatcher over its parts: the hardware (<see cref="PhysicalLayer"/>), the link-state IGP
/// (<see cref="IgpProcess"/>), what SPF results are used for (<see cref="RouteComputation"/>), the front-ends'
/// traffic (<see cref="TrafficPath"/>), the running configuration and its snapshots (<see cref="ConfigStore"/>),
/// BGP (<see cref="BgpSpeaker"/>), and the control-plane lifecycle (<see cref="RouterLifecycle"/>). This class
/// decides, in one place, what each message does in each <see cref="RouterState"/>, and carries out the lifecycle's
/// transitions across the parts: when the paths its sessions bring exceed what its control plane can hold, the
/// control plane fails (neighbours lose it when their hold timers run out) and it reboots; the timeline can also
/// crash it, cut its links, take its power or its control-plane job away (<see cref="FailurePlayer"/>).
/// </summary>
public sealed class RouterModel : INodeModel
{
    private readonly RouterSpec _spec;
    private readonly ModelParameters _p;
    private readonly BgpSpeaker _bgp;
    private readonly long _routeCapacity;
    /// <summary>The base configuration starts the IGP other than the design (a link down, a metric, a drain), so an
    /// iBGP peer may start out of reach.</summary>
    private readonly bool _baseChangesIgp;
    private readonly RouterLifecycle _life = new();
    private readonly PhysicalLayer _physical;
    private readonly IgpProcess _igp;
    private readonly TrafficPath _traffic;
    private readonly RouteComputation _routes;
    private readonly ConfigStore _config;
    private readonly FibProgrammer _fib;
    private readonly ControllerSessions _controllers;
    private readonly BfdSessions _bfd;
    private readonly IgpDomain _domain;
    private readonly FlowspecFilters _flowspec;

    public RouterModel(RouterSpec spec, IgpDomain domain, ModelParameters parameters, IEnumerable<RouterInterface> interfaces,
        IEnumerable<int> healthSubscribers, BgpSpeaker bgp, long routeCapacity, int trafficNode = -1, bool overload = false,
        bool baseChangesIgp = false)
    {
        _spec = spec;
        _p = parameters;
        _bgp = bgp;
        _routeCapacity = routeCapacity;
        _baseChangesIgp = baseChangesIgp;
        var subscribers = healthSubscribers.ToArray();
        _physical = new PhysicalLayer(parameters, interfaces);
        _fib = new FibProgrammer(spec, domain, parameters, _physical.Interfaces.Select(i => i.Copy()).ToList(), trafficNode);
        _igp = new IgpProcess(spec, domain, parameters, _physical, overload, spfWanted: () => _fib.Enabled || subscribers.Length > 0 || _bgp.HasIbgp);
        _traffic = new TrafficPath(spec, _igp, bgp, parameters, trafficNode, isGateway: trafficNode >= 0 && subscribers.Length > 0);
        _routes = new RouteComputation(spec, _igp, bgp, _traffic, _fib, parameters, subscribers);
        _config = new ConfigStore(spec, _physical, _igp, bgp);
        _controllers = new ControllerSessions(spec);
        _bfd = new BfdSessions(parameters);
        _domain = domain;
        _flowspec = new FlowspecFilters(spec.Node, domain, parameters, trafficNode);
    }

    public bool DataCenterReachable => _routes.DataCenterReachable;
    public bool ControlPlaneAlive => _life.Alive;
    public bool Dark => _life.Dark;
    public BgpSpeaker Bgp => _bgp;
    public IReadOnlyList<RouterInterface> Interfaces => _physical.Interfaces;
    public Lsa? LsaOf(int routerNode) => _igp.LsaOf(routerNode);

    public void Start(NodeContext ctx)
    {
        // A design whose steady state already breaks a limit shows it at once rather than at the first change.
        _bgp.CheckLimits(ctx, cause: 0);
        if (_bgp.RibPaths > _routeCapacity) { FailControlPlane(ctx); return; }
        // A preferred server route in the start state: the prefix entries name its exit from the start.
        if (_fib.EgressChanged(_bgp.PreferredEgress(_spec.Node))) { _routes.Run(ctx, cause: 0, reportAlways: false); return; }
        if (!_routes.HasSubscribers)
        {
            // The iBGP start state assumes every peer reachable; a base configuration that cuts one off shows at
            // once (its session ends when the hold timer runs out). Otherwise there is nothing to check.
            if (_baseChangesIgp && _bgp.HasIbgp) _routes.Run(ctx, cause: 0, reportAlways: false);
            return;
        }
        // A router with DNS servers behind it checks once that the network it starts in can reach a data center.
        _routes.Run(ctx, cause: 0, reportAlways: false);
    }

    public void Handle(NodeContext ctx, SimMessage message)
    {
        HandleMessage(ctx, message);
        // Whatever the message did to the links (a cut, a push, the far end's light), the line cards tell the
        // forwarding hardware at once.
        _fib.SyncLineCards(ctx, _physical.Interfaces, _life.Dark, ctx.CurrentCause);
        // Whatever it did to the Flowspec rules (a push, a peer's update, a session gone), the control plane hands the
        // hardware the rules it wants now.
        if (_bgp.Flowspec.Dirty && _life.Alive) _flowspec.Program(ctx, _bgp.Flowspec.TakeWanted(), _bgp.Flowspec.DirtyCause);
    }

    /// <summary>The hardware lost its Flowspec rules with the power: nothing filters the router's own packets any more
    /// (its sessions and adjacencies are down; they form again after the reboot).</summary>
    private void ForgetFlowspecEffects()
    {
        foreach (var s in _bgp.Sessions) s.FlowspecDrops = false;
        foreach (var iface in _physical.Interfaces)
        {
            iface.FlowspecDropsIgp = false;
            if (!iface.DropsIgp) iface.IgpDead = false;
        }
    }

    /// <summary>The hardware programmed the Flowspec rules: they act on the router's own BGP and IGP packets too.</summary>
    private void OnFlowspecProgrammed(NodeContext ctx)
    {
        var e = _flowspec.OnProgrammed(ctx, _bgp.Sessions);
        if (e == 0) return;
        _bgp.SetFlowspecFilter(ctx, _flowspec.DropsBgp, e);
        _igp.SetFlowspecFilter(ctx, _flowspec.DropsIgp, e);
    }

    private void HandleMessage(NodeContext ctx, SimMessage message)
    {
        // Failures from the timeline act in every state.
        switch (message.Payload)
        {
            case LinkCut cut: OnLinkCut(ctx, cut); return;
            case PowerChange power: OnPower(ctx, power); return;
            case RouterRestart restart: OnRestartByHand(ctx, restart); return;
            case ControlPlaneLoss loss: OnControlPlaneLoss(ctx, loss); return;
        }
        var state = _life.State(ctx);
        if (state != RouterState.Up) { HandleWhileDown(ctx, message, state); return; }
        switch (message.Payload)
        {
            case ConfigPush push:
                _config.Apply(ctx, push);
                if (push.Wedge is { } wedge && wedge.Hits(_spec.Node, ctx.Random)) Wedge(ctx, push.Action, wedge.Mode);
                break;
            case ControllerSession session: OnControllerSession(ctx, session); break;
            case ControllerSessions.FailStaticOver over: _config.Apply(ctx, _controllers.OnFailStaticOver(ctx, over)); break;
            case CarrierSignal carrier: CarrierChanged(ctx, _physical.OnCarrier(carrier), ctx.CurrentCause); break;
            case PeerSilent { Link: >= 0 } silent: CarrierChanged(ctx, _physical.OnPeerAlive(silent.Link, false, silent.Epoch), ctx.CurrentCause); break;
            case PeerAlive alive:
                _bfd.LinkHeard(ctx, _physical.On(alive.Link), _domain.NameOf(message.From), ctx.CurrentCause);
                CarrierChanged(ctx, _physical.OnPeerAlive(alive.Link, true, alive.Epoch), ctx.CurrentCause);
                break;
            case BfdDown { Link: >= 0 } down: OnBfdLinkDown(ctx, down); break;
            case BfdDown down: OnBfdSessionDown(ctx, message.From, down); break;
            case IgpProcess.AdjacencyTimer timer: _igp.OnAdjacencyTimer(ctx, timer); break;
            case IgpProcess.FilteredDead timer: _igp.OnFilteredDead(ctx, timer); break;
            case AdjacencyFormation.HelloTimer timer: _igp.OnHelloTimer(ctx, timer); break;
            case IgpHello hello: _igp.OnHello(ctx, hello); break;
            case IgpProcess.LsaTimer: _igp.OnLsaTimer(ctx); break;
            case IgpProcess.FloodTimer: _igp.OnFloodTimer(ctx); break;
            case GraceLsa grace: _igp.Graceful.OnGraceLsa(ctx, grace); break;
            case GraceLsaFlush flush: _igp.Graceful.OnGraceLsaFlush(ctx, flush); break;
            case GraceHelp help: _igp.Graceful.OnGraceHelp(help); break;
            case OspfGracefulRestart.GraceTimer: _igp.Graceful.OnGraceTimer(ctx); break;
            case OspfGracefulRestart.HelperTimer timer: _igp.Graceful.OnHelperTimer(ctx, timer); break;
            case OspfGracefulRestart.HelperHello timer: _igp.Graceful.OnHelperHello(ctx, timer); break;
            case LinkStateUpdate update: _igp.OnLinkStateUpdate(ctx, message.From, update); break;
            case LinkStateRetransmission due: _igp.OnRetransmission(ctx, message.From, due); break;
            case IgpProcess.SpfTimer: _routes.Run(ctx, _igp.TakeSpfRequest(), reportAlways: false); break;
            case AnycastRequest request: _bgp.OnAnycastRequest(ctx, message.From, request); break;
            case BgpOpen open:
                if (_bgp.SessionWith(message.From) is { } opened) _bfd.SessionHeard(ctx, opened, ctx.CurrentCause);
                _bgp.OnOpen(ctx, message.From, open);
                break;
            case BgpNotification notification: _bgp.OnNotification(ctx, message.From, notification); break;
            case PeerSilent silent: _bgp.OnPeerSilent(ctx, message.From, silent); break;
            case RouteVolume volume: _bgp.OnVolume(ctx, message.From, volume); break;
            case BgpSpeaker.SessionTimer timer: _bgp.OnTimer(ctx, timer, _bfd); break;
            case BgpSpeaker.ExportTimer: _bgp.OnExportTimer(ctx); break;
            case FlowspecUpdate update: _bgp.OnFlowspecUpdate(ctx, message.From, update); break;
            case FlowspecFilters.ProgrammedTimer: OnFlowspecProgrammed(ctx); break;
            case TrafficDemand demand:
                if (_traffic.OnDemand(ctx, message.From, demand)) _routes.Run(ctx, ctx.CurrentCause, reportAlways: false); // works the path out now
                break;
            case FlowDelivery delivery: _traffic.OnDelivery(delivery); _routes.TellSubscribers(ctx, ctx.CurrentCause); break;
            case BgpUpdate: break; // Internet routes arrive as volumes (RouteVolume), not prefix by prefix
            case RouterLifecycle.RebootDone: break;
            default: throw new InvalidOperationException($"router {_spec.Name} cannot handle {message.Payload.GetType().Name}");
        }
        if (_bgp.RibPaths > _routeCapacity) { FailControlPlane(ctx); return; }
        if (_traffic.EgressOffersChanged || _fib.EgressChanged(_bgp.PreferredEgress(_spec.Node))) _routes.Run(ctx, ctx.CurrentCause, reportAlways: false);
    }

    /// <summary>
    /// A controller that programs the router went silent or is back: the FIB freezes while any is gone and is reprogrammed
    /// in full when none is (an SPF run now), and a drain made meanwhile is undone.
    /// </summary>
    private void OnControllerSession(NodeContext ctx, ControllerSession session)
    {
        if (_controllers.OnSession(ctx, session) is { } undrain) _config.Apply(ctx, undrain);
        if (_controllers.AnyLost) _fib.Freeze(ctx, ctx.CurrentCause);
        else if (_fib.Thaw(ctx, ctx.CurrentCause)) _routes.Run(ctx, ctx.CurrentCause, reportAlways: false);
    }

    /// <summary>A router whose control plane is not running only keeps track of its links' physical state, and reboots.</summary>
    private void HandleWhileDown(NodeContext ctx, SimMessage message, RouterState state)
    {
        switch (message.Payload)
        {
            case RouterLifecycle.RebootDone: Reboot(ctx); break;
            case CarrierSignal carrier: _physical.TrackCarrier(carrier); break;
            case PeerSilent { Link: >= 0 } silent: _physical.TrackPeerSilent(silent); break;
            case BfdDown { Link: >= 0 } down: _physical.TrackPeerSilent(down.Link, down.Epoch); break;
            case PeerAlive alive: _physical.TrackPeerAlive(alive); break;
            case AnycastRequest request: _bgp.RecordAnycastRequest(message.From, request); break; // announced once it is back
            case TrafficDemand demand: _traffic.RememberDemand(message.From, demand); break;
            case IgpHello or AdjacencyFormation.HelloTimer: break; // a control plane that is down answers no hello
            case ConfigPush push:
                ctx.Emit(new ConfigUnreachable(_spec.Name, push.Action,
                    state == RouterState.Dark ? "the router is down (crashed or without power)" : "the router's control plane is down"), ctx.CurrentCause);
                break;
        }
    }

    private void CarrierChanged(NodeContext ctx, RouterInterface? changed, long cause, string? reason = null)
    {
        if (changed is not null) _igp.OnCarrierChanged(ctx, changed, cause, reason);
    }

    /// <summary>
    /// BFD on a link declared the neighbour down (its control plane died, its light still on): ospfd brings the
    /// adjacency down at once, as if the dead interval had run out, instead of after <c>igp_hold</c>.
    /// </summary>
    private void OnBfdLinkDown(NodeContext ctx, BfdDown down)
    {
        var iface = _physical.On(down.Link);
        if (iface.PeerLife.Outlived(down.Epoch)) return; // the neighbour has rebooted since: old news
        // Without light (a cut, a shut interface) or with the neighbour known silent, the session was down already.
        if (!iface.CarrierUp) { _physical.TrackPeerSilent(down.Link, down.Epoch); return; }
        var e = _bfd.LinkDown(ctx, iface, _domain.NameOf(iface.Peer), ctx.CurrentCause);
        CarrierChanged(ctx, _physical.OnPeerAlive(down.Link, false, down.Epoch), e, BfdSessions.DownReason);
    }

    /// <summary>BFD declared a BGP peer down: bgpd closes the session at once instead of after <c>bgp_hold</c>.</summary>
    private void OnBfdSessionDown(NodeContext ctx, int from, BfdDown down)
    {
        if (_bgp.LiveSession(from, down.Epoch) is not { } s) return;
        _bgp.CloseOnBfd(ctx, s, _bfd.SessionDown(ctx, s, ctx.CurrentCause));
    }

    private void FailControlPlane(NodeContext ctx)
    {
        var e = ctx.Emit(new RouterControlPlaneFailed(_spec.Name, _bgp.RibPaths, _routeCapacity, _p.ControlPlaneRebootMs), ctx.CurrentCause);
        ControlPlaneDown(ctx, e, crash: false);
        _life.ScheduleReboot(ctx, _p.ControlPlaneRebootMs, e);
    }

    /// <summary>
    /// The control plane stops: sessions end, adjacencies drop, nothing behind the router reaches a data center
    /// through it. After a control-plane failure the neighbours notice when their hold timers run out (the links
    /// still carry light); after a crash (<paramref name="crash"/>) the light goes out and they notice the carrier loss.
    /// </summary>
    private void ControlPlaneDown(NodeContext ctx, long e, bool crash)
    {
        _life.ControlPlaneStopped();
        _bfd.Clear();
        // Neighbours stop hearing hellos; their adjacencies end when their hold timers run out. (A cut link's
        // neighbour is told too, so it does not form an adjacency with a dead router once the fibre is spliced.)
        // With BFD, a neighbour across a live adjacency notices when its BFD session runs out instead (after a crash
        // only if that comes before its loss of light).
        foreach (var iface in _physical.Interfaces)
        {
            if (iface.AdjacencyUp && iface.CarrierUp && BfdSessions.DownAfter(ctx, _p, iface.LatencyMs, lightLost: crash) is { } bfd)
                ctx.Send(iface.Peer, bfd, new BfdDown { Link = iface.Link, Epoch = _bgp.Epoch }, e);
            else if (!crash && (iface.CarrierUp || iface.Cuts.Count > 0))
                ctx.Send(iface.Peer, Math.Max(ctx.Lookahead, _p.IgpHoldMs), new PeerSilent { Link = iface.Link, Epoch = _bgp.Epoch }, e);
        }
        if (_flowspec.ControlPlaneDown(ctx, dark: crash, e)) ForgetFlowspecEffects();
        _igp.Stop(ctx, forwardingSurvives: !crash);
        _fib.ControlPlaneDown(ctx, dark: crash, e);
        _bgp.Fail(ctx, e, carrierLost: crash);
        _routes.Lose();
        _traffic.Stop(ctx, e);
        _routes.TellSubscribers(ctx, e);
    }

    private void Reboot(NodeContext ctx)
    {
        _life.ControlPlaneStarted();
        var e = ctx.Emit(new RouterControlPlaneRecovered(_spec.Name), ctx.CurrentCause);
        _fib.ControlPlaneUp(ctx, e);
        // Graceful restart (RFC 3623) only where the FIB forwarded meanwhile: its grace-LSAs go out before any hello.
        _igp.Graceful.ControlPlaneBack(ctx, forwardingKept: !_life.LightsOff, e);
        if (_life.LightsOff)
        {
            // Back from a crash or power loss: the line cards give light again, and the neighbours see carrier return.
            _life.LightsOff = false;
            _physical.SetLight(ctx, on: true, e);
        }
        foreach (var iface in _physical.Interfaces.Where(i => i.AdminUp && i.PeerAdminUp))
        {
            ctx.Send(iface.Peer, Math.Max(ctx.Lookahead, (long)Math.Ceiling(iface.LatencyMs)), new PeerAlive { Link = iface.Link, Epoch = _bgp.Epoch }, e);
            _igp.OnCarrierChanged(ctx, iface, e);
        }
        _bgp.Reboot(ctx, e);
        if (_bgp.Flowspec.Any || _flowspec.Installed.Count > 0) _bgp.SyncFlowspec(ctx, e); // the rules it originates, programmed again
        _igp.ScheduleLsa(ctx, e);
    }

    // ---- failures from the timeline (FailurePlayer) ------------------------------------------------------

    /// <summary>The fibre is cut (or spliced): this end loses (regains) carrier; a live router acts on it at once.</summary>
    private void OnLinkCut(NodeContext ctx, LinkCut cut)
    {
        var changed = _physical.OnLinkCut(cut);
        if (_life.Alive) CarrierChanged(ctx, changed, ctx.CurrentCause);
    }

    /// <summary>
    /// A crash or power loss takes the whole router down: its light goes out (neighbours lose carrier), its control
    /// plane and forwarding stop and it forgets what it learned. When the last failure keeping it dark is over it
    /// boots, and is back after <c>control_plane_reboot</c>.
    /// </summary>
    private void OnPower(NodeContext ctx, PowerChange power)
    {
        if (!_life.SetPower(power.Action, power.On)) return;
        if (_life.Dark)
        {
            var e = ctx.Emit(new RouterCrashed(_spec.Name, power.Reason, power.Action), ctx.CurrentCause);
            _life.CancelReboot(ctx); // a reboot under way will not finish
            _life.HeldBy = null;     // the power cycle restarts every job
            _life.LightsOff = true;
            _physical.SetLight(ctx, on: false, e);
            if (_life.Alive) ControlPlaneDown(ctx, e, crash: true);
            else
            {
                _fib.ControlPlaneDown(ctx, dark: true, e); // a stale FIB goes with the power
                if (_flowspec.ControlPlaneDown(ctx, dark: true, e)) ForgetFlowspecEffects();
            }
            _igp.ForgetDatabase();
            return;
        }
        StartReboot(ctx, ctx.CurrentCause, power.Action);
    }

    /// <summary>
    /// The change left this router wedged: its control plane hangs until someone restarts it (as a lost control-plane
    /// job that does not restart by itself), or its hardware freezes with the entries it has while the control plane
    /// goes on (as when the controller that programs it is gone, but nothing brings it back short of a restart).
    /// </summary>
    private void Wedge(NodeContext ctx, string action, string mode)
    {
        var e = ctx.Emit(new RouterWedged(_spec.Name, action, mode), ctx.CurrentCause);
        if (mode == WedgeSpec.Fib) { _fib.Freeze(ctx, e); return; }
        ControlPlaneDown(ctx, e, crash: false);
        _life.HeldBy = action;
    }

    /// <summary>
    /// Responders restart the control plane by hand (from the console or on site): whatever state it is in, it goes
    /// down and boots, and a failure that held it down no longer does (a wedged control plane is what a restart is for).
    /// A router without power cannot be restarted.
    /// </summary>
    private void OnRestartByHand(NodeContext ctx, RouterRestart restart)
    {
        if (_life.Dark) { ctx.Emit(new RouterRestarted(_spec.Name, restart.Action, false, "the router has no power"), ctx.CurrentCause); return; }
        var e = ctx.Emit(new RouterRestarted(_spec.Name, restart.Action, true), ctx.CurrentCause);
        _life.HeldBy = null;
        if (_life.Alive) ControlPlaneDown(ctx, e, crash: false);
        StartReboot(ctx, e, restart.Action);
    }

    private void StartReboot(NodeContext ctx, long cause, string failure)
    {
        var e = ctx.Emit(new RouterRebooting(_spec.Name, _p.ControlPlaneRebootMs, failure), cause);
        _life.CancelReboot(ctx);
        _life.ScheduleReboot(ctx, _p.ControlPlaneRebootMs, e);
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
            if (_life.HeldBy != loss.Action) return;
            _life.HeldBy = null;
            if (!_life.Dark) StartReboot(ctx, ctx.CurrentCause, loss.Action);
            return;
        }
        if (_life.Dark) return; // no job runs on a router without power
        if (!_life.Alive)
        {
            // Already down (overloaded, rebooting): it stays down if this loss does not restart by itself.
            if (!loss.Restart) { _life.HeldBy = loss.Action; _life.CancelReboot(ctx); }
            return;
        }
        var e = ctx.Emit(new RouterControlPlaneLost(_spec.Name, loss.Restart, loss.Restart ? _p.ControlPlaneRebootMs : 0, loss.Action), ctx.CurrentCause);
        ControlPlaneDown(ctx, e, crash: false);
        if (loss.Restart) _life.ScheduleReboot(ctx, _p.ControlPlaneRebootMs, e);
        else _life.HeldBy = loss.Action;
    }
}
