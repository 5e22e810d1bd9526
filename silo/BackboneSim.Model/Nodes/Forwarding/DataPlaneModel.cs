using BackboneSim.Engine;
using BackboneSim.Model.DataPlane;
using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// The operator's data plane: the forwarding hardware of every router (<see cref="RouterFib"/>: what its control plane
/// programmed, local repair, fail-static) and the front-end traffic it carries. Routers' control planes program it by
/// messages that arrive when a batch is programmed (<see cref="FibProgrammer"/>); PoP gateways say where their
/// front-ends' traffic goes (<see cref="FlowReport"/>). Each flow is carried hop by hop over the FIBs as they are
/// (<see cref="FrontEndWalk"/>): delivered, blackholed where an entry is missing, looping where FIBs disagree, or
/// dropped on a link that cannot carry what is offered to it. A link drops the same share of everything offered to it
/// (open-loop fluid traffic, tail drop: what the previous model did per router pair, now per link and along the real
/// path). Only flows whose path crosses a changed FIB are carried anew; a steady network costs nothing.
/// <para>
/// Routers' Flowspec rules (RFC 8955, <see cref="FlowspecInstall"/>) act on every packet arriving at the router that
/// installed them, as its hardware applies them: each flow is matched by the packets it really has
/// (<see cref="PacketSignature"/>, worked out once per site and kind) at its ingress routers, every router on the way
/// and the one that delivers it; a discard rule drops it there, a rate rule polices all that matches it there
/// together (<see cref="FlowspecTable"/>); both count as filtered, at that router. Anycast queries and users' entry
/// are dropped by an entry router whose rules discard them as by a dark one.
/// </para>
/// </summary>
/// <remarks>
/// Loss on a congested link is worked out from the load that reaches it after the losses upstream
/// (<see cref="StrictPriorityLinks.Settle"/>), so two congested links in series do not cut a flow twice from its full
/// rate; traffic enters a cut link until a line card notices (<c>carrier_loss_detect</c>) and is lost there, as on a
/// real network.
/// </remarks>
public sealed class DataPlaneModel : INodeModel
{
    private sealed record StepTimer;
    private sealed record FlushTimer(int Router, int Epoch);
    /// <summary>A front-end flow's delivered share fell <c>delivery_hold</c> ago: tell its gateway if the drop lasted.</summary>
    private sealed record DropTimer(long Flow);
    /// <summary>The news of this instant about the anycast catchment are in: tell the resolvers what changed.</summary>
    private sealed record CatchmentTimer;

    private readonly IgpDomain _domain;
    private readonly ModelParameters _p;
    private readonly IReadOnlyList<string> _names;
    private readonly IReadOnlyList<LinkSpec> _links;
    private readonly Func<int, IReadOnlyList<RouterInterface>> _startInterfaces;
    private readonly Dictionary<(int, int), int[]> _pairLinks;
    private readonly Dictionary<int, RouterFib> _fibs = new();
    private readonly StartRoutes _startRoutes;
    private readonly Dictionary<int, TimerGroup> _flush = new();
    private readonly HashSet<(int Link, int Router)> _downEnds = new();
    /// <summary>Link directions (<see cref="FlowWalk.Directed"/>) whose far end discards the data arriving (an ACL).</summary>
    private readonly HashSet<int> _filteredInto = new();
    /// <summary>The flows carried, by <see cref="FlowKey"/>: each gateway's front-end flows (number 0 to its nearest data
    /// center, 1 + i to the i-th data-center site its users are assigned to) and the data centers' replication flows
    /// (<see cref="ReplicationFlows"/>, from data-center nodes).</summary>
    private readonly SortedDictionary<long, FlowReport> _flows = new();
    private readonly Dictionary<long, FlowPath> _paths = new();
    private readonly Dictionary<long, HashSet<int>> _routersOf = new();
    private readonly HashSet<int> _changedRouters = new();
    /// <summary>Per front-end flow: the delivered share its gateway was last told, and the share the latest step carried.</summary>
    private readonly Dictionary<long, double> _delivered = new();
    private readonly Dictionary<long, double> _carried = new();
    private readonly Dictionary<long, TimerGroup> _dropTimers = new();
    /// <summary>The data-center sites in topology order (a front-end flow's number is 1 + the index of its site).</summary>
    private readonly Dictionary<string, int> _siteIndex;
    private readonly IReadOnlyList<string> _sites;
    private readonly FrontEndProbes? _frontEndProbes;
    /// <summary>The responders, who hear what share of each PoP's internal-tool traffic arrives (-1: none).</summary>
    private readonly int _responders;
    /// <summary>A PoP's internal-tool flow's number at its gateway (<see cref="InternalToolFlows"/>).</summary>
    private const int ToolsId = 0xFFFF;
    private bool _probedOnce, _probedCongested, _linksChanged;
    private readonly Dictionary<(int, int), double> _reportedUtilisation = new();
    private Totals _reported;
    /// <summary>Health-check probes by prober (a DNS server), and whether they arrived when last told.</summary>
    private readonly SortedDictionary<int, ProbeRegistration> _probes = new();
    private readonly Dictionary<int, bool> _probesArrive = new();
    private bool _pending;
    private long _pendingCause;
    /// <summary>Where resolvers' queries to the anycast DNS prefixes go (null: the catchment is fixed at build time).</summary>
    private readonly AnycastCatchment? _catchment;
    private bool _catchmentPending;
    private long _catchmentCause;
    /// <summary>The users' traffic across the links outside on the way in (<c>frontend_catchment: bgp</c> and links
    /// with a capacity), or null.</summary>
    private readonly InterAsTraffic? _interAs;
    /// <summary>The responses' way back to the users across other networks (with <see cref="_interAs"/>), or null.</summary>
    private readonly ResponseRoutes? _responses;
    private const double UtilisationStep = 0.05;
    /// <summary>Every router's Flowspec rules as its hardware applies them.</summary>
    private readonly FlowspecTable _flowspec = new();
    /// <summary>The users' requests to the front-ends' public address (<c>frontend_prefix</c>, else the operator's first
    /// static prefix), as they arrive at a front-end flow's ingress routers; null: none known.</summary>
    private readonly PacketSignature? _usersRequests;
    /// <summary>The packets each kind of flow carries to each site's prefix, and probes to each router, worked out once.</summary>
    private readonly Dictionary<(FlowKind Kind, int Site), PacketSignature> _siteSignatures = new();
    private readonly Dictionary<int, PacketSignature> _pings = new();
    private readonly Dictionary<(string Prefix, AnycastTraffic Kind), PacketSignature> _anycastSignatures = new();
    private enum FlowKind { FrontEnd, Replication, Tools }

    /// <param name="startInterfaces">A router's interfaces as the run starts (for its start FIB).</param>
    /// <param name="replication">The data centers' replication flows (<see cref="ReplicationFlows"/>).</param>
    /// <param name="dataCenterSites">The data-center sites, in topology order (front-end flows are numbered by them).</param>
    /// <param name="frontEndProbes">The front-ends' health checks of the data centers over the data plane, if any.</param>
    /// <param name="frontEndAddress">The prefix of the front-ends' public addresses, which users' requests are sent to
    /// (the topology's <c>frontend_prefix</c>, else its first static prefix), or null.</param>
    public DataPlaneModel(IgpDomain domain, ModelParameters parameters, IReadOnlyList<string> nodeNames, Func<int, IReadOnlyList<RouterInterface>> startInterfaces,
        IEnumerable<(int Node, int Id, FlowReport Flow)>? replication = null, AnycastCatchment? catchment = null,
        IReadOnlyList<string>? dataCenterSites = null, FrontEndProbes? frontEndProbes = null,
        IReadOnlyList<(int Gateway, FlowReport Flow)>? toolFlows = null, int responders = -1, InterAsTraffic? interAs = null,
        ResponseRoutes? responses = null, string? frontEndAddress = null)
    {
        _usersRequests = frontEndAddress is null ? null : PacketSignature.Https(Prefix.Parse(frontEndAddress));
        _interAs = interAs;
        _responses = responses;
        foreach (var (gateway, flow) in toolFlows ?? []) _flows[FlowKey(gateway, ToolsId)] = flow;
        _responders = responders;
        _sites = dataCenterSites ?? [];
        _siteIndex = _sites.Select((site, i) => (site, i)).ToDictionary(x => x.site, x => x.i, StringComparer.Ordinal);
        _frontEndProbes = frontEndProbes;
        _catchment = catchment;
        _catchment?.StartTold(_ => false);
        foreach (var (node, id, flow) in replication ?? []) _flows[FlowKey(node, id)] = flow;
        _domain = domain;
        _p = parameters;
        _names = nodeNames;
        _links = domain.Links;
        _startInterfaces = startInterfaces;
        _startRoutes = new StartRoutes(domain, startInterfaces, parameters.EcmpMaxPaths);
        _pairLinks = _links.GroupBy(l => Key(l.A, l.B)).ToDictionary(g => g.Key, g => g.Select(l => l.Index).ToArray());
    }

    /// <summary>The replication and internal-tool flows run from the start: carried a <c>traffic_step</c> in, with the first front-end flows.</summary>
    public void Start(NodeContext ctx)
    {
        if (_flows.Count > 0) ScheduleStep(ctx);
    }

    /// <summary>A flow's key: its source node and its number there (0 for a gateway's front-end flow).</summary>
    private static long FlowKey(int node, int id) => ((long)node << 16) | (uint)id;
    private static int SourceOf(long key) => (int)(key >> 16);
    private bool IsFrontEnd(long key) => _domain.IsRouter(SourceOf(key)) && !IsTools(key);
    private static bool IsTools(long key) => (key & 0xFFFF) == ToolsId;

    /// <summary>A gateway's front-end flow's number: 0 to the nearest data center, 1 + the site's index when assigned.</summary>
    private int FrontEndId(FlowReport flow) =>
        !flow.Placed ? 0 : _siteIndex.TryGetValue(flow.DataCenter ?? "", out var i) ? i + 1
            : throw new InvalidOperationException($"the data plane knows no data-center site '{flow.DataCenter}'");

    /// <summary>A router's FIB, forwarding by the converged start routes until something changes it.</summary>
    // The lookup stays apart from the construction: the lambdas' captures would otherwise be allocated on every call.
    public RouterFib Fib(int router) => _fibs.TryGetValue(router, out var fib) ? fib : _fibs[router] = NewFib(router);

    private RouterFib NewFib(int router)
    {
        var ordinal = _domain.Ordinal(router);
        var prefixes = _domain.DataCenterPrefixes;
        return new RouterFib(router, ordinal, destination => _startRoutes.FirstHops(ordinal, destination),
            () => FibProgrammer.StartTree(_domain, router, _startInterfaces(router), _p.EcmpMaxPaths).FirstHopTable(),
            // The converged entry for a data-center prefix: the rule the router's control plane programs by, with the
            // start distances and no BGP exit.
            site => prefixes.Entry(router, site, border => _startRoutes.DistanceTo(border)[ordinal]),
            prefixes.Count);
    }

    public void Handle(NodeContext ctx, SimMessage message)
    {
        switch (message.Payload)
        {
            case StepTimer: _pending = false; Carry(ctx, _pendingCause); return;
            case CatchmentTimer: TellCatchment(ctx); return;
            case AsForwarding hop: _catchment?.SetHop(message.From, hop.Prefix, hop.NextHop); ScheduleCatchment(ctx); return;
            case AnycastSite site: _catchment?.SetServer(message.From, site.Serving, site.Names, site.AnswerShare); ScheduleCatchment(ctx); return;
            case CohortTraffic users: _interAs?.SetDemand(message.From, users.Gbps); ScheduleCatchment(ctx); return;
            case AsExitOffer offer:
                for (var i = 0; i < offer.Prefixes.Length; i++) _responses?.Exits.Offer(offer.Prefixes[i], offer.Routers[i], message.From, offer.PathLengths[i]);
                ScheduleCatchment(ctx);
                return;
            case FlushTimer flush: OnFlush(ctx, flush); return;
            case DropTimer drop: TellGateway(ctx, drop.Flow, _carried.GetValueOrDefault(drop.Flow, 1), ctx.CurrentCause, dropLasted: true); return;
            case FibUpdate batch: _pendingCause = OnBatch(ctx, message.From, batch); break;
            case LineCardSignal signal: _pendingCause = OnLineCard(ctx, message.From, signal); break;
            case DataFilter filter: OnFilter(message.From, filter); _pendingCause = ctx.CurrentCause; break;
            case FlowspecInstall install:
                // The flows crossing the router are walked again, and the anycast entries worked out again.
                _flowspec.Install(message.From, install.Rules);
                _changedRouters.Add(message.From);
                ScheduleCatchment(ctx);
                _pendingCause = ctx.CurrentCause;
                break;
            case ForwardingControl control: _pendingCause = OnControl(ctx, message.From, control); break;
            case ProbeRegistration probe: _probes[message.From] = probe; _pendingCause = ctx.CurrentCause; break;
            case FlowReport report:
                var key = FlowKey(message.From, FrontEndId(report));
                // A new rate along the same legs keeps the path: only where it goes makes it walk again.
                if (!_flows.TryGetValue(key, out var before) || !SameLegs(before, report)) _paths.Remove(key);
                if (report.Gbps <= 0) _flows.Remove(key); else _flows[key] = report;
                _pendingCause = ctx.CurrentCause;
                break;
            default: throw new InvalidOperationException($"the data plane cannot handle {message.Payload.GetType().Name}");
        }
        ScheduleStep(ctx);
    }

    private static bool SameLegs(FlowReport a, FlowReport b) => a.DataCenter == b.DataCenter && a.Ingress.AsSpan().SequenceEqual(b.Ingress);

    /// <summary>Carries one flow over the FIBs as they are (<paramref name="passes"/>: what share a link direction or a
    /// policer lets through), through the routers' Flowspec rules when any router has some.</summary>
    private FlowPath Walk(long key, FlowReport flow, Func<int, double>? passes = null)
    {
        var site = _domain.DataCenterPrefixes.IndexOf(flow.DataCenter);
        Func<int, int>? rules = null, ingressRules = null;
        if (_flowspec.Any)
        {
            if (site >= 0)
            {
                var packets = SiteSignature(IsFrontEnd(key) ? FlowKind.FrontEnd : IsTools(key) ? FlowKind.Tools : FlowKind.Replication, site);
                rules = router => RuleAt(router, packets);
            }
            // The users' own requests arrive at a front-end flow's ingress routers before the front-ends proxy them on.
            if (IsFrontEnd(key) && _usersRequests is { } requests) ingressRules = router => RuleAt(router, requests);
        }
        return FrontEndWalk.Walk(Sending(key, flow), site, _domain.DataCenterPrefixes, _domain.FirstRouterNode,
            FibOf, (router, s) => _domain.IsRouter(router) ? Fib(router).SiteRoute(s) : [], passes, rules, ingressRules);
    }

    /// <summary>What a router's Flowspec rules do to a packet arriving there (<see cref="FlowspecTable.Action"/>); a dark
    /// router applies nothing (it forwards nothing either).</summary>
    private int RuleAt(int router, in PacketSignature packet) =>
        _flowspec.Has(router) && !Fib(router).Dark ? _flowspec.Action(router, packet) : FlowspecTable.Pass;

    /// <summary>The packets a kind of flow sends to a site's prefix: users' requests proxied by the front-ends (HTTPS,
    /// RFC 9110), the replication (bulk TCP on ports the application picks), the engineers' tools (SSH, RFC 4253).</summary>
    private PacketSignature SiteSignature(FlowKind kind, int site)
    {
        if (_siteSignatures.TryGetValue((kind, site), out var packets)) return packets;
        var prefix = _domain.DataCenterPrefixes.Prefixes[site];
        return _siteSignatures[(kind, site)] = kind switch
        {
            FlowKind.FrontEnd => PacketSignature.Https(prefix),
            FlowKind.Tools => PacketSignature.Ssh(prefix),
            _ => PacketSignature.Bulk(prefix),
        };
    }

    /// <summary>A health check's probe of a router: an ICMP echo to its loopback.</summary>
    private PacketSignature PingTo(int router) =>
        _pings.TryGetValue(router, out var packets) ? packets : _pings[router] = PacketSignature.Ping(Loopbacks.Of(router - _domain.FirstRouterNode));

    /// <summary>What a router's rules do to probes towards <paramref name="target"/>; null while no router has rules.</summary>
    private Func<int, int, int>? ProbeRules() => _flowspec.Any ? (router, target) => RuleAt(router, PingTo(target)) : null;

    /// <summary>Which entry routers drop anycast packets: dark ones, and those whose rules discard them (DNS queries,
    /// RFC 1035 §4.2: UDP to port 53; users' requests to the front-ends: HTTPS).</summary>
    private EntryDrops AnycastDrops()
    {
        Func<int, bool> dark = router => _domain.IsRouter(router) && Fib(router).Dark;
        if (!_flowspec.Any) return AnycastCatchment.Dark(dark);
        return (router, prefix, kind) => dark(router)
            || (_flowspec.Has(router) && _flowspec.Action(router, AnycastSignature(prefix, kind)) == FlowspecTable.Discard);
    }

    private PacketSignature AnycastSignature(string prefix, AnycastTraffic kind)
    {
        if (_anycastSignatures.TryGetValue((prefix, kind), out var packets)) return packets;
        var parsed = Prefix.Parse(prefix);
        return _anycastSignatures[(prefix, kind)] = kind == AnycastTraffic.Https ? PacketSignature.Https(parsed) : PacketSignature.Dns(parsed);
    }

    /// <summary>Works the catchment out again once every message of this instant is in.</summary>
    private void ScheduleCatchment(NodeContext ctx)
    {
        if (_catchment is null) return;
        _catchmentCause = ctx.CurrentCause;
        if (_catchmentPending) return;
        _catchmentPending = true;
        ctx.SetTimer(ctx.Now, new CatchmentTimer(), ctx.CurrentCause);
    }

    /// <summary>Tells each resolver cohort whose queries to a prefix now meet another fate or server.</summary>
    private void TellCatchment(NodeContext ctx)
    {
        _catchmentPending = false;
        var drops = AnycastDrops();
        // One event per prefix and outcome: which resolvers' queries now go where (explain's chain runs through it).
        foreach (var group in _catchment!.Changes(drops)
                     .GroupBy(c => (c.Path.Prefix, c.Path.Fate, c.Path.Server, c.Moved)))
        {
            // A zone that changed where the queries already went is no move: the zone's own event explains it.
            if (!group.Key.Moved)
            {
                foreach (var (resolver, path, _) in group) ctx.Send(resolver, Math.Max(ctx.Lookahead, _p.LocalHopMs), path, _catchmentCause);
                continue;
            }
            var resolvers = group.Select(c => c.Resolver).ToList();
            var e = ctx.Emit(new AnycastCatchmentChanged(group.Key.Prefix, FateName(group.Key.Fate), group.Key.Server >= 0 ? _names[group.Key.Server] : null,
                string.Join(' ', resolvers.Select(r => _names[r])), resolvers.Count), _catchmentCause);
            foreach (var (resolver, path, _) in group) ctx.Send(resolver, Math.Max(ctx.Lookahead, _p.LocalHopMs), path, e);
        }
        TellResolverReach(ctx, drops);
        FrontEndEntries.Tell(ctx, _catchment!, drops, _names, _catchmentCause, Math.Max(ctx.Lookahead, _p.LocalHopMs));
        CarryOutside(ctx, _catchmentCause);
    }

    /// <summary>The users' traffic across other networks, both ways (<see cref="InterAsTraffic"/>).</summary>
    private void CarryOutside(NodeContext ctx, long cause)
    {
        if (_interAs is null) return;
        var forward = _catchment!.FrontEndPaths().ToList();
        // An exit is usable while its router forwards and the entry router's FIB reaches it; exits rank by the IGP
        // cost as designed (the start routes).
        var back = _responses?.Of(forward, _catchment, (entry, exit) => !Fib(exit).Dark && (exit == entry || Fib(entry).NextHopsTo(_domain.Ordinal(exit)).Count > 0),
            (entry, exit) => _startRoutes.DistanceTo(_domain.Ordinal(exit))[_domain.Ordinal(entry)]);
        _interAs.Carry(ctx, forward, cause, Math.Max(ctx.Lookahead, _p.LocalHopMs), back);
    }

    /// <summary>Tells each client cohort whose users' queries to an operator-run resolver now meet another fate or enter
    /// elsewhere; one event per resolver and outcome.</summary>
    private void TellResolverReach(NodeContext ctx, EntryDrops drops)
    {
        foreach (var group in _catchment!.ResolverChanges(drops).GroupBy(c => (c.Resolver, c.Prefix, c.Fate, c.Router)))
        {
            var cohorts = group.Select(c => c.Client).ToList();
            var e = ctx.Emit(new AnycastResolverCatchment(group.Key.Prefix, _names[group.Key.Resolver], FateName(group.Key.Fate),
                group.Key.Router >= 0 ? _names[group.Key.Router] : null, string.Join(' ', cohorts.Select(c => _names[c])), cohorts.Count), _catchmentCause);
            foreach (var client in cohorts)
                ctx.Send(client, Math.Max(ctx.Lookahead, _p.LocalHopMs), new ResolverReach { Resolver = group.Key.Resolver, Fate = group.Key.Fate }, e);
        }
    }

    internal static string FateName(AnycastFate fate) => fate switch
    {
        AnycastFate.Answered => "answered",
        AnycastFate.Blackholed => "blackholed",
        AnycastFate.Overloaded => "overloaded",
        _ => "no_route",
    };


    /// <summary>Carries the traffic anew a <c>traffic_step</c> from now, unless a step is already due.</summary>
    private void ScheduleStep(NodeContext ctx)
    {
        if (_pending) return;
        _pending = true;
        ctx.SetTimer(ctx.Now + Math.Max(1, _p.TrafficStepMs), new StepTimer(), ctx.CurrentCause);
    }

    // Each change returns what the next carrying of the traffic is explained by: the event it emitted (the data
    // plane's own step, so explain's chain runs through it), or the message's cause when it emitted none.

    private long OnBatch(NodeContext ctx, int router, FibUpdate batch)
    {
        var changed = Fib(router).Program(batch);
        if (changed < 0) return ctx.CurrentCause; // the control plane that asked for it has died since
        var e = ctx.Emit(new FibProgrammed(_names[router], batch.Ordinals.Length + batch.Sites.Length, batch.DelayMs, batch.Full), ctx.CurrentCause);
        if (changed > 0) _changedRouters.Add(router);
        return e;
    }

    private long OnLineCard(NodeContext ctx, int router, LineCardSignal signal)
    {
        _linksChanged = true;
        if (signal.Up) { _downEnds.Remove((signal.Link, router)); return ctx.CurrentCause; }
        _downEnds.Add((signal.Link, router));
        var changed = Fib(router).LocalRepair(signal.Link);
        if (changed == 0) return ctx.CurrentCause;
        _changedRouters.Add(router);
        return ctx.Emit(new FibLocalRepair(_names[router], _links[signal.Link].Name, changed), ctx.CurrentCause);
    }

    /// <summary>An ACL at <paramref name="router"/> discards what arrives over the link: every flow crossing that
    /// direction is carried anew.</summary>
    private void OnFilter(int router, DataFilter filter)
    {
        var link = _links[filter.Link];
        var into = FlowWalk.Directed(filter.Link, link.A == router ? link.B : link.A, router);
        if (filter.DenyData) _filteredInto.Add(into); else _filteredInto.Remove(into);
        _changedRouters.Add(link.A);
        _changedRouters.Add(link.B);
    }

    private long OnControl(NodeContext ctx, int router, ForwardingControl control)
    {
        var fib = Fib(router);
        var flush = Flush(router);
        _changedRouters.Add(router);
        if (control.Dark != fib.Dark) ScheduleCatchment(ctx); // a dark entry router answers no anycast query
        if (control.Dark)
        {
            flush.CancelAll(ctx);
            var lost = fib.SetDark(true, control.Epoch);
            return lost > 0 ? ctx.Emit(new FibFlushed(_names[router], lost, "the router went dark"), ctx.CurrentCause) : ctx.CurrentCause;
        }
        if (control.ControlPlaneAlive)
        {
            flush.CancelAll(ctx);
            fib.SetDark(false, control.Epoch);
            fib.ControlPlaneBack(control.Epoch);
            return ctx.CurrentCause;
        }
        var kept = fib.GoStale(control.Epoch);
        if (control.Frozen)
        {
            // Frozen by a lost controller: the router's own fail-static sequence decides what comes next, not a flush.
            flush.CancelAll(ctx);
            return ctx.Emit(new FibFailStatic(_names[router], kept, -1), ctx.CurrentCause);
        }
        var e = ctx.Emit(new FibFailStatic(_names[router], kept, _p.FibFailStaticMs), ctx.CurrentCause);
        flush.CancelAll(ctx);
        flush.Set(ctx, ctx.Now + _p.FibFailStaticMs, new FlushTimer(router, control.Epoch), e);
        return e;
    }

    private void OnFlush(NodeContext ctx, FlushTimer timer)
    {
        var fib = Fib(timer.Router);
        if (fib.Epoch != timer.Epoch || !fib.Stale) return;
        var n = fib.Flush();
        var e = ctx.Emit(new FibFlushed(_names[timer.Router], n, "the fail-static time ran out"), ctx.CurrentCause);
        _changedRouters.Add(timer.Router);
        _pendingCause = e;
        ScheduleStep(ctx);
    }

    private TimerGroup Flush(int router) => _flush.TryGetValue(router, out var g) ? g : _flush[router] = new TimerGroup();

    /// <summary>A direction of a link (<see cref="FlowWalk.Directed"/>) has the link's capacity (full duplex).</summary>
    private double DirectedCapacity(int directed) => Capacity(directed >> 1);

    /// <summary>A link carries nothing while either end's line card has lost signal.</summary>
    private double Capacity(int link) =>
        _downEnds.Contains((link, _links[link].A)) || _downEnds.Contains((link, _links[link].B)) ? 0 : _links[link].CapacityGbps;

    private IForwardingTable? FibOf(int node) => _domain.IsRouter(node) ? Fib(node) : null;

    /// <summary>Carries every flow whose path crossed a changed FIB anew, then works out loads, loss and delivery.</summary>
    private void Carry(NodeContext ctx, long cause)
    {
        foreach (var (key, routers) in _routersOf)
            if (routers.Overlaps(_changedRouters)) _paths.Remove(key);
        var forwardingChanged = _changedRouters.Count > 0 || _linksChanged;
        _linksChanged = false;
        _changedRouters.Clear();
        // A FIB that no longer reaches an exit router moves the responses' way back to the users.
        if (forwardingChanged && _responses is not null) CarryOutside(ctx, cause);
        foreach (var (key, flow) in _flows)
        {
            if (_paths.ContainsKey(key)) continue;
            var path = Walk(key, flow);
            _paths[key] = path;
            _routersOf[key] = RoutersOn(flow, path);
        }
        foreach (var gone in _routersOf.Keys.Where(g => !_flows.ContainsKey(g)).ToList()) { _routersOf.Remove(gone); _paths.Remove(gone); }

        // What every link direction is offered per class once the losses upstream are taken, and what share of it it
        // carries (the paths walked above, walked again with the links' shares only where some link is congested).
        // Policers (numbered below zero) are resources the flows that match their rule cross, with their rate as capacity.
        var (passes, offered) = StrictPriorityLinks.Settle(_flows.Select(kv =>
            (Offered(kv.Key, kv.Value), kv.Value.Class, (Func<Func<int, double>?, IReadOnlyList<LinkUse>>)(carried => carried is null
                ? Loads(_paths[kv.Key])
                : Loads(Walk(kv.Key, kv.Value, carried))))).ToList(),
            id => id < 0 ? _flowspec.Rate(id) : DirectedCapacity(id), _filteredInto.Contains);
        ReportUtilisation(ctx, offered, cause);

        double total = 0, noRoute = 0, loop = 0, congestion = 0, linkDown = 0, filtered = 0, bulkOffered = 0, bulkDelivered = 0, afterStale = 0;
        double toolsOffered = 0, toolsDelivered = 0;
        var shares = new List<(long Flow, double Share)>();
        // Where the front-ends' traffic is lost, by place: a router (no entry) or a link (down, congested, filtered).
        var lostAt = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var (key, flow) in _flows)
        {
            var path = _paths[key];
            var cls = flow.Class;
            if (path.Links.Any(u => passes.ContainsKey((u.Link, cls))) || path.Policers.Any(u => passes.ContainsKey((u.Link, cls))))
                path = Walk(key, flow, l => passes.GetValueOrDefault((l, cls), 1));
            var share = Math.Clamp(path.Delivered, 0, 1);
            var gbps = Offered(key, flow);
            if (IsTools(key)) { toolsOffered += gbps; toolsDelivered += gbps * share; shares.Add((key, share)); continue; }
            if (!IsFrontEnd(key)) { bulkOffered += gbps; bulkDelivered += gbps * share; continue; }
            total += gbps * share;
            noRoute += gbps * path.Blackholed;
            loop += gbps * path.Looped;
            afterStale += gbps * path.StaleLost;
            foreach (var (link, lost) in path.DroppedOnLink ?? new Dictionary<int, double>())
            {
                if (_filteredInto.Contains(link)) filtered += gbps * lost;
                else if (DirectedCapacity(link) > 0) congestion += gbps * lost;
                else linkDown += gbps * lost;
                lostAt[_links[link >> 1].Name] = lostAt.GetValueOrDefault(_links[link >> 1].Name) + gbps * lost;
            }
            foreach (var (router, lost) in path.DroppedAt) lostAt[_names[router]] = lostAt.GetValueOrDefault(_names[router]) + gbps * lost;
            // Dropped by a router's Flowspec rules: filtered, and lost at that router.
            filtered += gbps * path.Filtered;
            foreach (var (router, lost) in path.FilteredAtRouters) lostAt[_names[router]] = lostAt.GetValueOrDefault(_names[router]) + gbps * lost;
            shares.Add((key, share));
        }
        // The totals first, so what the gateways are told is explained by them (explain's chain runs through the
        // data plane's step to the FIB change that caused it).
        var now = new Totals(total, noRoute, loop, congestion, linkDown, filtered, bulkOffered, bulkDelivered, afterStale, toolsOffered, toolsDelivered);
        if (!now.CloseTo(_reported))
        {
            _reported = now;
            // The place that loses the most (ties: the first name), so explain can say where the traffic dies.
            var most = lostAt.Where(kv => kv.Value >= 0.05).OrderByDescending(kv => kv.Value).FirstOrDefault();
            cause = ctx.Emit(new BackboneTraffic(Math.Round(total, 1), _flows.Keys.Count(IsFrontEnd), Math.Round(_reportedUtilisation.Values.DefaultIfEmpty(0).Max(), 4),
                Math.Round(noRoute, 1), Math.Round(loop, 1), Math.Round(congestion, 1), Math.Round(linkDown, 1), Math.Round(filtered, 1),
                Math.Round(bulkOffered, 1), Math.Round(bulkDelivered, 1), most.Key, Math.Round(most.Value, 1), Math.Round(afterStale, 1),
                Math.Round(toolsOffered, 2), Math.Round(toolsDelivered, 2)), cause);
        }
        foreach (var (flow, share) in shares)
        {
            _carried[flow] = share;
            TellGateway(ctx, flow, share, cause, dropLasted: false);
        }
        // A flow that stopped starts from a clean slate when its traffic returns.
        foreach (var gone in _carried.Keys.Where(f => !_flows.ContainsKey(f)).Order().ToList())
        {
            _carried.Remove(gone);
            TellGateway(ctx, gone, 1, cause, dropLasted: false);
            _delivered.Remove(gone);
        }
        CheckProbes(ctx, passes, cause);
        // The front-ends' probes change only with a FIB or with what links let through.
        var congested = passes.Keys.Any(k => k.Class == TrafficClass.Interactive);
        if (forwardingChanged || congested || _probedCongested || !_probedOnce)
            _frontEndProbes?.Check(ctx, FibOf, ProbePasses(passes), _p.LocalHopMs, cause, ProbeRules());
        (_probedOnce, _probedCongested) = (true, congested);
    }

    /// <summary>
    /// Carries every health-check probe anew (they are few, and a probe is a packet, not load: it loads no link) and
    /// tells each prober whose result changed. A probe passes when at least half of what is sent towards some data
    /// center's border router arrives (interactive class, so it shares the fate of user traffic on a congested link;
    /// one probe packet is lost with the share the path drops, and a check whose probe is more likely lost than not
    /// fails).
    /// </summary>
    private void CheckProbes(NodeContext ctx, Dictionary<(int Link, TrafficClass Class), double> passes, long cause)
    {
        var probePasses = ProbePasses(passes);
        var rules = ProbeRules();
        foreach (var (prober, probe) in _probes)
        {
            // The probe arrives at the prober's router from the prober, so that router's rules act on it too.
            var arrives = probe.Targets.Any(target => FlowWalk.Walk(probe.Gateway, Loopbacks.Of(target - _domain.FirstRouterNode), FibOf, r => r == target,
                FrontEndWalk.DefaultTtl, probePasses, directed: true, rules is null ? null : router => rules(router, target)).Delivered >= 0.5);
            if (_probesArrive.GetValueOrDefault(prober, true) == arrives) continue;
            _probesArrive[prober] = arrives;
            ctx.Send(prober, Math.Max(ctx.Lookahead, 1), new ProbeResult { Passing = arrives }, cause);
        }
    }

    /// <summary>What share of a probe gets through a link direction: a probe may cross links no traffic is offered to,
    /// so a filter or a link that is down stops it there too; a congested one drops what it drops of user traffic, and a
    /// policer what it drops of everything it polices.</summary>
    private Func<int, double> ProbePasses(Dictionary<(int Link, TrafficClass Class), double> passes) => link =>
        link < 0 ? PolicerPasses(passes, link)
        : _filteredInto.Contains(link) || DirectedCapacity(link) <= 0 ? 0 : passes.GetValueOrDefault((link, TrafficClass.Interactive), 1);

    /// <summary>What share a policer passes (the same for every class it is offered; 1 when it is offered nothing).</summary>
    private static double PolicerPasses(Dictionary<(int Link, TrafficClass Class), double> passes, int policer)
    {
        foreach (var cls in Enum.GetValues<TrafficClass>())
            if (passes.TryGetValue((policer, cls), out var share)) return share;
        return 1;
    }

    /// <summary>The load a path offers: its link directions, and the policers it crosses (numbered below zero).</summary>
    private static IReadOnlyList<LinkUse> Loads(FlowPath path) => path.Policed is { Count: > 0 } policed ? [.. path.Links, .. policed] : path.Links;

    /// <summary>What a flow sends: a replication flow only from its data center's border routers that are not dark
    /// (a router without power sends nothing, and what it would have sent is not lost on the way).</summary>
    private FlowReport Sending(long key, FlowReport flow)
    {
        if (IsFrontEnd(key) || IsTools(key) || flow.Ingress.All(r => !Fib(r).Dark)) return flow;
        var live = flow.Ingress.Where(r => !Fib(r).Dark).ToArray();
        return new FlowReport { Gbps = flow.Gbps, Ingress = live, DataCenter = flow.DataCenter, Class = flow.Class };
    }

    /// <summary>The Gbps a flow offers now: nothing from a data center whose border routers are all dark.</summary>
    private double Offered(long key, FlowReport flow) => IsFrontEnd(key) || IsTools(key) || flow.Ingress.Any(r => !Fib(r).Dark) ? flow.Gbps : 0;

    /// <summary>What <c>backbone.traffic</c> last said, to tell only changes of 1 % or more.</summary>
    private readonly record struct Totals(double Delivered, double NoRoute, double Loop, double Congestion, double LinkDown, double Filtered,
        double BulkOffered, double BulkDelivered, double AfterStale, double ToolsOffered, double ToolsDelivered)
    {
        public bool CloseTo(Totals o) => Close(Delivered, o.Delivered) && Close(NoRoute, o.NoRoute) && Close(Loop, o.Loop) && Close(Congestion, o.Congestion)
            && Close(LinkDown, o.LinkDown) && Close(Filtered, o.Filtered) && Close(BulkOffered, o.BulkOffered) && Close(BulkDelivered, o.BulkDelivered)
            && Close(AfterStale, o.AfterStale) && Close(ToolsOffered, o.ToolsOffered) && Close(ToolsDelivered, o.ToolsDelivered);
    }

    /// <summary>
    /// Tells a gateway what share of one of its front-end flows arrives, which is what the users sent there get. A rise
    /// is told at once; a drop only once it has lasted <c>delivery_hold</c>: a loss shorter than TCP's minimum
    /// retransmission timeout is recovered by a retransmission, and the users see a slow page rather than an error.
    /// </summary>
    private void TellGateway(NodeContext ctx, long flow, double share, long cause, bool dropLasted)
    {
        var told = _delivered.GetValueOrDefault(flow, 1);
        var timer = _dropTimers.TryGetValue(flow, out var t) ? t : _dropTimers[flow] = new TimerGroup();
        if (Math.Abs(share - told) < 0.01 && !(share == 1 && told < 1)) { timer.CancelAll(ctx); return; }
        if (share < told && !dropLasted && _p.DeliveryHoldMs > 0)
        {
            if (!timer.AnyPending(ctx)) timer.Set(ctx, ctx.Now + _p.DeliveryHoldMs, new DropTimer(flow), cause);
            return;
        }
        timer.CancelAll(ctx);
        _delivered[flow] = share;
        var id = (int)(flow & 0xFFFF);
        if (IsTools(flow)) { if (_responders >= 0) ctx.Send(_responders, Math.Max(ctx.Lookahead, 1), new ToolDelivery { Pop = SourceOf(flow), Delivered = share }, cause); return; }
        ctx.Send(SourceOf(flow), Math.Max(ctx.Lookahead, 1), new FlowDelivery { Delivered = share, DataCenter = id == 0 ? null : _sites[id - 1] }, cause);
    }

    /// <summary>Within 1 % (or 0.01 Gbps), unless one of them is zero and the other not.</summary>
    private static bool Close(double a, double b) => (a == 0) == (b == 0) && Math.Abs(a - b) < 0.01 * Math.Max(1, Math.Max(a, b));

    private HashSet<int> RoutersOn(FlowReport flow, FlowPath path)
    {
        var routers = new HashSet<int>(flow.Ingress);
        foreach (var (link, _) in path.Links) { routers.Add(_links[link >> 1].A); routers.Add(_links[link >> 1].B); }
        return routers;
    }

    /// <summary>Utilisation per pair of routers (parallel links added up; the busier direction), reported when it moves
    /// by a step or crosses 100 %.</summary>
    private void ReportUtilisation(NodeContext ctx, Dictionary<(int Link, TrafficClass Class), double> offered, long cause)
    {
        var byDirection = new Dictionary<((int, int) Pair, int Direction), double>();
        foreach (var ((directed, _), gbps) in offered)
        {
            if (directed < 0) continue; // a policer, not a link
            var key = (Key(_links[directed >> 1].A, _links[directed >> 1].B), directed & 1);
            byDirection[key] = byDirection.GetValueOrDefault(key) + gbps;
        }
        var load = new SortedDictionary<(int, int), double>();
        var capacity = new Dictionary<(int, int), double>();
        foreach (var ((pair, _), gbps) in byDirection) load[pair] = Math.Max(load.GetValueOrDefault(pair), gbps);
        foreach (var key in load.Keys)
            capacity[key] = _pairLinks[key].Sum(Capacity);
        double Util((int, int) key) => capacity.GetValueOrDefault(key) is > 0 and var c ? load.GetValueOrDefault(key) / c : 0;
        foreach (var key in load.Keys.Concat(_reportedUtilisation.Keys).Distinct().Order())
        {
            var u = Util(key);
            var before = _reportedUtilisation.GetValueOrDefault(key);
            var crossed = (u > 1) != (before > 1);
            if (!crossed && Math.Abs(u - before) < UtilisationStep && !(u == 0 && before > 0)) continue;
            if (u == 0) _reportedUtilisation.Remove(key); else _reportedUtilisation[key] = u;
            ctx.Emit(new LinkUtilisation($"{_names[key.Item1]}~{_names[key.Item2]}", Math.Round(load.GetValueOrDefault(key), 1),
                capacity.GetValueOrDefault(key), Math.Round(u, 4)), cause);
        }
    }

    private static (int, int) Key(int a, int b) => a < b ? (a, b) : (b, a);
}
