using BackboneSim.Engine;
using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// The queries a resolver cohort sends each DNS server its queries reach (<see cref="AuthorityReachability.ServersQueried"/>),
/// told to those servers so that an anycast site knows its load: every instance resolves each name once per TTL while
/// it answers, once per negative TTL while it is NXDOMAIN, and makes <c>resolver_attempts</c> tries per failure-cache
/// (or stale-refresh) period while it fails. A server hears again when its share moves by more than 5 %, or drops to 0
/// when the cohort's queries go elsewhere.
/// </summary>
internal sealed class AuthorityLoads(ResolverSpec spec, ModelParameters parameters, ResolverTimings timings, IReadOnlyDictionary<string, ResolverName> names,
    AuthorityReachability authority)
{
    private readonly SortedDictionary<int, double> _told = new();

    /// <summary>Queries per second to each server now.</summary>
    public SortedDictionary<int, double> Now()
    {
        var load = new SortedDictionary<int, double>();
        foreach (var n in names.Values)
        {
            var perSecond = spec.Instances * Rate(n);
            foreach (var server in authority.ServersQueried(n)) load[server] = load.GetValueOrDefault(server) + perSecond;
        }
        return load;
    }

    /// <summary>Tells the servers whose load from this cohort moved.</summary>
    public void Tell(NodeContext ctx, long cause)
    {
        var now = Now();
        foreach (var server in now.Keys.Union(_told.Keys).Order().ToList())
        {
            var qps = now.GetValueOrDefault(server);
            var told = _told.GetValueOrDefault(server);
            if (Math.Abs(qps - told) <= 0.05 * told && (qps > 0) == (told > 0)) continue;
            if (qps > 0) _told[server] = qps; else _told.Remove(server);
            ctx.Send(server, Math.Max(ctx.Lookahead, parameters.ResolverRttMs), new AuthorityLoad { QueriesPerSecond = qps }, cause);
        }
    }

    /// <summary>Takes the start's load as told: the servers are sized from it and need not hear it.</summary>
    public void Baseline()
    {
        foreach (var (server, qps) in Now()) _told[server] = qps;
    }

    private double Rate(ResolverName n) => n.Answer switch
    {
        ResolverAnswer.Fresh => 1000.0 / n.TtlMs,
        ResolverAnswer.Stale => (double)timings.Attempts * 1000 / Math.Max(1, parameters.StaleRefreshMs),
        ResolverAnswer.Servfail => (double)timings.Attempts * 1000 / Math.Max(1, parameters.ServfailCacheMs),
        _ => 1000.0 / Math.Max(1, parameters.NegativeTtlMs),
    };
}
