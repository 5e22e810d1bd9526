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
/// This class dispatches to its parts: <see cref="AuthorityReachability"/> (which nameservers answer),
/// <see cref="ResolutionSchedule"/> (when and how the answer changes), <see cref="DelegationCache"/> (cached NS sets)
/// and <see cref="ResolverLoad"/> (demand and rates).
/// </summary>
public sealed class ResolverModel : INodeModel
{
    private readonly ResolverSpec _spec;
    private readonly SortedDictionary<string, ResolverName> _names = new(StringComparer.Ordinal);
    private readonly ResolverLoad _load;
    private readonly ResolutionSchedule _schedule;
    private readonly AuthorityReachability _authority;
    private readonly DelegationCache _delegations;
    /// <summary>The queries it sends each DNS server, told to them (null: the servers have no capacity limit, or the
    /// catchment is not known).</summary>
    private readonly AuthorityLoads? _loads;

    /// <param name="initialPaths">With the catchment known (a data plane): what becomes of the cohort's queries to each
    /// prefix at the start; then <paramref name="initiallyRouted"/> is not used.</param>
    /// <param name="reportLoad">Whether to tell the DNS servers its queries reach how many it sends (they have a capacity).</param>
    public ResolverModel(ResolverSpec spec, ModelParameters parameters, IEnumerable<ServiceSpec> names, IReadOnlyList<string> authorityPrefixes,
        IEnumerable<string> initiallyRouted, IEnumerable<(int Client, string Service, double Qps)> initialDemand, IReadOnlyList<AuthorityPath>? initialPaths = null,
        bool reportLoad = false)
    {
        _spec = spec;
        // The cohort's own timeouts, attempts, give-up, selection and background where its topology entry has them.
        var timings = ResolverTimings.Of(spec, parameters);
        _load = new ResolverLoad(spec, parameters, timings, _names);
        _schedule = new ResolutionSchedule(spec, parameters, timings, _load);
        _authority = new AuthorityReachability(spec, timings, _names, _load, _schedule);
        _delegations = new DelegationCache(spec, _names, _authority, _load, _schedule);
        foreach (var s in names) _names[s.Name] = new ResolverName(s, Nameserver.Initial(s, authorityPrefixes));
        _authority.Initially(authorityPrefixes.Concat(_names.Values.SelectMany(n => n.Nameservers)).Where(x => !Nameserver.IsExternal(x)),
            initialPaths is null ? initiallyRouted : []);
        if (initialPaths is not null) _authority.Initially(initialPaths);
        foreach (var n in _names.Values)
        {
            (n.Reachable, n.Timeouts) = _authority.Probe(n.Nameservers);
            if (_authority.ZoneHolds(n) is { } holds) n.InZone = holds;
        }
        foreach (var (client, service, qps) in initialDemand) _load.SetDemand(client, service, qps);
        if (reportLoad && initialPaths is not null) _loads = new AuthorityLoads(spec, parameters, timings, _names, _authority);
    }

    /// <summary>The queries per second it sends each DNS server at the start, every name answered (none without a
    /// catchment): what the servers' capacities are sized from.</summary>
    public IReadOnlyDictionary<int, double> SteadyAuthorityLoad() => _loads?.Now() ?? new SortedDictionary<int, double>();

    public bool Answering(string service) => _names[service].Answering;
    public ResolverAnswer Answer(string service) => _names[service].Answer;
    public double QueriesPerSecond => _load.QueriesPerSecond;
    public double ServfailPerSecond => _load.ServfailPerSecond;
    public double NxdomainPerSecond => _load.NxdomainPerSecond;
    public double UpstreamPerSecond => _load.UpstreamPerSecond;

    public void Start(NodeContext ctx)
    {
        foreach (var n in _names.Values) n.Phase = ctx.Random.NextLong(0, n.TtlMs);
        // A name none of whose nameservers can be reached at t=0 fails at its first expiry.
        foreach (var n in _names.Values.Where(n => !n.Reachable || !n.InZone)) _schedule.Reschedule(ctx, n, 0);
        _load.Baseline();
        _loads?.Baseline();
    }

    public void Handle(NodeContext ctx, SimMessage message)
    {
        switch (message.Payload)
        {
            case RouteAvailability route: _authority.OnRoute(ctx, route); break;
            case AuthorityPath path: _authority.OnPath(ctx, path); break;
            case AuthorityReachability.RouteCheck: _authority.OnRouteCheck(ctx); break;
            case QueryDemand demand: _load.SetDemand(message.From, demand.Service, demand.QueriesPerSecond); _load.Report(ctx, ctx.CurrentCause); break;
            case ZoneUpdate zone when _names.TryGetValue(zone.Service, out var n): OnZone(ctx, n, zone.Present); break;
            case ZoneUpdate: break; // a name this cohort is never asked for
            case DelegationUpdate delegation: _delegations.OnDelegation(ctx, delegation); break;
            case ResolutionSchedule.ResolutionEnds timer: _schedule.OnResolved(ctx, _names[timer.Service]); break;
            case DelegationCache.NsCacheExpires timer: _delegations.OnExpiry(ctx, _names[timer.Service]); break;
            default: throw new InvalidOperationException($"resolver {_spec.Name} cannot handle {message.Payload.GetType().Name}");
        }
        _loads?.Tell(ctx, ctx.CurrentCause);
    }

    /// <summary>The home DNS server's zone gained or lost the name: the answer changes at the next resolution.</summary>
    private void OnZone(NodeContext ctx, ResolverName n, bool present)
    {
        if (n.InZone == present) return;
        n.InZone = present;
        _schedule.Reschedule(ctx, n, ctx.CurrentCause);
    }
}
