using BackboneSim.Engine;
using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// An external AS speaking eBGP: keeps every neighbour's route per prefix (Adj-RIB-In), picks a best path by
/// relationship and path length, and tells its AS neighbours when it changes, as far as policy lets the route
/// go to each (<see cref="BgpPolicy"/>). Withdrawals therefore spread AS by AS and explore longer paths first.
/// UPDATEs to a peer are paced by the MRAI (<see cref="MraiPacer"/>: per peer by default, as FRR and Cisco run it, so a
/// path found after a withdrawal waits for the interval that withdrawal started; or per destination, RFC 4271
/// §9.2.1.1). Without the MRAI, path exploration in a densely meshed core grows combinatorially.
/// Sessions with the operator's routers have a max-prefix limit: a leak that exceeds it tears the session down and
/// holds it down for the restart time; a router whose control plane died is dropped when the hold timer expires.
/// </summary>
public sealed class ExternalAsModel : INodeModel
{
    private readonly ExternalAsSpec _spec;
    private readonly ModelParameters _p;
    private readonly BgpNeighbor[] _asNeighbors;
    private readonly Dictionary<int, BgpRelation> _relation = new();
    private readonly Dictionary<int, double> _latency = new();
    private readonly bool _routeServer;
    /// <summary>Per prefix, the routes received (loop-free, before import policy) and this AS's own.</summary>
    private readonly Dictionary<string, SortedDictionary<int, AsRoute>> _ribIn;
    private readonly Dictionary<string, (int From, AsRoute Route)?> _best = new(StringComparer.Ordinal);
    private readonly Dictionary<(int Peer, string Prefix), AsRoute?> _lastSent = new();
    /// <summary>This AS's route maps per session (neighbour node); missing: the relationship's rules.</summary>
    private readonly Dictionary<int, AsSessionPolicy> _policies = new();
    private readonly MraiPacer _mrai;
    /// <summary>Route flap damping (<c>bgp_damping: on</c>, RFC 2439) of what the neighbours send; null when off.</summary>
    private readonly RouteDamping? _damping;
    /// <summary>Every node's name, to name a damped neighbour (null: by node index).</summary>
    private readonly IReadOnlyList<string>? _nodeNames;
    /// <summary>Neighbouring ASes whose session with this one is shut (<see cref="ExternalSessionCommand"/>): nothing
    /// flows either way.</summary>
    private readonly HashSet<int> _shutAs = new();

    private readonly int[] _localResolvers;
    /// <summary>The data-plane node told where this AS forwards the operator's anycast prefixes (-1: none), and those prefixes.</summary>
    private readonly int _forwardingNode;
    private readonly HashSet<string> _anycast;
    private readonly DataPlane.Prefix[] _anycastParsed;
    /// <summary>Prefixes the data plane is told this AS's forwarding for: the anycast ones and any that overlaps one (a
    /// more-specific announced on the timeline draws the traffic it covers by longest-prefix match).</summary>
    private readonly Dictionary<string, bool> _forwarded = new(StringComparer.Ordinal);
    /// <summary>Prefixes the scenario had this AS announce to some neighbours only (<see cref="ExternalRoutesCommand.To"/>).</summary>
    private readonly Dictionary<string, HashSet<int>> _announcedTo = new(StringComparer.Ordinal);
    /// <summary>Prefixes the scenario had this AS announce as learned from a neighbour (a leak): where their traffic goes.</summary>
    private readonly Dictionary<string, int> _via = new(StringComparer.Ordinal);
    /// <summary>The Internet's aggregates whose offers to the operator's routers the data plane is told
    /// (<see cref="AsExitOffer"/>), and the AS path length each session was last told (-1 or missing: none).</summary>
    private readonly string[] _aggregates;
    private readonly Dictionary<(int Router, string Prefix), int> _offered = new();
    private readonly SortedDictionary<int, OperatorSession> _operatorSessions = new();
    private readonly long _restartMs;

    /// <summary>This AS's end of a session with an operator router.</summary>
    private sealed class OperatorSession(string routerName, long limit, RouteSet export)
    {
        public string RouterName { get; } = routerName;
        public long Limit { get; set; } = limit;
        /// <summary>How many routes the router sent last (what a new limit is checked against at once).</summary>
        public long Received { get; set; }
        public RouteSet Export { get; } = export;
        public bool Up { get; set; } = true;
        public bool Idle { get; set; }
        /// <summary>The max-prefix idle timer; it is moot once the session closes again.</summary>
        public TimerGroup Timers { get; } = new();
        /// <summary>The router's control-plane life, as its OPENs tell.</summary>
        public PeerLife PeerLife { get; } = new();
        /// <summary>BFD declared the router down and has not heard from it since.</summary>
        public bool BfdDown { get; set; }
    }

    /// <summary>Timer: a session held idle after a max-prefix breach may open again.</summary>
    private sealed record IdleOver(int Peer);

    /// <summary>A session with an operator router as this AS configures it: the max-prefix limit, and what it sends (counts).</summary>
    public readonly record struct OperatorSessionSpec(int Router, string RouterName, long MaxPrefix, RouteSet Export)
    {
        /// <summary>How many routes the router sends as the run starts.</summary>
        public long StartReceived { get; init; }
    }

    /// <param name="neighbors">Every eBGP neighbour with its relationship: other ASes and operator routers.</param>
    /// <param name="asNodes">Which of them are ASes (the ones this AS advertises to).</param>
    public ExternalAsModel(ExternalAsSpec spec, ModelParameters parameters, IEnumerable<BgpNeighbor> neighbors, ISet<int> asNodes,
        Dictionary<string, SortedDictionary<int, AsRoute>> initialRibIn, IEnumerable<int>? localResolvers = null,
        IEnumerable<OperatorSessionSpec>? operatorSessions = null, long maxPrefixRestartMs = 0, int forwardingNode = -1, IEnumerable<string>? anycastPrefixes = null,
        IEnumerable<string>? aggregates = null, IReadOnlyDictionary<int, AsSessionPolicy>? policies = null, IReadOnlyList<string>? nodeNames = null)
    {
        _nodeNames = nodeNames;
        foreach (var (neighbor, policy) in policies ?? new Dictionary<int, AsSessionPolicy>()) _policies[neighbor] = policy;
        _forwardingNode = forwardingNode;
        _anycast = (anycastPrefixes ?? []).ToHashSet(StringComparer.Ordinal);
        _anycastParsed = _anycast.Order(StringComparer.Ordinal).Select(DataPlane.Prefix.Parse).ToArray();
        foreach (var o in operatorSessions ?? []) _operatorSessions[o.Router] = new OperatorSession(o.RouterName, o.MaxPrefix, o.Export) { Received = o.StartReceived };
        _restartMs = maxPrefixRestartMs;
        _localResolvers = (localResolvers ?? []).ToArray();
        _spec = spec;
        _p = parameters;
        _mrai = new MraiPacer(parameters);
        _damping = RouteDamping.For(parameters);
        _routeServer = spec.Tier == AsTier.Ixp;
        var all = neighbors.OrderBy(n => n.Node).ToArray();
        foreach (var n in all) (_relation[n.Node], _latency[n.Node]) = (n.Relation, n.LatencyMs);
        _relation[spec.Node] = BgpSteadyState.OwnRoute; // the aggregates it originates (a route from itself, empty path)
        _asNeighbors = all.Where(n => asNodes.Contains(n.Node)).ToArray();
        _ribIn = initialRibIn;
        foreach (var (prefix, routes) in _ribIn)
        {
            _best[prefix] = BestOf(prefix, routes);
            // In the converged start state every peer already holds what we advertise.
            foreach (var n in _asNeighbors) _lastSent[(n.Node, prefix)] = AdvertFor(n.Node, prefix);
        }
        _aggregates = forwardingNode < 0 ? [] : (aggregates ?? []).Order(StringComparer.Ordinal).ToArray();
        // The data plane starts from the same offers (SimulationFactory works them out by OfferedPathLength).
        foreach (var router in _operatorSessions.Keys)
            foreach (var prefix in _aggregates) _offered[(router, prefix)] = OfferLength(router, prefix);
    }

    /// <summary>The AS path length an AS offers an operator router for a prefix given its best route (-1: none), by the
    /// export rule towards that router: what a session that is up carries.</summary>
    public static int OfferedPathLength(long asn, (int From, AsRoute Route)? best, Func<int, BgpRelation> relationOf, BgpRelation router, bool routeServer,
        int self, string prefix, RouteMap? export)
        => BgpDecision.Advertised(asn, best, relationOf, router, routeServer, self, prefix, export)?.Path.Length ?? -1;

    private int OfferLength(int router, string prefix)
        => _operatorSessions[router].Up
            ? OfferedPathLength(_spec.Asn, _best.GetValueOrDefault(prefix), RelationOf, _relation[router], _routeServer, _spec.Node, prefix, ExportMap(router))
            : -1;

    private RouteMap? ImportMap(int neighbor) => _policies.GetValueOrDefault(neighbor)?.Import;
    private RouteMap? ExportMap(int neighbor) => _policies.GetValueOrDefault(neighbor)?.Export;

    /// <summary>The best of the routes held for a prefix that damping does not suppress, after the import route maps.</summary>
    private (int From, AsRoute Route)? BestOf(string prefix, SortedDictionary<int, AsRoute> received)
    {
        var routes = _damping?.Usable(prefix, received) ?? received;
        return BgpDecision.Best(_policies.Count == 0 ? routes : BgpDecision.Held(_spec.Asn, prefix, routes, RelationOf, ImportMap, _spec.Node), RelationOf);
    }

    /// <summary>Tells the data plane the offers of these aggregates to these routers that changed since it was last told.</summary>
    private void TellExits(NodeContext ctx, IEnumerable<string> prefixes, IEnumerable<int> routers, long cause)
    {
        if (_aggregates.Length == 0) return;
        var changed = new List<(string Prefix, int Router, int Length)>();
        foreach (var prefix in prefixes)
            foreach (var router in routers)
            {
                var length = OfferLength(router, prefix);
                if (_offered.GetValueOrDefault((router, prefix), -1) == length) continue;
                _offered[(router, prefix)] = length;
                changed.Add((prefix, router, length));
            }
        if (changed.Count == 0) return;
        ctx.Send(_forwardingNode, Math.Max(ctx.Lookahead, _p.LocalHopMs), new AsExitOffer
        {
            Prefixes = changed.Select(c => c.Prefix).ToArray(), Routers = changed.Select(c => c.Router).ToArray(),
            PathLengths = changed.Select(c => c.Length).ToArray(),
        }, cause);
    }

    private BgpRelation RelationOf(int node) => _relation[node];

    private AsRoute? AdvertFor(int peer, string prefix)
    {
        var best = _best.GetValueOrDefault(prefix);
        // A route the scenario had this AS announce to some neighbours only goes to those.
        if (best is { } b && b.From == _spec.Node && _announcedTo.TryGetValue(prefix, out var to) && !to.Contains(peer)) return null;
        return BgpDecision.Advertised(_spec.Asn, best, RelationOf, _relation[peer], _routeServer, _spec.Node, prefix, ExportMap(peer));
    }

    private bool Forwarded(string prefix)
    {
        if (_forwardingNode < 0) return false;
        if (_forwarded.TryGetValue(prefix, out var yes)) return yes;
        if (_anycast.Contains(prefix)) return _forwarded[prefix] = true;
        var p = DataPlane.Prefix.Parse(prefix);
        return _forwarded[prefix] = _anycastParsed.Any(a => a.Contains(p) || p.Contains(a));
    }

    /// <summary>
    /// The scenario has this AS announce prefixes or withdraw them: its own route (relation as an origin's, so it is
    /// preferred to any other and, by the export rule, goes to every neighbour, or only to those named), carrying the AS
    /// path it claims after its own ASN. This is how a hijack (a prefix or a more-specific of someone else's) and a
    /// leak (a route passed on where policy should have kept it) enter the Internet.
    /// </summary>
    private void OnRoutesCommand(NodeContext ctx, ExternalRoutesCommand command)
    {
        var cause = ctx.CurrentCause;
        foreach (var prefix in command.Prefixes)
        {
            if (!_ribIn.TryGetValue(prefix, out var routes)) _ribIn[prefix] = routes = new SortedDictionary<int, AsRoute>();
            _announcedTo.Remove(prefix);
            _via.Remove(prefix);
            if (command.Withdraw) routes.Remove(_spec.Node);
            else
            {
                routes[_spec.Node] = AsRoute.Own(command.Path, command.Communities);
                if (command.Via >= 0) _via[prefix] = command.Via;
                if (command.To.Length > 0) _announcedTo[prefix] = command.To.ToHashSet();
            }
            Reselect(ctx, prefix, cause);
            // Who may hear it can change without the best path changing.
            foreach (var n in _asNeighbors) Advertise(ctx, n.Node, prefix, cause);
        }
    }

    /// <summary>
    /// The scenario changes this AS's route maps on a session. A new import map applies at once to what the neighbour
    /// sent (kept before policy, as FRR's <c>soft-reconfiguration inbound</c> keeps it); a new export map makes the AS send
    /// the neighbour what it now allows (as after a route refresh, RFC 2918).
    /// </summary>
    private void OnPolicyCommand(NodeContext ctx, ExternalPolicyCommand command)
    {
        var cause = ctx.CurrentCause;
        var old = _policies.GetValueOrDefault(command.Peer) ?? new AsSessionPolicy(null, null);
        var now = new AsSessionPolicy(command.ClearImport ? null : command.Import?.Build() ?? old.Import,
            command.ClearExport ? null : command.Export?.Build() ?? old.Export);
        _policies[command.Peer] = now;
        var prefixes = _ribIn.Keys.Order(StringComparer.Ordinal).ToList();
        if (!ReferenceEquals(now.Import, old.Import))
            foreach (var prefix in prefixes) Reselect(ctx, prefix, cause);
        if (ReferenceEquals(now.Export, old.Export)) return;
        if (_asNeighbors.Any(n => n.Node == command.Peer))
            foreach (var prefix in prefixes) Advertise(ctx, command.Peer, prefix, cause);
        else if (_operatorSessions.ContainsKey(command.Peer)) TellExits(ctx, _aggregates, [command.Peer], cause);
    }

    public bool HasRoute(string prefix) => _best.TryGetValue(prefix, out var b) && b is not null;
    public long[]? BestPath(string prefix) => _best.TryGetValue(prefix, out var b) ? b?.Route.Path : null;

    public void Start(NodeContext ctx) { }

    public void Handle(NodeContext ctx, SimMessage message)
    {
        switch (message.Payload)
        {
            case BgpUpdate update:
                if (_operatorSessions.TryGetValue(message.From, out var os) && !os.Up) break; // nothing flows on a closed session
                if (_shutAs.Contains(message.From)) break;
                OnUpdate(ctx, message.From, update);
                break;
            case BgpOpen open: OnOpen(ctx, message.From, open); break;
            case BgpNotification n: CloseOperatorSession(ctx, message.From, $"peer closed the session: {n.Reason}", ctx.CurrentCause); break;
            case PeerSilent silent when !_operatorSessions.TryGetValue(message.From, out var quiet) || !quiet.PeerLife.Outlived(silent.Epoch):
                CloseOperatorSession(ctx, message.From, silent.Reason ?? "hold timer expired: the peer went silent", ctx.CurrentCause);
                break;
            case PeerSilent: break; // the router has rebooted since: old news
            // BFD (on with bfd_interval): the router's control plane died and its BFD packets stopped, so this AS's end
            // of the single-hop session declares it down and closes the BGP session at once.
            case BfdDown down when _operatorSessions.TryGetValue(message.From, out var dead) && dead.Up && !dead.PeerLife.Outlived(down.Epoch):
                dead.BfdDown = true;
                CloseOperatorSession(ctx, message.From, BfdSessions.DownReason, ctx.Emit(
                    new BfdSessionDown(dead.RouterName, null, BfdSessions.SingleHop, BfdSessions.BgpClient, BfdSessions.DetectMs(_p)), ctx.CurrentCause));
                break;
            case BfdDown: break; // no session up, or the router has rebooted since
            case RouteVolume volume: OnVolume(ctx, message.From, volume); break;
            case IdleOver idle when _operatorSessions.TryGetValue(idle.Peer, out var held) && held.Idle:
                held.Idle = false;
                Reply(ctx, idle.Peer, new BgpOpen(), ctx.Emit(new BgpMaxPrefixRestart(_spec.Name, NameOfRouter(idle.Peer)), ctx.CurrentCause));
                break;
            case IdleOver: break;
            case ExternalSessionCommand command: OnSessionCommand(ctx, command); break;
            case ExternalRoutesCommand routes: OnRoutesCommand(ctx, routes); break;
            case ExternalPolicyCommand policy: OnPolicyCommand(ctx, policy); break;
            case ExternalLimitCommand limit: OnLimitCommand(ctx, limit); break;
            case AsSessionNotice notice: SetAsSession(ctx, message.From, notice.SenderName, notice.Up, notice.Reason, tellPeer: false, ctx.CurrentCause); break;
            case RouteDamping.ReuseDue due:
                if (_damping!.OnReuseDue(ctx, due, NameOfNeighbor(due.Neighbor), ctx.CurrentCause, out var reused)) Reselect(ctx, due.Prefix, reused);
                break;
            case MraiPacer.Expired timer:
                foreach (var (prefix, cause) in _mrai.OnExpired(timer)) Advertise(ctx, timer.Peer, prefix, cause);
                break;
            default: throw new InvalidOperationException($"AS {_spec.Name} cannot handle {message.Payload.GetType().Name}");
        }
    }

    /// <summary>
    /// The scenario has this AS shut, reset or restore a session. With an operator router: <c>shutdown</c> sends a Cease
    /// NOTIFICATION (RFC 4486: administrative shutdown), withdraws what the router gave it and ignores its OPENs until
    /// <c>restore</c>; <c>reset</c> sends one (administrative reset) and opens the session again at once, so both ends
    /// send everything anew. With a neighbouring AS the same, both ASes dropping what the other gave them.
    /// </summary>
    private void OnSessionCommand(NodeContext ctx, ExternalSessionCommand command)
    {
        var cause = ctx.CurrentCause;
        var peers = command.Peer >= 0 ? [command.Peer] : _operatorSessions.Keys.ToArray();
        foreach (var peer in peers)
        {
            if (!_operatorSessions.TryGetValue(peer, out var s))
            {
                var reason = command.Command == "reset" ? "administrative reset" : "administrative shutdown";
                if (command.Command is "shutdown" or "reset") SetAsSession(ctx, peer, command.PeerName, up: false, $"{reason} by {_spec.Name}", tellPeer: true, cause);
                if (command.Command is "restore" or "reset") SetAsSession(ctx, peer, command.PeerName, up: true, "", tellPeer: true, cause);
                continue;
            }
            switch (command.Command)
            {
                case "shutdown" or "reset" when s.Up:
                    var why = command.Command == "reset" ? "administrative reset" : "administrative shutdown";
                    Reply(ctx, peer, new BgpNotification { Reason = $"Cease: {why} by {_spec.Name}" }, cause);
                    CloseOperatorSession(ctx, peer, $"{why} by {_spec.Name}", cause);
                    s.Timers.CancelAll(ctx);
                    s.Idle = command.Command == "shutdown";
                    if (!s.Idle) Reply(ctx, peer, new BgpOpen(), cause);
                    break;
                case "shutdown": s.Idle = true; s.Timers.CancelAll(ctx); break;
                case "restore" when s.Idle:
                    s.Idle = false;
                    Reply(ctx, peer, new BgpOpen(), cause);
                    break;
            }
        }
    }

    /// <summary>Closes or reopens the session with a neighbouring AS: closed, every route it gave is withdrawn here and
    /// nothing is sent to it; reopened, everything is sent anew. The other AS is told (unless it told us).</summary>
    private void SetAsSession(NodeContext ctx, int peer, string peerName, bool up, string reason, bool tellPeer, long cause)
    {
        if (!_asNeighbors.Any(n => n.Node == peer) || up != _shutAs.Contains(peer)) return;
        var e = up ? ctx.Emit(new BgpSessionUp(_spec.Name, peerName), cause) : ctx.Emit(new BgpSessionDown(_spec.Name, peerName, reason), cause);
        // The notice first: the peer must reopen before our routes reach it.
        if (tellPeer)
            ctx.Send(peer, Math.Max(ctx.Lookahead, (long)Math.Ceiling(_latency[peer]) + _p.BgpProcessingMs),
                new AsSessionNotice { Up = up, SenderName = _spec.Name, Reason = reason.Length == 0 ? "" : $"peer closed the session: {reason}" }, e);
        if (up)
        {
            _shutAs.Remove(peer);
            foreach (var prefix in _ribIn.Keys.Order(StringComparer.Ordinal).ToList()) Advertise(ctx, peer, prefix, e);
            return;
        }
        _shutAs.Add(peer);
        foreach (var prefix in _ribIn.Keys.Order(StringComparer.Ordinal).ToList())
        {
            _lastSent[(peer, prefix)] = null; // the peer drops what we gave it
            if (_ribIn[prefix].Remove(peer)) Reselect(ctx, prefix, e);
        }
    }

    private void OnOpen(NodeContext ctx, int router, BgpOpen open)
    {
        if (!_operatorSessions.TryGetValue(router, out var s)) return;
        s.PeerLife.Heard(open.Epoch);
        if (s.BfdDown)
        {
            s.BfdDown = false;
            ctx.Emit(new BfdSessionUp(s.RouterName, null, BfdSessions.SingleHop, BfdSessions.BgpClient), ctx.CurrentCause);
        }
        if (s.Idle) return;
        if (!open.Reply) Reply(ctx, router, new BgpOpen { Reply = true }, ctx.CurrentCause);
        if (s.Up && open.Reply) return;
        // An OPEN on a session that is up: the router restarted its end, so what it sent before is gone; with graceful
        // restart (RFC 4724) its routes were kept, stale, and are refreshed by what it sends now.
        if (s.Up && _p.BgpGracefulRestartMs > 0)
        {
            Reply(ctx, router, s.Export.ToMessage(), ctx.Emit(new BgpGracefulRestart(NameOfRouter(router)), ctx.CurrentCause));
            return;
        }
        if (s.Up) CloseOperatorSession(ctx, router, "peer restarted the session", ctx.CurrentCause);
        s.Up = true;
        var e = ctx.Emit(new BgpSessionUp(_spec.Name, NameOfRouter(router)), ctx.CurrentCause);
        Reply(ctx, router, s.Export.ToMessage(), e);
        TellExits(ctx, _aggregates, [router], e);
    }

    private void OnVolume(NodeContext ctx, int router, RouteVolume volume)
    {
        if (!_operatorSessions.TryGetValue(router, out var s) || !s.Up) return;
        s.Received = RouteSet.From(volume).Total;
        CheckLimit(ctx, router, s);
    }

    /// <summary>
    /// A new max-prefix limit on sessions with the operator's routers. It is checked at once against what the router
    /// sent last, as FRR's bgpd (<c>peer_maximum_prefix_set</c> re-checks every family's count) and Cisco IOS do when
    /// <c>maximum-prefix</c> is lowered on an established session: over the limit, the session is torn down.
    /// </summary>
    private void OnLimitCommand(NodeContext ctx, ExternalLimitCommand command)
    {
        foreach (var (router, s) in _operatorSessions.Where(kv => command.Router < 0 || kv.Key == command.Router).ToList())
        {
            s.Limit = command.MaxPrefix;
            if (s.Up) CheckLimit(ctx, router, s);
        }
    }

    private void CheckLimit(NodeContext ctx, int router, OperatorSession s)
    {
        var count = s.Received;
        if (s.Limit <= 0 || count <= s.Limit) return;
        var e = ctx.Emit(new BgpMaxPrefixExceeded(_spec.Name, NameOfRouter(router), count, s.Limit, _restartMs), ctx.CurrentCause);
        Reply(ctx, router, new BgpNotification { Reason = $"max-prefix limit {s.Limit:N0} exceeded ({count:N0} routes) at {_spec.Name}" }, e);
        CloseOperatorSession(ctx, router, $"max-prefix limit {s.Limit:N0} exceeded", e);
        s.Idle = true;
        if (_restartMs > 0) s.Timers.Set(ctx, ctx.Now + _restartMs, new IdleOver(router), e);
    }

    /// <summary>The session with an operator router ends: every route it brought is withdrawn here.</summary>
    private void CloseOperatorSession(NodeContext ctx, int router, string reason, long cause)
    {
        if (!_operatorSessions.TryGetValue(router, out var s) || !s.Up) return;
        s.Up = false;
        s.Received = 0; // the router sends its routes again when the session is back
        s.Timers.CancelAll(ctx);
        var e = ctx.Emit(new BgpSessionDown(_spec.Name, NameOfRouter(router), reason), cause);
        foreach (var (prefix, routes) in _ribIn)
            if (routes.Remove(router)) Reselect(ctx, prefix, e);
        TellExits(ctx, _aggregates, [router], e);
    }

    private void Reply(NodeContext ctx, int router, object payload, long cause)
        => ctx.Send(router, Math.Max(ctx.Lookahead, (long)Math.Ceiling(_latency.GetValueOrDefault(router, 1)) + _p.BgpProcessingMs), payload, cause);

    private string NameOfRouter(int router) => _operatorSessions.TryGetValue(router, out var s) ? s.RouterName : $"node {router}";

    private string NameOfNeighbor(int node) => _operatorSessions.ContainsKey(node) || _nodeNames is null ? NameOfRouter(node) : _nodeNames[node];

    private void OnUpdate(NodeContext ctx, int from, BgpUpdate update)
    {
        // Every update received is counted (the bgp_updates series), whether or not it changes anything.
        ctx.Emit(new BgpUpdateReceived(update.Prefix, update.AsPath is null), ctx.CurrentCause);
        if (!_ribIn.TryGetValue(update.Prefix, out var routes)) _ribIn[update.Prefix] = routes = new SortedDictionary<int, AsRoute>();
        var before = _damping is null ? null : routes.GetValueOrDefault(from);
        // A path through ourselves is a loop: it counts as a withdrawal from that neighbour.
        AsRoute? after = update.AsPath is { } path && Array.IndexOf(path, _spec.Asn) < 0 ? new AsRoute(path, update.Communities ?? []) : null;
        if (after is not null) routes[from] = after;
        else routes.Remove(from);
        // Damping counts what the neighbour's UPDATEs do to its route (RFC 2439 §4.8.2–4.8.3); a suppressed route stays
        // held but out of the decision, which Reselect then leaves it out of.
        _damping?.Received(ctx, from, NameOfNeighbor(from), update.Prefix, before, after, ctx.CurrentCause);
        Reselect(ctx, update.Prefix, ctx.CurrentCause);
    }

    private void Reselect(NodeContext ctx, string prefix, long cause)
    {
        var routes = _ribIn[prefix];
        var before = _best.GetValueOrDefault(prefix);
        var after = BestOf(prefix, routes);
        if (SamePath(before, after)) return;
        _best[prefix] = after;
        var path = after is { } a ? string.Join(' ', a.Route.Path) : null;
        ModelEvent change = (before, after) switch
        {
            (null, not null) => new BgpRouteLearned(prefix, path!),
            (not null, null) => new BgpRouteLost(prefix),
            _ => new BgpRouteChanged(prefix, path),
        };
        var e = ctx.Emit(change, cause);
        foreach (var n in _asNeighbors) Advertise(ctx, n.Node, prefix, e);
        // The Internet's forwarding towards the operator's anycast prefixes follows each AS's best route: the data plane
        // works out every resolver's catchment from it.
        if (Forwarded(prefix) && NextHop(prefix, before) != NextHop(prefix, after))
            ctx.Send(_forwardingNode, Math.Max(ctx.Lookahead, _p.LocalHopMs), new AsForwarding { Prefix = prefix, NextHop = NextHop(prefix, after) }, e);
        if (Array.BinarySearch(_aggregates, prefix, StringComparer.Ordinal) >= 0) TellExits(ctx, [prefix], _operatorSessions.Keys, e);
        if ((before is null) != (after is null))
            foreach (var resolver in _localResolvers)
                ctx.Send(resolver, Math.Max(ctx.Lookahead, _p.LocalHopMs), new RouteAvailability { Prefix = prefix, Available = after is not null }, e);
    }

    /// <summary>Where this AS forwards traffic to a prefix by its best route: the neighbour it came from, itself for its
    /// own routes and for one tagged <c>blackhole</c> (RFC 7999: the traffic is discarded here), -1 without one.</summary>
    private int NextHop(string prefix, (int From, AsRoute Route)? best)
        => best is not { } b ? -1
            : b.Route.Communities.Contains(Communities.Blackhole) ? _spec.Node
            : b.From == _spec.Node && _via.TryGetValue(prefix, out var via) ? via
            : b.From;

    private void Advertise(NodeContext ctx, int peer, string prefix, long cause)
    {
        if (_shutAs.Contains(peer)) return;
        var key = (peer, prefix);
        var advert = AdvertFor(peer, prefix);
        if (SameAdvert(_lastSent.GetValueOrDefault(key), advert)) { _mrai.Settled(peer, prefix); return; }
        if (!_mrai.MaySend(ctx, peer, prefix, advert is null, cause)) return; // it goes out when the interval ends
        Send(ctx, peer, prefix, advert, cause);
        _mrai.Sent(ctx, peer, prefix, advert is null, cause);
    }

    private void Send(NodeContext ctx, int peer, string prefix, AsRoute? advert, long cause)
    {
        _lastSent[(peer, prefix)] = advert;
        ctx.Send(peer, Math.Max(ctx.Lookahead, (long)Math.Ceiling(_latency[peer]) + _p.BgpProcessingMs),
            new BgpUpdate { Prefix = prefix, AsPath = advert?.Path, Communities = advert is { Communities.Length: > 0 } ? advert.Communities : null }, cause);
    }

    private static bool SameAdvert(AsRoute? a, AsRoute? b) => a is null ? b is null : a.Equals(b);

    private static bool SamePath((int From, AsRoute Route)? a, (int From, AsRoute Route)? b)
        => (a, b) switch
        {
            (null, null) => true,
            ({ } x, { } y) => x.From == y.From && x.Route.Equals(y.Route),
            _ => false,
        };
}
