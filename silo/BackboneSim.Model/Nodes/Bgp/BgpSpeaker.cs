using BackboneSim.Engine;
using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// The BGP side of an operator router: its sessions (eBGP to external ASes, iBGP to route reflectors or clients),
/// their import and export policies and max-prefix limits, the prefixes it originates (static, and anycast ones
/// while a local DNS server asks), and what it passes from one session to another. Routes travel as counts per
/// class (<see cref="RouteSet"/>); the operator's own prefixes also travel one by one to external ASes.
/// </summary>
public sealed class BgpSpeaker
{
    private readonly string _name;
    private readonly int _node;
    private readonly long _serverRoutes;
    private readonly long _operatorAsn;
    private readonly ModelParameters _p;
    private readonly bool _reflector;
    private readonly SortedDictionary<int, BgpSession> _sessions = new();
    private readonly HashSet<string> _staticPrefixes;
    private readonly Dictionary<string, SortedSet<int>> _anycastRequesters = new(StringComparer.Ordinal);

    /// <param name="serverRoutes">Routes to the servers behind this router (a data-center border router) that it
    /// brings into iBGP; front-end traffic follows the best of these.</param>
    public BgpSpeaker(string name, int node, long operatorAsn, ModelParameters parameters, bool reflector, IEnumerable<BgpSession> sessions,
        IEnumerable<string> staticPrefixes, IEnumerable<(string Prefix, int Requester)> initialAnycast,
        IReadOnlyDictionary<int, RouteSet>? initialReceived = null, long serverRoutes = 0)
    {
        _name = name;
        _node = node;
        _serverRoutes = serverRoutes;
        _operatorAsn = operatorAsn;
        _p = parameters;
        _reflector = reflector;
        Flowspec = new FlowspecSpeaker(reflector);
        foreach (var s in sessions) _sessions[s.Peer] = s;
        _staticPrefixes = staticPrefixes.ToHashSet(StringComparer.Ordinal);
        foreach (var (prefix, requester) in initialAnycast) Requesters(prefix).Add(requester);
        // The converged start: every session up, carrying what the steady state says, announcing what policy allows.
        foreach (var s in _sessions.Values)
        {
            s.Received = initialReceived?.GetValueOrDefault(s.Peer) ?? RouteSet.Empty;
            s.Import();
        }
        foreach (var s in _sessions.Values)
        {
            s.LastSent = Export(s);
            if (!s.IsIbgp)
                foreach (var p in Originated())
                    if (OperatorAnnouncement.Of(_operatorAsn, p, s.Policy) is { } route) s.Announced[p] = route;
        }
    }

    public IReadOnlyCollection<BgpSession> Sessions => _sessions.Values;
    /// <summary>The flow-specification address family (RFC 8955): the rules this router originates, learns and sends.</summary>
    public FlowspecSpeaker Flowspec { get; }
    /// <summary>This control plane's life: bumped when it fails, carried in OPENs and news of its death.</summary>
    public int Epoch { get; private set; }
    public bool HasEbgp => _sessions.Values.Any(s => !s.IsIbgp);
    public bool HasIbgp => _sessions.Values.Any(s => s.IsIbgp);

    /// <summary>Paths held over every established session (Adj-RIB-In): what fills a control plane's memory.</summary>
    public long RibPaths => _ribPaths ??= _sessions.Values.Where(s => s.Established).Sum(s => s.Accepted.Total);

    // Derived state kept between changes: the router checks RibPaths after every message it handles, and Export
    // needs the originated prefixes once per session.
    private long? _ribPaths;
    private IReadOnlyList<string>? _originated;

    /// <summary>Prefixes this router announces now: the static ones and anycast prefixes some local DNS server asks for.</summary>
    public IReadOnlyList<string> Originated()
        => _originated ??= _staticPrefixes.Concat(_anycastRequesters.Where(kv => kv.Value.Count > 0).Select(kv => kv.Key)).Distinct().OrderBy(p => p, StringComparer.Ordinal).ToList();

    /// <summary>What this router sends on a session: its own prefixes and server routes and what it learned on other
    /// sessions, as iBGP rules allow (a route reflector passes client routes to everyone and others' routes only to
    /// clients), through the session's export filter. Routes this router brings into iBGP lead to it (next-hop-self)
    /// and get the session's local preference when one is set; reflected routes keep theirs.</summary>
    public RouteSet Export(BgpSession to)
    {
        var set = new RouteSet();
        var setPref = to.IsIbgp && to.Policy.LocalPref > 0 ? to.Policy.LocalPref : (int?)null;
        var ownPref = setPref ?? BgpPolicy.DefaultLocalPref;
        set.Union(RouteFilter.Operator, Originated().Count(p => RouteFilter.AllowsPrefix(to.Policy.Announce, p)), ownPref, _node);
        if (RouteFilter.AllowsClass(to.Policy.Announce, RouteFilter.Servers)) set.Union(RouteFilter.Servers, _serverRoutes, ownPref, _node);
        _learned ??= Learned();
        var toNonClientIbgp = to.IsIbgp && !(_reflector && to.ToClient);
        foreach (var (group, best) in _learned)
        {
            if (toNonClientIbgp && group == LearnedFrom.NonClientIbgp) continue;
            foreach (var (cls, b) in best)
            {
                // Never back to where it came from: the next best source, if any, stands in.
                var route = b.Source == to.Peer ? b.Second : b.Best;
                if (route.Count <= 0 || !RouteFilter.AllowsClass(to.Policy.Announce, cls)) continue;
                if (group == LearnedFrom.Ebgp && to.IsIbgp) route = new RouteClass(route.Count, setPref ?? route.LocalPref, _node);
                set.Union(cls, route);
            }
        }
        return set;
    }

    private enum LearnedFrom { Ebgp, ClientIbgp, NonClientIbgp }

    /// <summary>Per group of sessions and class: the best copy, its session, and the runner-up. Rebuilt after any
    /// session changes, so exporting to every session costs sessions x classes, not sessions squared.</summary>
    private SortedDictionary<LearnedFrom, SortedDictionary<string, (RouteClass Best, int Source, RouteClass Second)>>? _learned;

    private SortedDictionary<LearnedFrom, SortedDictionary<string, (RouteClass Best, int Source, RouteClass Second)>> Learned()
    {
        var result = new SortedDictionary<LearnedFrom, SortedDictionary<string, (RouteClass Best, int Source, RouteClass Second)>>();
        foreach (var from in _sessions.Values.Where(s => s.Established))
        {
            var group = !from.IsIbgp ? LearnedFrom.Ebgp : from.ToClient ? LearnedFrom.ClientIbgp : LearnedFrom.NonClientIbgp;
            if (!result.TryGetValue(group, out var best)) result[group] = best = new SortedDictionary<string, (RouteClass, int, RouteClass)>(StringComparer.Ordinal);
            foreach (var (cls, route) in from.Accepted.Entries)
            {
                if (!best.TryGetValue(cls, out var b)) { best[cls] = (route, from.Peer, default); continue; }
                best[cls] = route.BetterThan(b.Best) ? (route, from.Peer, b.Best) : (b.Best, b.Source, route.BetterThan(b.Second) ? route : b.Second);
            }
        }
        return result;
    }

    /// <summary>
    /// The best server route this router learned over iBGP (highest local preference, then the lowest next hop), or
    /// null. Front-end traffic normally goes to the nearest data center; a server route with a higher preference
    /// than the default draws it to that route's next hop instead, wherever that is.
    /// </summary>
    public RouteClass? BestServerRoute()
    {
        if (_bestServerRouteKnown) return _bestServerRoute;
        RouteClass? best = null;
        foreach (var s in _sessions.Values.Where(s => s.IsIbgp && s.Established))
            if (s.Accepted.Get(RouteFilter.Servers) is { } route && (best is null || route.BetterThan(best.Value))) best = route;
        (_bestServerRoute, _bestServerRouteKnown) = (best, true);
        return best;
    }

    private RouteClass? _bestServerRoute;
    private bool _bestServerRouteKnown;

    /// <summary>The router a server route with a higher local preference than the default draws traffic to (its next
    /// hop), or -1: none, or it names <paramref name="self"/>.</summary>
    public int PreferredEgress(int self) =>
        BestServerRoute() is { LocalPref: > BgpPolicy.DefaultLocalPref, NextHop: >= 0 } r && r.NextHop != self ? r.NextHop : -1;

    /// <summary>Something a session learned or established changed: what it exports must be worked out again.</summary>
    private void Changed() => (_learned, _ribPaths, _bestServerRouteKnown) = (null, null, false);

    // ---- origination -------------------------------------------------------------------------------------

    /// <summary>While the control plane is down: remembers who asks for which anycast prefix, to announce it once
    /// the sessions are back (nothing can be sent now).</summary>
    public void RecordAnycastRequest(int from, AnycastRequest request)
    {
        foreach (var prefix in request.Prefixes.Where(p => !_staticPrefixes.Contains(p)))
            if (request.Announce) Requesters(prefix).Add(from); else Requesters(prefix).Remove(from);
        _originated = null;
    }

    public void OnAnycastRequest(NodeContext ctx, int from, AnycastRequest request)
    {
        var changed = false;
        foreach (var prefix in request.Prefixes.Where(p => !_staticPrefixes.Contains(p))) // static ones never follow a health check
        {
            var set = Requesters(prefix);
            var before = set.Count > 0;
            if (request.Announce) set.Add(from); else set.Remove(from);
            var after = set.Count > 0;
            if (before != after) _originated = null;
            if (before == after || !HasEbgp) continue;
            changed = true;
            var peers = _sessions.Values.Count(s => !s.IsIbgp && s.Established);
            var e = ctx.Emit(after ? new BgpOriginAnnounce(prefix, peers) : new BgpOriginWithdraw(prefix, peers), ctx.CurrentCause);
            foreach (var s in _sessions.Values.Where(s => !s.IsIbgp && s.Established)) SyncPrefixes(ctx, s, e);
        }
        if (changed) SyncVolumes(ctx, ctx.CurrentCause);
    }

    // ---- configuration -----------------------------------------------------------------------------------

    public static bool Matches(BgpSession s, string selector) => Matches(s.Kind, s.PeerName, selector);

    /// <summary>Whether a session of this kind to this peer is one the selector of a <c>bgp:</c> edit names.</summary>
    public static bool Matches(BgpSessionKind kind, string peerName, string selector) => selector switch
    {
        "*" => true,
        "ebgp" => kind != BgpSessionKind.Ibgp,
        "ibgp" => kind == BgpSessionKind.Ibgp,
        "transit" => kind == BgpSessionKind.Transit,
        "peer" => kind == BgpSessionKind.Peer,
        "route-server" => kind == BgpSessionKind.RouteServer,
        _ => peerName == selector,
    };

    /// <summary>The policy with what the edit sets (a push's, or the base configuration's); the rest kept.</summary>
    public static BgpPolicySpec WithEdit(BgpPolicySpec policy, BgpSessionEdit edit) => policy with
    {
        Accept = edit.Accept ?? policy.Accept, Announce = edit.Announce ?? policy.Announce, LocalPref = edit.LocalPref ?? policy.LocalPref,
        MaxPrefix = edit.MaxPrefix ?? policy.MaxPrefix, TeardownOnMaxPrefix = edit.TeardownOnMaxPrefix ?? policy.TeardownOnMaxPrefix,
        RestartMs = edit.RestartMs ?? policy.RestartMs, ExportMap = edit.ClearExportMap ? null : edit.ExportMap ?? policy.ExportMap,
        DropPackets = edit.DropPackets ?? policy.DropPackets,
    };

    public void Apply(NodeContext ctx, BgpSessionEdit edit, long cause)
    {
        foreach (var s in _sessions.Values.Where(s => Matches(s, edit.Peer)).ToList())
            Configure(ctx, s, WithEdit(s.Policy, edit), edit.Shutdown ?? s.Shutdown, cause);
    }

    /// <summary>The configuration of every session, to restore on rollback.</summary>
    public Dictionary<int, (BgpPolicySpec Policy, bool Shutdown)> Snapshot() => _sessions.ToDictionary(kv => kv.Key, kv => (kv.Value.Policy, kv.Value.Shutdown));

    public void Restore(NodeContext ctx, Dictionary<int, (BgpPolicySpec Policy, bool Shutdown)> snapshot, long cause)
    {
        foreach (var (peer, (policy, shutdown)) in snapshot) Configure(ctx, _sessions[peer], policy, shutdown, cause);
    }

    private void Configure(NodeContext ctx, BgpSession s, BgpPolicySpec policy, bool shutdown, long cause)
    {
        var policyChanged = !SamePolicy(policy, s.Policy);
        if (!policyChanged && shutdown == s.Shutdown) return;
        s.Policy = policy;
        var e = cause;
        if (policyChanged)
            e = ctx.Emit(new BgpPolicyChanged(s.PeerName, string.Join(' ', policy.Accept), string.Join(' ', policy.Announce), policy.LocalPref,
                policy.MaxPrefix, policy.TeardownOnMaxPrefix ? "teardown" : "warn", policy.RestartMs, policy.ExportMap?.ToString(),
                policy.DropPackets ? "drop" : null), cause);
        // Changing a session's configuration clears a max-prefix hold-down, as "clear bgp neighbor" would.
        if (s.IdleUntil != 0) { s.IdleUntil = 0; s.Timers.CancelAll(ctx); }
        if (shutdown != s.Shutdown)
        {
            s.Shutdown = shutdown;
            if (shutdown && s.Established) { Drop(ctx, s, "administrative shutdown", e, notify: true); return; }
        }
        // A filter that drops the session's packets: neither end hears a keepalive, so both hold timers run out together;
        // lifted before that, the session never noticed (TCP retransmits what was held up).
        if (s.Established && policyChanged && s.DropsPackets) s.Timers.Set(ctx, ctx.Now + _p.BgpHoldMs, new SessionTimer(s.Peer, Idle: false), e);
        else if (s.Established && policyChanged && !s.DropsPackets && s.Reachable) s.Timers.CancelAll(ctx);
        if (!s.Established) { if (s.Willing) Send(ctx, s, new BgpOpen { Epoch = Epoch }, e, 0); return; }
        s.Import();
        Changed();
        if (CheckMaxPrefix(ctx, s, e)) return;
        if (!s.IsIbgp) SyncPrefixes(ctx, s, e);
        SyncVolumes(ctx, e);
    }

    private static bool SamePolicy(BgpPolicySpec a, BgpPolicySpec b)
        => a.Accept.SequenceEqual(b.Accept) && a.Announce.SequenceEqual(b.Announce) && a.LocalPref == b.LocalPref && a.MaxPrefix == b.MaxPrefix
           && a.TeardownOnMaxPrefix == b.TeardownOnMaxPrefix && a.RestartMs == b.RestartMs && a.ExportMap?.ToString() == b.ExportMap?.ToString()
           && a.DropPackets == b.DropPackets;

    // ---- protocol ----------------------------------------------------------------------------------------

    public void OnOpen(NodeContext ctx, int from, BgpOpen open)
    {
        if (!_sessions.TryGetValue(from, out var s)) return;
        if (s.DropsPackets) return; // the filter drops it before the control plane sees it
        s.PeerLife.Heard(open.Epoch);
        if (s.Shutdown || s.IdleUntil != 0) return;
        if (!open.Reply) Send(ctx, s, new BgpOpen { Reply = true, Epoch = Epoch }, ctx.CurrentCause, 0);
        if (!s.Established) Establish(ctx, s, ctx.CurrentCause);
        else if (!open.Reply)
        {
            // The peer restarted its end: it holds nothing from us. With graceful restart its routes were kept meanwhile.
            var e = _p.BgpGracefulRestartMs > 0 ? ctx.Emit(new BgpGracefulRestart(s.PeerName), ctx.CurrentCause) : ctx.CurrentCause;
            Resend(ctx, s, e);
        }
    }

    public void OnNotification(NodeContext ctx, int from, BgpNotification notification)
    {
        if (_sessions.TryGetValue(from, out var s) && s.Established) Drop(ctx, s, $"peer closed the session: {notification.Reason}", ctx.CurrentCause, notify: false);
    }

    /// <summary>The established session with <paramref name="peer"/> whose life <paramref name="epoch"/> news of a death
    /// is about, or null: none, down already, or the peer has rebooted since.</summary>
    public BgpSession? LiveSession(int peer, int epoch)
        => _sessions.TryGetValue(peer, out var s) && s.Established && !s.PeerLife.Outlived(epoch) ? s : null;

    /// <summary>The session with <paramref name="peer"/>, if this router has one.</summary>
    public BgpSession? SessionWith(int peer) => _sessions.GetValueOrDefault(peer);

    /// <summary>BFD declared the peer down (<see cref="BfdSessions"/>): bgpd closes the session at once, as with
    /// <c>neighbor … bfd</c>, instead of waiting for the hold timer.</summary>
    public void CloseOnBfd(NodeContext ctx, BgpSession s, long cause) => Drop(ctx, s, BfdSessions.DownReason, cause, notify: false);

    public void OnPeerSilent(NodeContext ctx, int from, PeerSilent silent)
    {
        if (_sessions.TryGetValue(from, out var s) && s.Established && !s.PeerLife.Outlived(silent.Epoch))
            Drop(ctx, s, silent.Reason ?? "hold timer expired: the peer went silent", ctx.CurrentCause, notify: false);
    }

    public void OnVolume(NodeContext ctx, int from, RouteVolume volume)
    {
        if (!_sessions.TryGetValue(from, out var s) || !s.Established) return;
        var before = s.Accepted;
        s.Received = RouteSet.From(volume);
        s.Import();
        if (s.Accepted.SameAs(before)) return;
        Changed();
        if (CheckMaxPrefix(ctx, s, ctx.CurrentCause)) return;
        SyncVolumes(ctx, ctx.CurrentCause);
    }

    /// <summary>Timer: an iBGP peer has been unreachable for the hold time, or a max-prefix idle period ended.</summary>
    public sealed record SessionTimer(int Peer, bool Idle);

    /// <summary>Timer: the export batching interval ended; send every session what changed.</summary>
    public sealed record ExportTimer;

    /// <param name="bfd">With BFD on, an unreachable peer's session ends by BFD: its multihop session is declared down.</param>
    public void OnTimer(NodeContext ctx, SessionTimer timer, BfdSessions bfd)
    {
        if (!_sessions.TryGetValue(timer.Peer, out var s)) return;
        if (timer.Idle)
        {
            s.IdleUntil = 0;
            var e = ctx.Emit(new BgpMaxPrefixRestart(s.PeerName, s.PeerName), ctx.CurrentCause);
            if (s.Willing) Send(ctx, s, new BgpOpen { Epoch = Epoch }, e, 0);
        }
        else if (s.DropsPackets && s.Established)
        {
            // Both hold timers run out now: this end closes, and so does the peer's, which heard nothing either.
            var reason = s.Policy.DropPackets ? "hold timer expired: a filter drops BGP packets" : "hold timer expired: a Flowspec rule drops BGP packets";
            Drop(ctx, s, reason, ctx.CurrentCause, notify: false);
            ctx.Send(s.Peer, ctx.Lookahead, new PeerSilent { Epoch = Epoch, Reason = reason }, ctx.CurrentCause);
        }
        else if (!s.Reachable && s.Established)
        {
            if (BfdSessions.Enabled(_p)) CloseOnBfd(ctx, s, bfd.SessionDown(ctx, s, ctx.CurrentCause));
            else Drop(ctx, s, "hold timer expired: the peer is unreachable", ctx.CurrentCause, notify: false);
        }
    }

    /// <summary>
    /// How long an iBGP session outlives the IGP's loss of its peer: the hold time, or with BFD on the detection time
    /// (the multihop session's packets ride the IGP's paths, so they stop reaching the peer with them). Counted from
    /// the SPF run that found the peer unreachable, which comes some hundreds of ms after the path broke.
    /// </summary>
    private long UnreachableHoldMs => BfdSessions.Enabled(_p) ? BfdSessions.DetectMs(_p) : _p.BgpHoldMs;

    /// <summary>iBGP rides the IGP: a peer the IGP cannot reach goes quiet, and its session ends when the hold timer runs
    /// out (with BFD on, when the multihop BFD session's detection time does).</summary>
    public void OnReachability(NodeContext ctx, Func<int, bool> reachable, long cause)
    {
        foreach (var s in _sessions.Values.Where(s => s.IsIbgp))
        {
            var r = reachable(s.Peer);
            if (r == s.Reachable) continue;
            s.Reachable = r;
            s.Timers.CancelAll(ctx);
            if (!r && s.Established) s.Timers.Set(ctx, ctx.Now + UnreachableHoldMs, new SessionTimer(s.Peer, Idle: false), cause);
            else if (r && !s.Established && s.Willing) Send(ctx, s, new BgpOpen { Epoch = Epoch }, cause, 0);
        }
    }

    /// <summary>
    /// The control plane died: every session ends; peers notice when their hold timers run out. When the whole router
    /// went down (<paramref name="carrierLost"/>), an eBGP peer, one link away, notices the carrier loss instead
    /// (fast external fallover); iBGP peers, several hops away, still wait for their hold timers. With BFD on, every peer
    /// notices when its BFD session runs out instead, unless an eBGP peer's loss of light comes first.
    /// </summary>
    public void Fail(NodeContext ctx, long cause, bool carrierLost = false)
    {
        foreach (var s in _sessions.Values)
        {
            if (s.Established && BfdSessions.DownAfter(ctx, _p, s.LatencyMs, lightLost: carrierLost && !s.IsIbgp) is { } bfd)
                ctx.Send(s.Peer, bfd, new BfdDown { Epoch = Epoch }, cause);
            else if (s.Established && carrierLost && !s.IsIbgp)
                ctx.Send(s.Peer, Math.Max(ctx.Lookahead, (long)Math.Ceiling(s.LatencyMs) + _p.CarrierLossDetectMs),
                    new PeerSilent { Epoch = Epoch, Reason = "the link to the peer lost carrier (the router is down)" }, cause);
            // With graceful restart (RFC 4724) the peer keeps the routes, stale, for the restart time after its hold
            // timer runs out; this life's news reaches it only if no OPEN of the next life came first.
            else if (s.Established && _p.BgpGracefulRestartMs > 0)
                ctx.Send(s.Peer, Math.Max(ctx.Lookahead, _p.BgpHoldMs + _p.BgpGracefulRestartMs),
                    new PeerSilent { Epoch = Epoch, Reason = "graceful restart: the peer did not come back within the restart time" }, cause);
            else if (s.Established) ctx.Send(s.Peer, Math.Max(ctx.Lookahead, _p.BgpHoldMs), new PeerSilent { Epoch = Epoch }, cause);
            s.Clear();
            s.Timers.CancelAll(ctx);
            if (s.IsIbgp) s.Reachable = false; // known again once the IGP has converged after the reboot
        }
        Flowspec.Fail();
        Changed();
        Epoch++;
        _exportPending = false; // its timer fires into a dead control plane
    }

    /// <summary>Back from a reboot: open every eBGP session; iBGP ones open as the IGP finds their peers.</summary>
    public void Reboot(NodeContext ctx, long cause)
    {
        foreach (var s in _sessions.Values.Where(s => !s.IsIbgp && s.Willing)) Send(ctx, s, new BgpOpen { Epoch = Epoch }, cause, 0);
    }

    private void Establish(NodeContext ctx, BgpSession s, long cause)
    {
        s.Established = true;
        s.MaxPrefixWarned = false;
        Changed();
        var e = ctx.Emit(new BgpSessionUp(s.PeerName, s.PeerName, KindName(s.Kind)), cause);
        if (!s.Reachable) { s.Timers.CancelAll(ctx); s.Timers.Set(ctx, ctx.Now + UnreachableHoldMs, new SessionTimer(s.Peer, Idle: false), e); }
        Resend(ctx, s, e);
        SyncVolumes(ctx, e);
    }

    /// <summary>Sends the peer everything again: its end starts empty.</summary>
    private void Resend(NodeContext ctx, BgpSession s, long cause)
    {
        s.Announced.Clear();
        s.LastSent = RouteSet.Empty;
        if (!s.IsIbgp) SyncPrefixes(ctx, s, cause);
        SendVolume(ctx, s, cause);
        if (s.Flowspec) { Flowspec.ResendTo(s); SyncFlowspec(ctx, cause); }
    }

    private void Drop(NodeContext ctx, BgpSession s, string reason, long cause, bool notify)
    {
        var paths = s.Accepted.Total;
        s.Clear();
        Changed();
        s.Timers.CancelAll(ctx);
        var e = ctx.Emit(new BgpSessionDown(s.PeerName, s.PeerName, reason, KindName(s.Kind), paths), cause);
        if (notify) Send(ctx, s, new BgpNotification { Reason = reason }, e, 0);
        SyncVolumes(ctx, e);
        if (s.Flowspec) { Flowspec.SessionDown(s); SyncFlowspec(ctx, e); }
    }

    // ---- Flowspec ----------------------------------------------------------------------------------------

    /// <summary>A peer sent its Flowspec rules (the whole set).</summary>
    public void OnFlowspecUpdate(NodeContext ctx, int from, FlowspecUpdate update)
    {
        if (!_sessions.TryGetValue(from, out var s) || !s.Established || !s.Flowspec) return;
        Flowspec.OnUpdate(s, update);
        SyncFlowspec(ctx, ctx.CurrentCause);
    }

    /// <summary>Sends every Flowspec session what changed, and marks the installed rules to be worked out again.</summary>
    public void SyncFlowspec(NodeContext ctx, long cause) =>
        Flowspec.Sync(ctx, _sessions.Values, (s, update) => Send(ctx, s, update, cause, 0), cause);

    /// <summary>
    /// The Flowspec rules in the hardware now drop (or pass) BGP's packets from some peers: a session whose packets
    /// are dropped ends when its hold timer runs out (both ends hear nothing), unless the rule goes first; one whose
    /// packets pass again opens as any session does.
    /// </summary>
    public void SetFlowspecFilter(NodeContext ctx, Func<BgpSession, bool> drops, long cause)
    {
        foreach (var s in _sessions.Values)
        {
            var now = drops(s);
            if (now == s.FlowspecDrops) continue;
            var before = s.DropsPackets;
            s.FlowspecDrops = now;
            if (before == s.DropsPackets) continue;
            if (s.Established && s.DropsPackets) s.Timers.Set(ctx, ctx.Now + _p.BgpHoldMs, new SessionTimer(s.Peer, Idle: false), cause);
            else if (s.Established && s.Reachable) s.Timers.CancelAll(ctx);
            else if (!s.Established && s.Willing) Send(ctx, s, new BgpOpen { Epoch = Epoch }, cause, 0);
        }
    }

    /// <summary>Checks every established session's max-prefix limit (the start state may already break one).</summary>
    public void CheckLimits(NodeContext ctx, long cause)
    {
        foreach (var s in _sessions.Values.Where(s => s.Established).ToList()) CheckMaxPrefix(ctx, s, cause);
    }

    /// <summary>Checks a session's accepted routes against its max-prefix limit; true when it tore the session down.</summary>
    private bool CheckMaxPrefix(NodeContext ctx, BgpSession s, long cause)
    {
        var limit = s.Policy.MaxPrefix;
        var count = s.Accepted.Total;
        if (limit <= 0 || count <= limit) { s.MaxPrefixWarned = false; return false; }
        if (!s.Policy.TeardownOnMaxPrefix)
        {
            if (!s.MaxPrefixWarned) ctx.Emit(new BgpMaxPrefixWarning(s.PeerName, s.PeerName, count, limit), cause);
            s.MaxPrefixWarned = true;
            return false;
        }
        var e = ctx.Emit(new BgpMaxPrefixExceeded(s.PeerName, s.PeerName, count, limit, s.Policy.RestartMs), cause);
        Drop(ctx, s, $"max-prefix limit {limit:N0} exceeded ({count:N0} routes)", e, notify: true);
        s.IdleUntil = s.Policy.RestartMs > 0 ? ctx.Now + s.Policy.RestartMs : long.MaxValue;
        if (s.Policy.RestartMs > 0) s.Timers.Set(ctx, s.IdleUntil, new SessionTimer(s.Peer, Idle: true), e);
        return true;
    }

    /// <summary>
    /// Exports are batched like an advertisement interval: the first change starts a short timer and everything
    /// that changes before it fires goes out together, so a storm of session changes costs one round of updates.
    /// </summary>
    private void SyncVolumes(NodeContext ctx, long cause)
    {
        _exportCause = cause;
        if (_exportPending) return;
        _exportPending = true;
        ctx.SetTimer(ctx.Now + Math.Max(1, _p.BgpExportBatchMs), new ExportTimer(), cause);
    }

    private bool _exportPending;
    private long _exportCause;

    /// <summary>Sends every established session what changed in what this router exports to it.</summary>
    public void OnExportTimer(NodeContext ctx)
    {
        _exportPending = false;
        foreach (var s in _sessions.Values.Where(s => s.Established))
            if (!Export(s).SameAs(s.LastSent)) SendVolume(ctx, s, _exportCause);
    }

    private void SendVolume(NodeContext ctx, BgpSession s, long cause)
    {
        var set = Export(s);
        var delta = Math.Abs(set.Total - s.LastSent.Total);
        s.LastSent = set;
        // A big table takes time to send and process: the receiver has all of it after count / rate.
        Send(ctx, s, set.ToMessage(), cause, (long)Math.Ceiling(delta * 1000.0 / Math.Max(1, _p.BgpRoutesPerSecond)));
    }

    /// <summary>eBGP: announces and withdraws the operator's own prefixes one by one, as policy allows.</summary>
    private void SyncPrefixes(NodeContext ctx, BgpSession s, long cause)
    {
        var want = new SortedDictionary<string, AsRoute>(StringComparer.Ordinal);
        foreach (var p in Originated())
            if (OperatorAnnouncement.Of(_operatorAsn, p, s.Policy) is { } route) want[p] = route;
        foreach (var p in s.Announced.Keys.Where(p => !want.ContainsKey(p)).ToList())
        {
            s.Announced.Remove(p);
            Send(ctx, s, new BgpUpdate { Prefix = p, AsPath = null }, cause, 0);
        }
        foreach (var (p, route) in want)
        {
            if (s.Announced.TryGetValue(p, out var sent) && sent.Equals(route)) continue;
            s.Announced[p] = route;
            Send(ctx, s, new BgpUpdate { Prefix = p, AsPath = route.Path, Communities = route.Communities.Length > 0 ? route.Communities : null }, cause, 0);
        }
    }

    private void Send(NodeContext ctx, BgpSession s, object payload, long cause, long extraMs)
        => ctx.Send(s.Peer, Math.Max(ctx.Lookahead, (long)Math.Ceiling(s.LatencyMs) + _p.BgpProcessingMs + extraMs), payload, cause);

    public static string KindName(BgpSessionKind kind) => kind switch
    {
        BgpSessionKind.Transit => "transit", BgpSessionKind.Peer => "peer", BgpSessionKind.RouteServer => "route-server", _ => "ibgp",
    };

    private SortedSet<int> Requesters(string prefix)
    {
        if (!_anycastRequesters.TryGetValue(prefix, out var set)) _anycastRequesters[prefix] = set = new SortedSet<int>();
        return set;
    }

    public override string ToString() => $"BGP of {_name}";
}
