using BackboneSim.Engine;
using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// A cohort of recursive resolvers (an ISP's, or a public service), modelled by rates rather than single queries.
/// Per name it caches the address record and the delegation (NS + glue) separately, each on its own TTL grid with
/// a random phase. A resolution tries the name's nameservers in order: an operator anycast prefix answers while the
/// cohort's AS has a route for it, another provider's (<c>external:</c>) always does; each unreachable one tried
/// first costs a timeout. With none reachable the cached answer lasts until its next expiry, the refresh gives up
/// and the cohort answers SERVFAIL (caching the failure briefly) or serves the stale answer (RFC 8767). A name its
/// home DNS server no longer holds is answered NXDOMAIN from the next expiry, and cached as such for the negative
/// TTL. A delegation change in the parent takes effect only when the cached NS set expires. Queries/s, SERVFAIL/s
/// and NXDOMAIN/s follow from the clients' demand, which grows while names fail.
/// </summary>
public sealed class ResolverModel : INodeModel
{
    /// <summary>Timer: route news of this instant are in; work out what changed for each name.</summary>
    private sealed record RouteCheck;
    /// <summary>Timer for one name: a resolution whose outcome changes what the cohort answers ends.</summary>
    private sealed record ResolutionEnds(string Service);
    /// <summary>Timer for one name: its cached NS set expires and the parent's delegation is fetched.</summary>
    private sealed record NsCacheExpires(string Service);

    private readonly ResolverSpec _spec;
    private readonly ModelParameters _p;
    private readonly Dictionary<string, bool> _routed = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, ResolverName> _names = new(StringComparer.Ordinal);
    private readonly SortedDictionary<int, Dictionary<string, double>> _demand = new();
    /// <summary>The parent's delegations before each push that changed them, by push name: what its rollback restores.</summary>
    private readonly Dictionary<string, Dictionary<string, string[]>> _delegationBefore = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (bool Reachable, int Timeouts, string Prefix, long Cause, long LatencyCause)> _probe = new(StringComparer.Ordinal);
    private bool _routeCheckPending;
    private double _lastQps = double.NaN, _lastServfail = double.NaN, _lastNxdomain = double.NaN, _lastUpstream = double.NaN;

    public ResolverModel(ResolverSpec spec, ModelParameters parameters, IEnumerable<ServiceSpec> names, IReadOnlyList<string> authorityPrefixes,
        IEnumerable<string> initiallyRouted, IEnumerable<(int Client, string Service, double Qps)> initialDemand)
    {
        _spec = spec;
        _p = parameters;
        foreach (var s in names) _names[s.Name] = new ResolverName(s, Nameserver.Initial(s, authorityPrefixes));
        foreach (var p in authorityPrefixes.Concat(_names.Values.SelectMany(n => n.Nameservers)).Where(x => !Nameserver.IsExternal(x))) _routed[p] = false;
        foreach (var p in initiallyRouted) _routed[p] = true;
        foreach (var n in _names.Values) (n.Reachable, n.Timeouts) = Probe(n.Nameservers);
        foreach (var (client, service, qps) in initialDemand) Demand(client)[service] = qps;
    }

    public bool Answering(string service) => _names[service].Answering;
    public ResolverAnswer Answer(string service) => _names[service].Answer;
    public double QueriesPerSecond => _names.Keys.Sum(TotalDemand);
    public double ServfailPerSecond => _names.Values.Where(n => n.Answer == ResolverAnswer.Servfail).Sum(n => TotalDemand(n.Name));
    public double NxdomainPerSecond => _names.Values.Where(n => n.Answer == ResolverAnswer.Nxdomain).Sum(n => TotalDemand(n.Name));

    public void Start(NodeContext ctx)
    {
        foreach (var n in _names.Values) n.Phase = ctx.Random.NextLong(0, n.TtlMs);
        // A name none of whose nameservers can be reached at t=0 fails at its first expiry.
        foreach (var n in _names.Values.Where(n => !n.Reachable)) Reschedule(ctx, n, 0);
        (_lastQps, _lastServfail, _lastNxdomain, _lastUpstream) = (QueriesPerSecond, ServfailPerSecond, NxdomainPerSecond, UpstreamPerSecond);
    }

    public void Handle(NodeContext ctx, SimMessage message)
    {
        switch (message.Payload)
        {
            case RouteAvailability route: OnRoute(ctx, route); break;
            case RouteCheck: OnRouteCheck(ctx); break;
            case QueryDemand demand: Demand(message.From)[demand.Service] = demand.QueriesPerSecond; ReportLoad(ctx, ctx.CurrentCause); break;
            case ZoneUpdate zone when _names.TryGetValue(zone.Service, out var n): OnZone(ctx, n, zone.Present); break;
            case ZoneUpdate: break; // a name this cohort is never asked for
            case DelegationUpdate delegation: OnDelegation(ctx, delegation); break;
            case ResolutionEnds timer: OnResolved(ctx, _names[timer.Service]); break;
            case NsCacheExpires timer: OnNsExpiry(ctx, _names[timer.Service]); break;
            default: throw new InvalidOperationException($"resolver {_spec.Name} cannot handle {message.Payload.GetType().Name}");
        }
    }

    /// <summary>
    /// Whether any nameserver answers, and how many the cohort tries (and waits a timeout for) before the first
    /// that does. They are tried in the delegation's order.
    /// </summary>
    private (bool Reachable, int Timeouts) Probe(string[] nameservers)
    {
        // A network without DNS servers of its own: its names are served from outside the model and always resolve.
        if (nameservers.Length == 0) return (true, 0);
        for (var i = 0; i < nameservers.Length; i++)
            if (Nameserver.IsExternal(nameservers[i]) || _routed.GetValueOrDefault(nameservers[i])) return (true, i);
        return (false, nameservers.Length);
    }

    private static int LatencyTimeouts(bool reachable, int timeouts) => reachable ? timeouts : 0;

    /// <summary>
    /// Route news change nothing at once: several prefixes often come and go in the same instant, so the names are
    /// re-evaluated once those are all in. Each name remembers the change that tipped it (the last one that cut
    /// its last nameserver off, the first that gave it one back), which is what its events name as the cause.
    /// </summary>
    private void OnRoute(NodeContext ctx, RouteAvailability route)
    {
        if (!_routed.TryGetValue(route.Prefix, out var was) || was == route.Available) return;
        _routed[route.Prefix] = route.Available;
        foreach (var n in _names.Values)
        {
            var before = _probe.TryGetValue(n.Name, out var p) ? (p.Reachable, p.Timeouts) : (n.Reachable, n.Timeouts);
            var (r, t) = Probe(n.Nameservers);
            var prefix = p.Prefix;
            var cause = p.Cause;
            var latencyCause = p.LatencyCause;
            if (r != before.Item1) (prefix, cause) = (route.Prefix, ctx.CurrentCause);
            if (LatencyTimeouts(r, t) != LatencyTimeouts(before.Item1, before.Item2)) latencyCause = ctx.CurrentCause;
            _probe[n.Name] = (r, t, prefix ?? route.Prefix, cause, latencyCause);
        }
        if (_routeCheckPending) return;
        _routeCheckPending = true;
        ctx.SetTimer(ctx.Now, new RouteCheck(), ctx.CurrentCause);
    }

    private void OnRouteCheck(NodeContext ctx)
    {
        _routeCheckPending = false;
        var causeOf = new Dictionary<string, long>(StringComparer.Ordinal);
        var last = 0L;
        // Where each name stands now, and the changes of this instant that tipped it.
        var changes = _names.Values.Select(n =>
        {
            var (reachable, timeouts) = Probe(n.Nameservers);
            var tip = _probe.GetValueOrDefault(n.Name);
            return (Name: n, Probe: (Reachable: reachable, Timeouts: timeouts, tip.Prefix, tip.Cause, tip.LatencyCause));
        }).ToList();
        _probe.Clear();
        // Names that lost their last nameserver, or got one back, grouped by the change that tipped them.
        foreach (var (wasReachable, kind) in new[] { (true, "resolver.authority_unreachable"), (false, "resolver.authority_reachable") })
            foreach (var group in changes.Where(c => c.Name.Reachable == wasReachable && c.Probe.Reachable != wasReachable)
                         .GroupBy(c => (c.Probe.Cause, c.Probe.Prefix)).OrderBy(g => g.Key.Cause))
            {
                var e = ctx.Emit(kind, group.Key.Cause, _spec.Name, wasReachable ? 0 : 1, ("prefix", group.Key.Prefix),
                    ("names", group.Select(c => c.Name.Name).ToArray()));
                foreach (var c in group) causeOf[c.Name.Name] = e;
                last = e;
            }
        // Names that still resolve, or resolve again, but must first wait for other nameservers to time out.
        foreach (var group in changes.Where(c => c.Probe.Reachable && LatencyTimeouts(c.Name.Reachable, c.Name.Timeouts) != c.Probe.Timeouts)
                     .GroupBy(c => (c.Probe.Timeouts, c.Probe.LatencyCause)).OrderBy(g => g.Key.Timeouts).ThenBy(g => g.Key.LatencyCause))
        {
            var e = ctx.Emit("resolver.latency", causeOf.GetValueOrDefault(group.First().Name.Name, group.Key.LatencyCause), _spec.Name,
                group.Key.Timeouts * _p.ResolverTimeoutMs, ("names", group.Select(c => c.Name.Name).ToArray()), ("timeouts", group.Key.Timeouts),
                ("latency_ms", group.Key.Timeouts * _p.ResolverTimeoutMs));
            foreach (var c in group) causeOf.TryAdd(c.Name.Name, e);
            last = e;
        }
        foreach (var (n, probe) in changes) (n.Reachable, n.Timeouts) = (probe.Reachable, probe.Timeouts);
        if (last == 0) return;
        ReportLoad(ctx, last);
        foreach (var (n, _) in changes)
            if (causeOf.TryGetValue(n.Name, out var cause)) Reschedule(ctx, n, cause);
    }

    private void OnZone(NodeContext ctx, ResolverName n, bool present)
    {
        if (n.InZone == present) return;
        n.InZone = present;
        Reschedule(ctx, n, ctx.CurrentCause);
    }

    /// <summary>
    /// The parent zone's delegation changed. The cohort keeps using its cached NS set until that expires, on the
    /// name's NS grid (its phase drawn the first time it matters), and then fetches the new one.
    /// </summary>
    private void OnDelegation(NodeContext ctx, DelegationUpdate update)
    {
        IEnumerable<(string Service, string[] Nameservers)> edits;
        if (update.RestoreOf is { } undo)
        {
            if (!_delegationBefore.Remove(undo, out var before)) return;
            edits = before.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, kv.Value));
        }
        else
        {
            var before = new Dictionary<string, string[]>(StringComparer.Ordinal);
            foreach (var edit in update.Edits.Where(e => _names.ContainsKey(e.Service))) before.TryAdd(edit.Service, _names[edit.Service].Delegation);
            _delegationBefore.TryAdd(update.Action, before);
            edits = update.Edits.Select(e => (e.Service, e.Nameservers));
        }
        foreach (var (service, nameservers) in edits)
        {
            if (!_names.TryGetValue(service, out var n)) continue;
            n.Delegation = nameservers;
            n.NsExpiry.CancelAll(ctx);
            if (n.Delegation.SequenceEqual(n.Nameservers, StringComparer.Ordinal)) continue;
            n.NsPhase ??= ctx.Random.NextLong(0, n.NsTtlMs);
            var expiry = ResolverName.NextOnGrid(ctx.Now, n.NsPhase.Value, n.NsTtlMs);
            n.NsExpiry.Set(ctx, expiry, new NsCacheExpires(n.Name), ctx.CurrentCause);
        }
    }

    /// <summary>The cached NS set expired: the next resolution asks the parent first (one more round trip) and uses
    /// the delegation it gets from now on.</summary>
    private void OnNsExpiry(NodeContext ctx, ResolverName n)
    {
        foreach (var p in n.Delegation.Where(x => !Nameserver.IsExternal(x))) _routed.TryAdd(p, false);
        n.Nameservers = n.Delegation;
        (n.Reachable, n.Timeouts) = Probe(n.Nameservers);
        var e = ctx.Emit("resolver.delegation", ctx.CurrentCause, _spec.Name, n.Reachable ? 1 : 0, ("name", n.Name),
            ("nameservers", n.Nameservers), ("reachable", n.Reachable), ("timeouts", LatencyTimeouts(n.Reachable, n.Timeouts)));
        ReportLoad(ctx, e);
        Reschedule(ctx, n, e, parentRoundTrip: true);
    }

    /// <summary>
    /// After anything that changes a name's prospects (nameserver reachability, zone content, delegation), work out
    /// when what the cohort answers will next change, assuming nothing else changes meanwhile, and set one timer.
    /// </summary>
    private void Reschedule(NodeContext ctx, ResolverName n, long cause, bool parentRoundTrip = false)
    {
        var latency = LatencyTimeouts(n.Reachable, n.Timeouts) * _p.ResolverTimeoutMs;
        long at;
        switch (n.Answer)
        {
            case ResolverAnswer.Fresh:
                n.Resolution.CancelAll(ctx);
                n.AttemptStart = -1;
                if (n.Reachable && n.InZone) return; // refreshes keep succeeding
                // The cached answer serves until its next expiry; the refresh then runs into timeouts and gives up, or
                // comes back NXDOMAIN.
                var expiry = ResolverName.NextOnGrid(ctx.Now, n.Phase, n.TtlMs);
                at = n.Reachable ? expiry + latency + _p.ResolverRttMs : expiry + _p.ResolverGiveUpMs;
                break;
            case ResolverAnswer.Stale or ResolverAnswer.Servfail:
                if (!n.Reachable) { Cancel(ctx, n); return; }
                // Clients keep asking, so the next resolution starts when the cached failure (or the stale-refresh
                // wait) runs out.
                if (!StartAttempt(ctx, n, n.Answer == ResolverAnswer.Stale ? _p.StaleRefreshMs : _p.ServfailCacheMs, parentRoundTrip)) return;
                at = n.AttemptStart + n.AttemptExtraMs + latency + _p.ResolverRttMs;
                break;
            default: // NXDOMAIN: true while the zone lacks the name; once it is back, it holds until the negative cache runs out
                if (!n.InZone) { Cancel(ctx, n); return; }
                if (!StartAttempt(ctx, n, _p.NegativeTtlMs, parentRoundTrip)) return;
                at = n.AttemptStart + n.AttemptExtraMs + (n.Reachable ? latency + _p.ResolverRttMs : _p.ResolverGiveUpMs);
                break;
        }
        n.Resolution.CancelAll(ctx);
        n.Resolution.Set(ctx, at, new ResolutionEnds(n.Name), cause);
    }

    /// <summary>
    /// Draws when the pending resolution starts (uniform in [0, wait): the cohort's instances cached the failure or
    /// negative answer at different times), unless one is already pending. False if it has already started: its
    /// outcome is decided when it ends.
    /// </summary>
    private bool StartAttempt(NodeContext ctx, ResolverName n, long wait, bool parentRoundTrip)
    {
        if (n.AttemptStart < 0)
        {
            n.AttemptStart = ctx.Now + ctx.Random.NextLong(0, Math.Max(1, wait));
            n.AttemptExtraMs = parentRoundTrip ? _p.ResolverRttMs : 0;
            return true;
        }
        if (parentRoundTrip) n.AttemptExtraMs = _p.ResolverRttMs;
        return ctx.Now < n.AttemptStart;
    }

    private static void Cancel(NodeContext ctx, ResolverName n)
    {
        n.Resolution.CancelAll(ctx);
        n.AttemptStart = -1;
    }

    /// <summary>A resolution ended: its outcome follows from the name's state now.</summary>
    private void OnResolved(NodeContext ctx, ResolverName n)
    {
        n.AttemptStart = -1;
        ResolverAnswer next;
        if (!n.Reachable)
            // An expired record may be served stale; an expired NXDOMAIN is not (the model serves only data).
            next = _spec.ServeStale && n.Answer is ResolverAnswer.Fresh or ResolverAnswer.Stale ? ResolverAnswer.Stale : ResolverAnswer.Servfail;
        else next = n.InZone ? ResolverAnswer.Fresh : ResolverAnswer.Nxdomain;
        if (next == n.Answer && next != ResolverAnswer.Nxdomain) return;
        var wasNxdomain = n.Answer == ResolverAnswer.Nxdomain;
        n.Answer = next;
        long e;
        switch (next)
        {
            case ResolverAnswer.Fresh:
                n.Phase = ctx.Now % n.TtlMs; // freshly cached now: the refresh grid restarts here
                e = ctx.Emit("resolver.resolving", ctx.CurrentCause, _spec.Name, 1, ("name", n.Name));
                break;
            case ResolverAnswer.Stale: e = ctx.Emit("resolver.serving_stale", ctx.CurrentCause, _spec.Name, 1, ("name", n.Name)); break;
            case ResolverAnswer.Servfail: e = ctx.Emit("resolver.servfail", ctx.CurrentCause, _spec.Name, 0, ("name", n.Name)); break;
            default:
                if (wasNxdomain) return; // re-cached: nothing changes for the clients
                e = ctx.Emit("resolver.nxdomain", ctx.CurrentCause, _spec.Name, 0, ("name", n.Name), ("negative_ttl_ms", _p.NegativeTtlMs));
                break;
        }
        foreach (var client in _demand.Keys)
            ctx.Send(client, Math.Max(ctx.Lookahead, _p.ResolverRttMs), new DnsAnswerStatus { Service = n.Name, Answering = n.Answering }, e);
        ReportLoad(ctx, e);
    }

    /// <summary>
    /// Queries to the authority, per name: each instance refreshes the record once per TTL (plus one query to each
    /// nameserver that times out first), and the delegation from the parent once per NS TTL. While a name fails, a
    /// whole failed resolution per failure-cache or stale-refresh period; while it is NXDOMAIN, one per negative TTL.
    /// </summary>
    public double UpstreamPerSecond => _names.Values.Sum(n => _spec.Instances * (PerInstance(n) + 1000.0 / n.NsTtlMs));

    private double PerInstance(ResolverName n) => n.Answer switch
    {
        // While a refresh is failing, until the give-up, it is counted as one query: the give-up rate takes over after.
        ResolverAnswer.Fresh => (1 + LatencyTimeouts(n.Reachable, n.Timeouts)) * 1000.0 / n.TtlMs,
        ResolverAnswer.Stale => (double)_p.ResolverAttempts * 1000 / Math.Max(1, _p.StaleRefreshMs),
        ResolverAnswer.Servfail => (double)_p.ResolverAttempts * 1000 / Math.Max(1, _p.ServfailCacheMs),
        _ => (1 + LatencyTimeouts(n.Reachable, n.Timeouts)) * 1000.0 / Math.Max(1, _p.NegativeTtlMs),
    };

    /// <summary>
    /// Records the cohort's load when it changes by more than 1 % (or SERVFAIL or NXDOMAIN starts or stops): client
    /// queries/s, SERVFAIL/s, NXDOMAIN/s and queries to the authority. The threshold keeps a retry storm from filling the log.
    /// </summary>
    private void ReportLoad(NodeContext ctx, long cause)
    {
        var qps = QueriesPerSecond;
        var servfail = ServfailPerSecond;
        var nxdomain = NxdomainPerSecond;
        var upstream = UpstreamPerSecond;
        var flipped = (servfail > 0) != (_lastServfail > 0) || (nxdomain > 0) != (_lastNxdomain > 0);
        if (!flipped && Close(qps, _lastQps) && Close(servfail, _lastServfail) && Close(nxdomain, _lastNxdomain) && Close(upstream, _lastUpstream)) return;
        (_lastQps, _lastServfail, _lastNxdomain, _lastUpstream) = (qps, servfail, nxdomain, upstream);
        ctx.Emit("resolver.load", cause, _spec.Name, qps, ("queries_per_s", Math.Round(qps, 3)), ("servfail_per_s", Math.Round(servfail, 3)),
            ("nxdomain_per_s", Math.Round(nxdomain, 3)), ("upstream_per_s", Math.Round(upstream, 3)));
    }

    private double TotalDemand(string service) => _demand.Values.Sum(d => d.GetValueOrDefault(service));

    private Dictionary<string, double> Demand(int client)
    {
        if (!_demand.TryGetValue(client, out var d)) _demand[client] = d = new Dictionary<string, double>(StringComparer.Ordinal);
        return d;
    }

    private static bool Close(double a, double b) => Math.Abs(a - b) <= 0.01 * Math.Max(1e-9, Math.Abs(b));
}
