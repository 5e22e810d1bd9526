using BackboneSim.Engine;
using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// The users of one access ISP. A service works for them when their resolvers answer its name and a front-end
/// that serves them can reach a data center; a third-party dependent works while its dependencies do. While a
/// service fails, apps retry and users reload every few seconds instead of re-resolving once per TTL, so the
/// cohort's query load on its resolvers grows: the retry storm that resolvers saw in 2021 follows from that.
/// </summary>
public sealed class ClientCohortModel : INodeModel
{
    /// <summary>A client cohort's step in moving users to substitute services and back.</summary>
    private sealed record SubstituteTimer;
    /// <summary>The front-ends' health check at which some data center's status flips.</summary>
    private sealed record HealthCheckDue;

    private readonly ClientCohortSpec _spec;
    private readonly ModelParameters _p;
    private readonly IReadOnlyList<ServiceSpec> _services;
    /// <summary>The operator's own services (not third-party), in list order.</summary>
    private readonly List<ServiceSpec> _own;
    private readonly Dictionary<(int Resolver, string Service), bool> _answering = new();
    /// <summary>Public resolvers the operator runs that this cohort's users cannot reach now: their AS's queries to the
    /// resolver's anycast prefix reach no live site (<see cref="ResolverReach"/>). Those users resolve no name at all.</summary>
    private readonly SortedSet<int> _unreachable;
    private readonly SortedDictionary<int, (bool Ok, double Delivered)> _gatewayOk = new();
    /// <summary>With <c>frontend_catchment: bgp</c>, users enter only where their AS's best route to the front-ends'
    /// prefix leads (<see cref="FrontEndEntry"/>): the gateway of that PoP (-1: none, they reach no front-end). Otherwise
    /// they are spread over every serving gateway that reaches a data center.</summary>
    private readonly bool _entersByBgp;
    private int _entry = -1;
    /// <summary>The data-plane node told the users' Gbps (-1: none), what it was last told, and the share of the users'
    /// traffic that gets through the links outside on the way in (<see cref="AsPathShare"/>).</summary>
    private readonly int _interAsNode;
    private double _toldGbps;
    private double _asPathShare = 1;
    /// <summary>Per gateway: the share of the traffic it sends each data-center site that arrives (a site not listed:
    /// everything).</summary>
    private readonly Dictionary<int, Dictionary<string, double>> _siteDelivered = new();
    /// <summary>The (gateway, data center) pairs whose probes over the data plane do not arrive.</summary>
    private readonly HashSet<(int Gateway, int DataCenter)> _probesFailing = new();
    private readonly Dictionary<int, double> _sentTraffic = new();
    private readonly Dictionary<string, double> _availability = new(StringComparer.Ordinal);
    private readonly Dictionary<(int Resolver, string Service), double> _sentDemand = new();
    private double _usersAffected;
    private readonly Dictionary<string, (double Availability, double Dns, double FrontEnd, double Serving)> _parts = new(StringComparer.Ordinal);

    private readonly Dictionary<int, (string Site, double Weight, double Load)> _dataCenters = new();
    /// <summary>The users this cohort may add to a data center: its part of the data center's spare capacity.</summary>
    private readonly Func<int, double> _roomFor;
    /// <summary>The front-ends' view of each data center: its health check, the spare capacity it last told, and the
    /// cause of the last change a check will see (what a failover is explained by).</summary>
    private readonly SortedDictionary<int, PeriodicHealthCheck> _checks = new();
    private readonly Dictionary<int, double> _spare = new();
    private readonly Dictionary<int, long> _checkCause = new();
    private readonly TimerGroup _checkTimer = new();
    private long _checkDue = -1;
    private readonly DataCenterBalancer _balancer;
    private DataCenterBalancer.Assignment _assignment = DataCenterBalancer.Assignment.None;
    /// <summary>Users last told to each data center as moved there.</summary>
    private readonly Dictionary<int, double> _sentMoved = new();
    private readonly SubstituteShift _substitutes;
    private bool _substituteStepPending;
    private const double ServingStep = 0.02;
    /// <summary>Surges under way (by action): the service ("*": all) and its current factor on demand.</summary>
    private readonly SortedDictionary<string, (string Service, double Factor)> _surges = new(StringComparer.Ordinal);
    /// <summary>Extra demand last told to each data center (users x usage share x (factor - 1)).</summary>
    private readonly Dictionary<int, double> _sentExtra = new();

    /// <param name="dataCenters">The data centers the front-ends spread users over (none: every user is served).</param>
    /// <param name="normalUsers">Per data center, the users every cohort normally sends it; with
    /// <paramref name="totalUsers"/>, this cohort's part of a data center's spare capacity is its share of all users.
    /// Without them (a cohort alone), its own normal users there.</param>
    /// <param name="distance">How far each data center is from the cohort's PoPs in the IGP as designed (for the
    /// nearest placement and the failover's waterfall; null: all alike).</param>
    /// <param name="unreachableResolvers">The operator-run resolvers this cohort's users cannot reach at the start.</param>
    /// <param name="startEntry">With <c>frontend_catchment: bgp</c>, where the users enter at the start (the spec's
    /// serving gateways are then every PoP gateway they might enter at); null: they use their serving gateways.</param>
    /// <param name="interAsNode">With <c>frontend_catchment: bgp</c> and links outside with a capacity: the data-plane
    /// node the cohort tells its Gbps, which loads those links on the users' way in (<see cref="InterAsTraffic"/>); -1: none.</param>
    public ClientCohortModel(ClientCohortSpec spec, ModelParameters parameters, IReadOnlyList<ServiceSpec> services,
        IReadOnlyList<FrontEndDataCenter>? dataCenters = null, IReadOnlyDictionary<int, double>? normalUsers = null, double totalUsers = 0,
        IReadOnlyDictionary<int, double>? distance = null, IEnumerable<int>? unreachableResolvers = null, FrontEndEntry? startEntry = null,
        int interAsNode = -1)
    {
        _interAsNode = interAsNode;
        _entersByBgp = startEntry is not null;
        _entry = startEntry?.Gateway ?? -1;
        _unreachable = new SortedSet<int>(unreachableResolvers ?? []);
        foreach (var dc in dataCenters ?? [])
        {
            _dataCenters[dc.Node] = (dc.Site, dc.PeakMw, 1);
            _checks[dc.Node] = new PeriodicHealthCheck(parameters.FrontEndCheckIntervalMs, parameters.FrontEndFall, parameters.FrontEndRise);
            _spare[dc.Node] = DataCenterModel.SteadySpare(parameters);
        }
        _balancer = FrontEndDataCenter.Balancer(dataCenters ?? [], spec.Region, distance);
        var own = new Dictionary<int, double>();
        foreach (var s in services.Where(s => !s.ThirdParty))
            foreach (var (dc, share) in _balancer.Normal(s)) own[dc] = own.GetValueOrDefault(dc) + spec.Users * s.UsersShare * share;
        _roomFor = normalUsers is not null && totalUsers > 0
            ? dc => _spare.GetValueOrDefault(dc) * normalUsers.GetValueOrDefault(dc) * spec.Users / totalUsers
            : dc => _spare.GetValueOrDefault(dc) * own.GetValueOrDefault(dc);
        _spec = spec;
        _services = services;
        _own = services.Where(s => !s.ThirdParty).ToList();
        _p = parameters;
        Assign();
        _substitutes = new SubstituteShift(services, spec.Users);
        foreach (var (r, _) in spec.Resolvers) foreach (var s in services.Where(s => !s.ThirdParty)) _answering[(r, s.Name)] = true;
        foreach (var g in spec.ServingGateways) _gatewayOk[g] = (true, 1);
        foreach (var s in services) { _availability[s.Name] = 1; _parts[s.Name] = (1, 1, 1, 1); }
        foreach (var (key, qps) in Demands()) _sentDemand[key] = qps;
    }

    public double Availability(string service) => _availability[service];

    /// <summary>Steady query demand of a cohort whose services all work (used to start resolvers converged).</summary>
    public IEnumerable<((int Resolver, string Service) Key, double Qps)> Demands()
    {
        var active = _spec.Users * _p.ActiveUserFraction;
        foreach (var s in _services.Where(s => !s.ThirdParty))
            foreach (var (r, share) in _spec.Resolvers)
            {
                // While the resolver answers, stubs cache the answer for its TTL however often apps retry; once it
                // answers SERVFAIL (which stubs do not cache), every retry and reload asks again.
                var answering = _answering.GetValueOrDefault((r, s.Name), true);
                var perUser = answering ? 1000.0 / Math.Max(1, s.TtlMs) : 1000.0 / Math.Max(1, _p.AppRetryIntervalMs);
                // Users who cannot reach the resolver send it nothing.
                if (_unreachable.Contains(r)) perUser = 0;
                yield return ((r, s.Name), active * s.UsersShare * share * perUser * Surge(s.Name));
            }
    }

    public void Start(NodeContext ctx) => SendTraffic(ctx, 0);

    /// <summary>How much more than usual this cohort's users ask for a service now: the product of the surges on it.</summary>
    public double Surge(string service)
    {
        var factor = 1.0;
        foreach (var (name, f) in _surges.Values)
            if (name == "*" || name == service) factor *= f;
        return factor;
    }

    /// <summary>
    /// A surge changed: the extra demand reaches the data centers that host the surging services (they carry it, or
    /// trip); queries and traffic follow in <see cref="Reassess"/>.
    /// </summary>
    private void OnSurge(NodeContext ctx, string action, SurgeLevel level)
    {
        if (level.Factor == 1) _surges.Remove(action); else _surges[action] = (level.Service, level.Factor);
        SendOfferedLoad(ctx, ctx.CurrentCause);
    }

    /// <summary>
    /// Tells each data center what this cohort offers it beyond normal: the surges' extra demand on the services it
    /// hosts, and the users the front-ends moved to it from data centers that failed their checks.
    /// </summary>
    private void SendOfferedLoad(NodeContext ctx, long cause)
    {
        foreach (var (node, dc) in _dataCenters.OrderBy(d => d.Key))
        {
            var extra = _spec.Users * _services.Where(s => !s.ThirdParty && (s.DataCenters.Count == 0 || s.DataCenters.Contains(dc.Site)))
                .Sum(s => s.UsersShare * (Surge(s.Name) - 1));
            var moved = _assignment.Moved.GetValueOrDefault(node);
            if (Math.Abs(extra - _sentExtra.GetValueOrDefault(node)) < 1e-9 && Math.Abs(moved - _sentMoved.GetValueOrDefault(node)) < 0.5) continue;
            _sentExtra[node] = extra;
            _sentMoved[node] = moved;
            ctx.Send(node, Math.Max(ctx.Lookahead, _p.LocalHopMs), new OfferedLoad { Extra = extra, Moved = moved }, cause);
        }
    }

    /// <summary>
    /// Traffic to the data centers through the front-ends of the cohort's PoPs: active users who can resolve the
    /// operator's names, times traffic per user, times the share edge caches do not serve. It is spread over the
    /// PoPs that still reach a data center (anycast moves users to the next one), or with <c>frontend_catchment: bgp</c>
    /// all sent to the PoP their AS's route leads to.
    /// </summary>
    private void SendTraffic(NodeContext ctx, long cause)
    {
        // Called after every message: worked out without allocating unless what it depends on changed.
        double weights = 0, resolving = 0;
        foreach (var s in _own)
        {
            weights += s.UsersShare;
            resolving += s.UsersShare * _parts[s.Name].Dns * Surge(s.Name); // a surge multiplies its service's share
        }
        resolving = weights <= 0 ? 0 : resolving / weights;
        var (sites, siteShares, placed) = TrafficSplit();
        // Outside the operator's network the users send and receive all their traffic (the PoPs' caches serve most of
        // it); only backbone_traffic_share of it crosses the backbone to a data center.
        var usersGbps = _spec.Users * _p.ActiveUserFraction * resolving * placed * _p.MbpsPerActiveUser / 1000;
        // The same product, in the same order as before usersGbps existed: a float computed otherwise differs in its last
        // bits and moves which rate changes count as changes.
        var gbps = _spec.Users * _p.ActiveUserFraction * resolving * placed * _p.MbpsPerActiveUser * _p.BackboneTrafficShare / 1000;
        if (_interAsNode >= 0 && (Math.Abs(usersGbps - _toldGbps) > 0.01 * Math.Max(usersGbps, _toldGbps) || (usersGbps == 0) != (_toldGbps == 0)))
        {
            _toldGbps = usersGbps;
            ctx.Send(_interAsNode, Math.Max(ctx.Lookahead, _p.LocalHopMs), new CohortTraffic { Gbps = usersGbps }, cause);
        }
        var splitChanged = !ReferenceEquals(sites, _sentSites);
        _sentSites = sites;
        var usable = 0;
        foreach (var (g, state) in _gatewayOk) if (Carries(g, state.Ok)) usable++;
        foreach (var (g, state) in _gatewayOk)
        {
            var share = Carries(g, state.Ok) ? gbps / usable : 0;
            var before = _sentTraffic.GetValueOrDefault(g, -1);
            if (!splitChanged && Math.Abs(share - before) <= 0.01 * Math.Max(share, before) && (share == 0) == (before == 0)) continue;
            _sentTraffic[g] = share;
            ctx.Send(g, Math.Max(ctx.Lookahead, _p.LocalHopMs), new TrafficDemand { Gbps = share, Sites = sites, Shares = siteShares }, cause);
        }
    }

    /// <summary>Whether users enter at a gateway that reaches a data center: any such serving gateway, or with
    /// <c>frontend_catchment: bgp</c> only the one their AS's route leads to.</summary>
    private bool Carries(int gateway, bool ok) => ok && (!_entersByBgp || gateway == _entry);

    private string[] _sentSites = [];
    private (string[] Sites, double[] Shares, double Placed) _split = ([], [], 1);
    private DataCenterBalancer.Assignment? _splitAssignment;
    private double[] _splitWeights = [];

    /// <summary>
    /// How the front-ends' traffic splits over data-center sites: as the users who resolve each service are assigned
    /// (users turned away send nothing), weighted by the service's share of users and its surge. Shares add up to 1,
    /// in site order; none without data centers (the PoP then sends everything to its nearest). Placed: the share of
    /// the resolving users' traffic that goes to some data center (the rest was turned away). The same arrays until
    /// the assignment or a weight changes by 0.5 % or more.
    /// </summary>
    private (string[] Sites, double[] Shares, double Placed) TrafficSplit()
    {
        if (_dataCenters.Count == 0) return _split;
        var same = ReferenceEquals(_assignment, _splitAssignment) && _splitWeights.Length == _own.Count;
        for (var i = 0; same && i < _own.Count; i++)
            same = Math.Abs(Weight(_own[i]) - _splitWeights[i]) < 0.005 * Math.Max(1e-12, _splitWeights[i]);
        if (same) return _split;
        _splitAssignment = _assignment;
        _splitWeights = _own.Select(Weight).ToArray();
        var bySite = new SortedDictionary<string, double>(StringComparer.Ordinal);
        double resolving = 0;
        for (var i = 0; i < _own.Count; i++)
        {
            resolving += _splitWeights[i];
            foreach (var (dc, share) in Shares(_own[i]).Where(x => x.Value > 0))
                bySite[_dataCenters[dc].Site] = bySite.GetValueOrDefault(_dataCenters[dc].Site) + _splitWeights[i] * share;
        }
        var total = bySite.Values.Sum();
        _split = total <= 0 ? ([], [], resolving > 0 ? 0 : 1)
            : (bySite.Keys.ToArray(), bySite.Values.Select(v => v / total).ToArray(), resolving > 0 ? Math.Min(1, total / resolving) : 1);
        return _split;

        double Weight(ServiceSpec s) => s.UsersShare * _parts[s.Name].Dns * Surge(s.Name);
    }

    /// <summary>Where the front-ends send a service's users now, by data center.</summary>
    private IReadOnlyDictionary<int, double> Shares(ServiceSpec s) =>
        _assignment.Services.TryGetValue(s.Name, out var split) ? split.Shares : _balancer.Normal(s);

    public void Handle(NodeContext ctx, SimMessage message)
    {
        switch (message.Payload)
        {
            case DnsAnswerStatus status: _answering[(message.From, status.Service)] = status.Answering; break;
            case ResolverReach reach:
                if (reach.Fate == AnycastFate.Answered) _unreachable.Remove(reach.Resolver); else _unreachable.Add(reach.Resolver);
                break;
            case ReachabilityReport report: OnGatewayReport(ctx, message.From, report); break;
            case FrontEndEntry entry: _entry = entry.Gateway; break;
            case AsPathShare path: _asPathShare = path.Share; break;
            case FrontEndProbe probe: OnProbe(ctx, probe); break;
            case ServingLoad load: OnServingLoad(ctx, message.From, load); break;
            case HealthCheckDue: OnHealthCheck(ctx); return;
            case SubstituteTimer: StepSubstitutes(ctx); break;
            case SurgeLevel level: OnSurge(ctx, level.Action, level); break;
            default: throw new InvalidOperationException($"client cohort {_spec.Name} cannot handle {message.Payload.GetType().Name}");
        }
        Reassess(ctx, ctx.CurrentCause);
    }

    /// <summary>
    /// Share of a service's users its data centers serve now: the front-ends spread users over the data centers that
    /// host it by capacity, and move those of a data center their checks marked down as the service's failover policy
    /// says (<see cref="DataCenterBalancer"/>); users sent to one that is dark or shedding load, or turned away, fail.
    /// In 2 % steps: enough for the series, and it bounds the events.
    /// </summary>
    private double Serving(ServiceSpec s)
    {
        if (_dataCenters.Count == 0) return 1;
        var shares = Shares(s);
        if (shares.Count == 0) return 1;
        var serving = shares.Sum(kv => kv.Value * _dataCenters[kv.Key].Load);
        return Math.Round(serving / ServingStep) * ServingStep;
    }

    /// <summary>
    /// Share of a service's served users whose traffic gets through, through the best usable gateway (with
    /// <c>frontend_catchment: bgp</c>, the one they enter at; none: 0): each data center's
    /// users (its assigned share times the share of its load it serves) get what arrives of the gateway's traffic to
    /// that site. With nothing served, the share of its users' traffic that arrives. In 2 % steps.
    /// </summary>
    private double FrontEndShare(ServiceSpec s)
    {
        if (_gatewayOk.Count == 0) return 1;
        var shares = _dataCenters.Count == 0 ? new Dictionary<int, double>() : Shares(s);
        double best = 0;
        foreach (var (g, (ok, delivered)) in _gatewayOk)
        {
            if (!Carries(g, ok)) continue;
            var sites = _siteDelivered.GetValueOrDefault(g);
            double served = 0, arrived = 0, sent = 0, reached = 0;
            foreach (var (dc, share) in shares)
            {
                var d = sites?.GetValueOrDefault(_dataCenters[dc].Site, 1) ?? 1;
                var load = _dataCenters[dc].Load;
                (served, arrived, sent, reached) = (served + share * load, arrived + share * load * d, sent + share, reached + share * d);
            }
            var through = served > 0 ? arrived / served : sent > 0 ? reached / sent : 1;
            // Traffic to the nearest data center (no assigned sites) and the gateway's own total stay its scalar share.
            var reaching = sites is null || sites.Count == 0 || shares.Count == 0 ? delivered : Math.Min(through, 1);
            // Users who enter by their AS's route get only what crosses the links outside on the way in.
            best = Math.Max(best, _entersByBgp ? reaching * _asPathShare : reaching);
        }
        return Math.Round(best / ServingStep) * ServingStep;
    }

    /// <summary>A PoP gateway told whether its IGP reaches a data center and what share of its traffic arrives where.</summary>
    private void OnGatewayReport(NodeContext ctx, int gateway, ReachabilityReport report)
    {
        _gatewayOk[gateway] = (report.DataCenterReachable, report.Delivered);
        var sites = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < report.Sites.Length; i++) sites[report.Sites[i]] = report.SiteDelivered[i];
        _siteDelivered[gateway] = sites;
        ObserveChecks(ctx);
    }

    /// <summary>Probes from gateways towards data centers started or stopped arriving.</summary>
    private void OnProbe(NodeContext ctx, FrontEndProbe probe)
    {
        for (var i = 0; i < probe.Gateways.Length; i++)
            if (probe.Passing[i]) _probesFailing.Remove((probe.Gateways[i], probe.DataCenters[i])); else _probesFailing.Add((probe.Gateways[i], probe.DataCenters[i]));
        ObserveChecks(ctx);
    }

    /// <summary>
    /// What a front-end health check of a data center sees now: the data center serves (it answers the check) and the
    /// check's packets get there over the data plane from some gateway that still reaches a data center in the IGP.
    /// </summary>
    private bool CheckPasses(int dc) =>
        _dataCenters[dc].Load > 0 && (_gatewayOk.Count == 0 || _gatewayOk.Any(g => g.Value.Ok && !_probesFailing.Contains((g.Key, dc))));

    /// <summary>Lets every check see what it would see now (the gateways or their probes changed).</summary>
    private void ObserveChecks(NodeContext ctx)
    {
        if (!Balancing) return;
        foreach (var dc in _checks.Keys) Observe(ctx, dc);
        ScheduleCheck(ctx);
    }

    private void Observe(NodeContext ctx, int dc)
    {
        var check = _checks[dc];
        var passingBefore = check.Passing;
        check.Observe(ctx.Now, CheckPasses(dc));
        if (check.Passing != passingBefore) _checkCause[dc] = ctx.CurrentCause;
    }

    /// <summary>
    /// A data center told what share of its load it serves and what it could take on: the front-ends' checks will see
    /// the first (a data center that serves nothing fails them), and the balancer uses the second at once.
    /// </summary>
    private void OnServingLoad(NodeContext ctx, int dc, ServingLoad load)
    {
        _dataCenters[dc] = _dataCenters[dc] with { Load = load.Load };
        if (!Balancing) return;
        if (Math.Abs(_spare.GetValueOrDefault(dc) - load.Spare) > 1e-9)
        {
            _spare[dc] = load.Spare;
            // Spare capacity only matters while some data center's users are being moved.
            if (_checks.Values.Any(c => !c.Healthy))
            {
                Assign();
                SendOfferedLoad(ctx, ctx.CurrentCause);
            }
        }
        Observe(ctx, dc);
        ScheduleCheck(ctx);
    }

    /// <summary>Whether any service moves users when a data center fails (else the checks change nothing).</summary>
    private bool Balancing => _services.Any(s => !s.ThirdParty && s.Failover != FailoverPolicy.Pinned);

    /// <summary>Keeps one timer, at the earliest check that flips some data center's status.</summary>
    private void ScheduleCheck(NodeContext ctx)
    {
        var due = _checks.Values.Where(c => c.FlipAt >= 0).Select(c => c.FlipAt).DefaultIfEmpty(-1).Min();
        if (due == _checkDue) return;
        _checkTimer.CancelAll(ctx);
        _checkDue = due;
        if (due >= 0) _checkTimer.Set(ctx, due, new HealthCheckDue(), ctx.CurrentCause);
    }

    /// <summary>
    /// A check flipped the status of some data centers: the front-ends move users as the failover policies say, and
    /// the change is recorded with what moved (caused by the change the checks saw in the first of them).
    /// </summary>
    private void OnHealthCheck(NodeContext ctx)
    {
        _checkDue = -1;
        var down = new List<string>();
        var up = new List<string>();
        long cause = 0;
        foreach (var (dc, check) in _checks)
        {
            if (!check.Check(ctx.Now)) continue;
            (check.Healthy ? up : down).Add(_dataCenters[dc].Site);
            if (cause == 0) cause = _checkCause.GetValueOrDefault(dc, ctx.CurrentCause);
        }
        ScheduleCheck(ctx);
        if (down.Count + up.Count == 0) return;
        Assign();
        SendOfferedLoad(ctx, cause);
        var e = ctx.Emit(new FrontEndFailover(_spec.Name, string.Join(' ', down), string.Join(' ', up), _checks.Values.Count(c => c.Healthy), _checks.Count,
            Math.Round(_assignment.Moved.Values.Sum()), Math.Round(_assignment.TurnedAway)), cause);
        Reassess(ctx, e);
    }

    /// <summary>Works out where the front-ends send each service's users now (with every data center healthy: where they
    /// normally go, worked out once).</summary>
    private void Assign()
    {
        var allHealthy = _checks.Values.All(c => c.Healthy);
        if (allHealthy && _normalAssignment is not null) { _assignment = _normalAssignment; return; }
        var services = _services.Where(s => !s.ThirdParty).Select(s => (s, _spec.Users * s.UsersShare)).ToList();
        _assignment = _balancer.Assign(services, dc => _checks[dc].Healthy, _roomFor);
        if (allHealthy) _normalAssignment = _assignment;
    }

    private DataCenterBalancer.Assignment? _normalAssignment;

    /// <summary>
    /// Share of its load a third-party service with limited headroom serves: its own users' load plus the users who
    /// moved to it, against its own users' load times (1 + headroom). In 2 % steps, like the operator's services.
    /// </summary>
    private double Capacity(ServiceSpec s)
    {
        if (s.Headroom is not { } headroom) return 1;
        var own = _spec.Users * s.UsersShare;
        var load = own + _substitutes.MovedInto(s.Name);
        if (load <= 0) return 1;
        return Math.Round(Math.Min(1, own * (1 + headroom) / load) / ServingStep) * ServingStep;
    }

    /// <summary>One step of users moving to substitutes (or back); each change is an event, and may change how well
    /// the substitutes serve.</summary>
    private void StepSubstitutes(NodeContext ctx)
    {
        _substituteStepPending = false;
        var cause = ctx.CurrentCause;
        foreach (var (from, to, users) in _substitutes.Step(_p.SubstituteStepMs, Availability))
            cause = ctx.Emit(new UsersSubstitute(_spec.Name, from, to, users), cause);
        Reassess(ctx, cause);
    }

    /// <summary>The share of the cohort's users whose resolver they can reach (1 unless an operator-run one is cut off).</summary>
    private double ReachableShare() => _unreachable.Count == 0 ? 1 : 1 - _spec.Resolvers.Where(r => _unreachable.Contains(r.Resolver)).Sum(r => r.Share);

    private void Reassess(NodeContext ctx, long cause)
    {
        var changed = false;
        var eventOf = new Dictionary<string, long>(StringComparer.Ordinal);
        var last = cause;
        foreach (var s in _services)
        {
            // Each part is kept so "why is it down?" stays true when a second failure lands on a first one.
            // A third-party service's names are resolved by the same resolvers: users whose resolver they cannot reach
            // (an operator-run one) resolve nothing, so it fails for them too. Its dependencies already fail for those
            // users, so the two are not multiplied: the smaller share counts.
            var dns = s.ThirdParty ? ReachableShare() : _spec.Resolvers.Sum(r => r.Share * (_answering[(r.Resolver, s.Name)] && !_unreachable.Contains(r.Resolver) ? 1 : 0));
            var serving = Serving(s);
            // Users reach the best front-end still working; a congested backbone path delivers only part of the traffic.
            var frontEndShare = s.ThirdParty ? 1 : FrontEndShare(s);
            var frontEnd = frontEndShare > 0;
            var a = s.ThirdParty
                ? Math.Min(s.DependsOn.Aggregate(1.0, (acc, d) => acc * _availability.GetValueOrDefault(d, 1)), dns) * Capacity(s)
                : frontEndShare * dns * serving;
            // A third-party service does not use the operator's front-ends or data centers: only its availability counts.
            var parts = s.ThirdParty ? (Math.Round(a, 9), Math.Round(dns, 9), 1, 1) : (Math.Round(a, 9), Math.Round(dns, 9), frontEndShare, Math.Round(serving, 9));
            if (_parts.TryGetValue(s.Name, out var before) && before == parts) continue;
            _parts[s.Name] = parts;
            changed |= Math.Abs(a - _availability[s.Name]) >= 1e-9;
            _availability[s.Name] = a;
            // A dependent's change is caused by its dependency's change when that happened just now.
            var why = s.DependsOn.Select(d => eventOf.GetValueOrDefault(d)).FirstOrDefault(x => x != 0);
            var e = ctx.Emit(s.ThirdParty
                ? new ServiceAvailability(s.Name, a, Parts: null, ThirdParty: (string.Join(' ', s.DependsOn), Capacity(s), dns))
                : new ServiceAvailability(s.Name, a, Parts: (dns, frontEnd, frontEndShare, serving), ThirdParty: null), why != 0 ? why : cause);
            eventOf[s.Name] = e;
            last = e;
        }
        cause = last;
        SendTraffic(ctx, cause);
        if (!_substituteStepPending && _substitutes.Any && _substitutes.Moving(Availability))
        {
            _substituteStepPending = true;
            ctx.SetTimer(ctx.Now + _p.SubstituteStepMs, new SubstituteTimer(), cause);
        }

        var weights = _services.Sum(s => s.UsersShare);
        var affected = weights <= 0 ? 0 : _spec.Users * _services.Sum(s => s.UsersShare * (1 - _availability[s.Name])) / weights;
        if (changed && Math.Abs(affected - _usersAffected) >= 0.5)
        {
            _usersAffected = affected;
            ctx.Emit(new UsersAffected(_spec.Name, _spec.Users, Math.Round(affected)), cause);
        }
        foreach (var (key, qps) in Demands())
        {
            if (Math.Abs(_sentDemand[key] - qps) < 1e-9) continue;
            _sentDemand[key] = qps;
            ctx.Send(key.Resolver, Math.Max(ctx.Lookahead, _p.ResolverRttMs), new QueryDemand { Service = key.Service, QueriesPerSecond = qps }, cause);
        }
    }
}
