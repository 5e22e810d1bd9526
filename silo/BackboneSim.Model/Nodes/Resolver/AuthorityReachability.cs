using BackboneSim.Engine;
using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// Which of a resolver cohort's nameservers it can reach: an operator anycast prefix while the cohort's AS has a
/// route for it, another provider's (<c>external:</c>) always. Route news are gathered for the instant, then each
/// name's reachability and the timeouts before its first reachable nameserver are worked out once, with the
/// change that tipped it as the cause of its events.
/// </summary>
internal sealed class AuthorityReachability(ResolverSpec spec, ModelParameters parameters, IReadOnlyDictionary<string, ResolverName> names,
    ResolverLoad load, ResolutionSchedule schedule)
{
    private readonly Dictionary<string, bool> _routed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (bool Reachable, int Timeouts, string Prefix, long Cause, long LatencyCause)> _probe = new(StringComparer.Ordinal);
    private bool _routeCheckPending;

    /// <summary>Timer: route news of this instant are in; work out what changed for each name.</summary>
    public sealed record RouteCheck;

    /// <summary>The cohort learns of a nameserver prefix (a new delegation's); until a route for it arrives, it is not routed.</summary>
    public void Track(string prefix) => _routed.TryAdd(prefix, false);

    /// <summary>Start state: these prefixes are routed, others not.</summary>
    public void Initially(IEnumerable<string> prefixes, IEnumerable<string> routed)
    {
        foreach (var p in prefixes) _routed[p] = false;
        foreach (var p in routed) _routed[p] = true;
    }

    /// <summary>Delays that count timeouts only when a nameserver is reached in the end.</summary>
    public static int LatencyTimeouts(bool reachable, int timeouts) => reachable ? timeouts : 0;

    /// <summary>
    /// Whether any nameserver answers, and how many the cohort tries (and waits a timeout for) before the first
    /// that does. They are tried in the delegation's order.
    /// </summary>
    public (bool Reachable, int Timeouts) Probe(string[] nameservers)
    {
        // A network without DNS servers of its own: its names are served from outside the model and always resolve.
        if (nameservers.Length == 0) return (true, 0);
        for (var i = 0; i < nameservers.Length; i++)
            if (Nameserver.IsExternal(nameservers[i]) || _routed.GetValueOrDefault(nameservers[i])) return (true, i);
        return (false, nameservers.Length);
    }

    /// <summary>
    /// Route news change nothing at once: several prefixes often come and go in the same instant, so the names are
    /// re-evaluated once those are all in. Each name remembers the change that tipped it (the last one that cut
    /// its last nameserver off, the first that gave it one back), which is what its events name as the cause.
    /// </summary>
    public void OnRoute(NodeContext ctx, RouteAvailability route)
    {
        if (!_routed.TryGetValue(route.Prefix, out var was) || was == route.Available) return;
        _routed[route.Prefix] = route.Available;
        foreach (var n in names.Values)
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
            var e = ctx.Emit(new ResolverLatency(spec.Name, group.Select(c => c.Name.Name).ToArray(), group.Key.Timeouts, group.Key.Timeouts * parameters.ResolverTimeoutMs),
                causeOf.GetValueOrDefault(group.First().Name.Name, group.Key.LatencyCause));
            foreach (var c in group) causeOf.TryAdd(c.Name.Name, e);
            last = e;
        }
        foreach (var (n, probe) in changes) (n.Reachable, n.Timeouts) = (probe.Reachable, probe.Timeouts);
        if (last == 0) return;
        load.Report(ctx, last);
        foreach (var (n, _) in changes)
            if (causeOf.TryGetValue(n.Name, out var cause)) schedule.Reschedule(ctx, n, cause);
    }
}
