using BackboneSim.Engine;
using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// Which of a resolver cohort's nameservers answer it, and what the others cost: an operator anycast prefix answers
/// while the cohort's queries reach a DNS server that answers (<see cref="AnycastCatchment"/>; without a data plane:
/// while the cohort's AS has a route for it), another provider's (<c>external:</c>) always. A prefix with a route that
/// leads nowhere costs a timeout; one without a route fails at once (ICMP unreachable). News are gathered for the
/// instant, then each name's reachability and the timeouts before its first answering nameserver are worked out once,
/// with the change that tipped it as the cause of its events. With the catchment known, the zone the cohort sees for a
/// name is that of the server answering its first answering nameserver.
/// </summary>
internal sealed class AuthorityReachability(ResolverSpec spec, ResolverTimings timings, IReadOnlyDictionary<string, ResolverName> names,
    ResolverLoad load, ResolutionSchedule schedule)
{
    private readonly Dictionary<string, AnycastFate> _fate = new(StringComparer.Ordinal);
    /// <summary>The names the zone answering each prefix holds (only once the data plane told the catchment).</summary>
    private readonly Dictionary<string, string[]> _zoneOf = new(StringComparer.Ordinal);
    /// <summary>The DNS server each prefix's queries reach (answered or overloaded), when the data plane said.</summary>
    private readonly Dictionary<string, int> _serverOf = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (bool Reachable, int Timeouts, string Prefix, long Cause, long LatencyCause)> _probe = new(StringComparer.Ordinal);
    private bool _routeCheckPending;
    private long _checkCause;

    /// <summary>Timer: route news of this instant are in; work out what changed for each name.</summary>
    public sealed record RouteCheck;

    /// <summary>The cohort learns of a nameserver prefix (a new delegation's); until a route for it arrives, it is not routed.</summary>
    public void Track(string prefix) => _fate.TryAdd(prefix, AnycastFate.NoRoute);

    /// <summary>Start state: these prefixes are routed and answer, others have no route.</summary>
    public void Initially(IEnumerable<string> prefixes, IEnumerable<string> routed)
    {
        foreach (var p in prefixes) _fate[p] = AnycastFate.NoRoute;
        foreach (var p in routed) _fate[p] = AnycastFate.Answered;
    }

    /// <summary>Start state from the catchment: each prefix's fate and the zone that answers it.</summary>
    public void Initially(IEnumerable<AuthorityPath> paths)
    {
        foreach (var path in paths) (_fate[path.Prefix], _zoneOf[path.Prefix], _serverOf[path.Prefix]) = (path.Fate, path.Names, path.Server);
    }

    /// <summary>
    /// The DNS servers this cohort's resolutions of a name query, and how many queries each resolution sends each: every
    /// nameserver tried up to the first that answers, when its queries reach a server (one that answers, or one too
    /// overloaded to); a failing resolution tries them all.
    /// </summary>
    public IEnumerable<int> ServersQueried(ResolverName n)
    {
        // Picking by RTT, a cohort whose name has an answering nameserver no longer queries the ones that time out.
        var onlyAnswering = timings.RttSelection && Probe(n.Nameservers).Reachable;
        foreach (var ns in n.Nameservers)
        {
            if (Nameserver.IsExternal(ns)) yield break;
            var fate = _fate.GetValueOrDefault(ns, AnycastFate.NoRoute);
            if (fate is AnycastFate.Answered or AnycastFate.Overloaded && !(onlyAnswering && fate != AnycastFate.Answered)
                && _serverOf.TryGetValue(ns, out var server) && server >= 0) yield return server;
            if (fate == AnycastFate.Answered) yield break;
        }
    }

    /// <summary>Whether the zone the cohort sees for a name holds it: the zone of the server answering the name's first
    /// answering nameserver. Null when that is not known (no catchment, or no nameserver answers): the zone stays as it was.</summary>
    public bool? ZoneHolds(ResolverName n)
    {
        foreach (var ns in n.Nameservers)
        {
            if (Nameserver.IsExternal(ns)) return null;
            if (_fate.GetValueOrDefault(ns, AnycastFate.NoRoute) != AnycastFate.Answered) continue;
            return _zoneOf.TryGetValue(ns, out var zone) ? Array.BinarySearch(zone, n.Name, StringComparer.Ordinal) >= 0 : null;
        }
        return null;
    }

    /// <summary>Delays that count timeouts only when a nameserver is reached in the end.</summary>
    public static int LatencyTimeouts(bool reachable, int timeouts) => reachable ? timeouts : 0;

    /// <summary>
    /// Whether any nameserver answers, and how many the cohort waits a timeout for before the first that does (or, with
    /// none, in all): they are tried in the delegation's order, and one without a route costs no timeout. A cohort that
    /// picks by RTT (<see cref="ResolverTimings.RttSelection"/>) has learnt which answer: while one does, it waits for none.
    /// </summary>
    public (bool Reachable, int Timeouts) Probe(string[] nameservers)
    {
        var (reachable, timeouts) = InOrder(nameservers);
        return timings.RttSelection && reachable ? (true, 0) : (reachable, timeouts);
    }

    /// <summary>Tried in the delegation's order: whether any answers, and the timeouts before the first that does.</summary>
    private (bool Reachable, int Timeouts) InOrder(string[] nameservers)
    {
        // A network without DNS servers of its own: its names are served from outside the model and always resolve.
        if (nameservers.Length == 0) return (true, 0);
        var timeouts = 0;
        foreach (var ns in nameservers)
        {
            if (Nameserver.IsExternal(ns)) return (true, timeouts);
            switch (_fate.GetValueOrDefault(ns, AnycastFate.NoRoute))
            {
                case AnycastFate.Answered: return (true, timeouts);
                case AnycastFate.Blackholed or AnycastFate.Overloaded: timeouts++; break;
            }
        }
        return (false, timeouts);
    }

    /// <summary>
    /// Route news change nothing at once: several prefixes often come and go in the same instant, so the names are
    /// re-evaluated once those are all in. Each name remembers the change that tipped it (the last one that cut
    /// its last nameserver off, the first that gave it one back), which is what its events name as the cause.
    /// </summary>
    public void OnRoute(NodeContext ctx, RouteAvailability route)
        => OnFate(ctx, route.Prefix, route.Available ? AnycastFate.Answered : AnycastFate.NoRoute, null);

    /// <summary>The data plane says what becomes of the cohort's queries to a prefix now (<see cref="AnycastCatchment"/>).</summary>
    public void OnPath(NodeContext ctx, AuthorityPath path)
    {
        if (_fate.ContainsKey(path.Prefix)) _serverOf[path.Prefix] = path.Server;
        OnFate(ctx, path.Prefix, path.Fate, path.Names);
    }

    private void OnFate(NodeContext ctx, string changed, AnycastFate fate, string[]? zone)
    {
        if (!_fate.TryGetValue(changed, out var was)) return;
        var zoneChanged = zone is not null && !(_zoneOf.GetValueOrDefault(changed) ?? []).SequenceEqual(zone);
        if (zone is not null) _zoneOf[changed] = zone;
        _checkCause = ctx.CurrentCause;
        if (was == fate && !zoneChanged) return;
        _fate[changed] = fate;
        foreach (var n in names.Values)
        {
            var before = _probe.TryGetValue(n.Name, out var p) ? (p.Reachable, p.Timeouts) : (n.Reachable, n.Timeouts);
            var (r, t) = Probe(n.Nameservers);
            var prefix = p.Prefix;
            var cause = p.Cause;
            var latencyCause = p.LatencyCause;
            if (r != before.Item1) (prefix, cause) = (changed, ctx.CurrentCause);
            if (LatencyTimeouts(r, t) != LatencyTimeouts(before.Item1, before.Item2) || (!r && t != before.Item2)) latencyCause = ctx.CurrentCause;
            _probe[n.Name] = (r, t, prefix ?? changed, cause, latencyCause);
        }
        if (_routeCheckPending) return;
        _routeCheckPending = true;
        ctx.SetTimer(ctx.Now, new RouteCheck(), ctx.CurrentCause);
    }

    public void OnRouteCheck(NodeContext ctx)
    {
        _routeCheckPending = false;
        var causeOf = new Dictionary<string, long>(StringComparer.Ordinal);
        var last = 0L;
        // Where each name stands now, and the changes of this instant that tipped it.
        var changes = names.Values.Select(n =>
        {
            var (reachable, timeouts) = Probe(n.Nameservers);
            var tip = _probe.GetValueOrDefault(n.Name);
            return (Name: n, Probe: (Reachable: reachable, Timeouts: timeouts, tip.Prefix, tip.Cause, tip.LatencyCause));
        }).ToList();
        _probe.Clear();
        // Names that lost their last nameserver, or got one back, grouped by the change that tipped them.
        foreach (var wasReachable in new[] { true, false })
            foreach (var group in changes.Where(c => c.Name.Reachable == wasReachable && c.Probe.Reachable != wasReachable)
                         .GroupBy(c => (c.Probe.Cause, c.Probe.Prefix)).OrderBy(g => g.Key.Cause))
            {
                var names = group.Select(c => c.Name.Name).ToArray();
                var e = ctx.Emit(wasReachable ? new ResolverAuthorityUnreachable(spec.Name, group.Key.Prefix, names)
                    : new ResolverAuthorityReachable(spec.Name, group.Key.Prefix, names), group.Key.Cause);
                foreach (var c in group) causeOf[c.Name.Name] = e;
                last = e;
            }
        // Names that still resolve, or resolve again, but must first wait for other nameservers to time out.
        foreach (var group in changes.Where(c => c.Probe.Reachable && LatencyTimeouts(c.Name.Reachable, c.Name.Timeouts) != c.Probe.Timeouts)
                     .GroupBy(c => (c.Probe.Timeouts, c.Probe.LatencyCause)).OrderBy(g => g.Key.Timeouts).ThenBy(g => g.Key.LatencyCause))
        {
            var e = ctx.Emit(new ResolverLatency(spec.Name, group.Select(c => c.Name.Name).ToArray(), group.Key.Timeouts, group.Key.Timeouts * timings.TimeoutMs),
                causeOf.GetValueOrDefault(group.First().Name.Name, group.Key.LatencyCause));
            foreach (var c in group) causeOf.TryAdd(c.Name.Name, e);
            last = e;
        }
        // A name that stays unanswered but now fails at once instead of timing out (or the other way) gives up sooner
        // (later); a name whose answering zone changed sees the change at its next resolution.
        foreach (var (n, probe) in changes)
        {
            if (!probe.Reachable && !n.Reachable && probe.Timeouts != n.Timeouts) causeOf.TryAdd(n.Name, probe.LatencyCause);
            if (ZoneHolds(n) is { } holds && holds != n.InZone) { n.InZone = holds; causeOf.TryAdd(n.Name, _checkCause); }
        }
        foreach (var (n, probe) in changes) (n.Reachable, n.Timeouts) = (probe.Reachable, probe.Timeouts);
        if (causeOf.Count == 0) return;
        load.Report(ctx, last != 0 ? last : causeOf.Values.First());
        foreach (var (n, _) in changes)
            if (causeOf.TryGetValue(n.Name, out var cause)) schedule.Reschedule(ctx, n, cause);
    }
}
