using BackboneSim.Engine;
using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// A resolver cohort's load: the client cohorts' query demand per name, what follows from it (queries/s, SERVFAIL/s,
/// NXDOMAIN/s, queries to the authority), and the <c>resolver.load</c> events that record it when it moves. SERVFAIL/s
/// and NXDOMAIN/s include the cohort's background (<see cref="ResolverTimings.BaselineServfailRatio"/>): a share of the
/// queries for names it answers that fail anyway on a normal day, so an outage's rates read against a typical day's.
/// </summary>
internal sealed class ResolverLoad(ResolverSpec spec, ModelParameters parameters, ResolverTimings timings, IReadOnlyDictionary<string, ResolverName> names)
{
    private readonly SortedDictionary<int, Dictionary<string, double>> _demand = new();
    private double _lastQps = double.NaN, _lastServfail = double.NaN, _lastNxdomain = double.NaN, _lastUpstream = double.NaN;

    /// <summary>The client cohorts that ask this one, in node order: they hear when a name's answer changes.</summary>
    public IEnumerable<int> Clients => _demand.Keys;

    public double QueriesPerSecond => names.Keys.Sum(TotalDemand);
    public double ServfailPerSecond => names.Values.Where(n => n.Answer == ResolverAnswer.Servfail).Sum(n => TotalDemand(n.Name))
        + Background(timings.BaselineServfailRatio);
    public double NxdomainPerSecond => names.Values.Where(n => n.Answer == ResolverAnswer.Nxdomain).Sum(n => TotalDemand(n.Name))
        + Background(timings.BaselineNxdomainRatio);

    /// <summary>
    /// The normal day's failures: this share of the queries for names the cohort answers (fresh or stale). They stand
    /// for other names in its traffic (broken delegations, failed validations, typos), so they change no answer and no
    /// client's demand; a name that fails outright counts in full above instead. Exactly 0 without a ratio, so runs
    /// without one add nothing to their sums.
    /// </summary>
    private double Background(double ratio) => ratio > 0 ? ratio * names.Values.Where(n => n.Answering).Sum(n => TotalDemand(n.Name)) : 0;

    /// <summary>
    /// Queries to the authority, per name: each instance refreshes the record once per TTL (plus one query to each
    /// nameserver that times out first), and the delegation from the parent once per NS TTL. While a name fails, a
    /// whole failed resolution per failure-cache or stale-refresh period; while it is NXDOMAIN, one per negative TTL.
    /// </summary>
    public double UpstreamPerSecond => names.Values.Sum(n => spec.Instances * (PerInstance(n) + 1000.0 / n.NsTtlMs));

    public void SetDemand(int client, string service, double queriesPerSecond)
    {
        if (!_demand.TryGetValue(client, out var d)) _demand[client] = d = new Dictionary<string, double>(StringComparer.Ordinal);
        d[service] = queriesPerSecond;
    }

    /// <summary>The load at the start, which later reports are measured against.</summary>
    public void Baseline() => (_lastQps, _lastServfail, _lastNxdomain, _lastUpstream) = (QueriesPerSecond, ServfailPerSecond, NxdomainPerSecond, UpstreamPerSecond);

    /// <summary>
    /// Records the cohort's load when it changes by more than 1 % (or SERVFAIL or NXDOMAIN starts or stops): client
    /// queries/s, SERVFAIL/s, NXDOMAIN/s and queries to the authority. The threshold keeps a retry storm from filling the log.
    /// </summary>
    public void Report(NodeContext ctx, long cause)
    {
        var qps = QueriesPerSecond;
        var servfail = ServfailPerSecond;
        var nxdomain = NxdomainPerSecond;
        var upstream = UpstreamPerSecond;
        var flipped = (servfail > 0) != (_lastServfail > 0) || (nxdomain > 0) != (_lastNxdomain > 0);
        if (!flipped && Close(qps, _lastQps) && Close(servfail, _lastServfail) && Close(nxdomain, _lastNxdomain) && Close(upstream, _lastUpstream)) return;
        (_lastQps, _lastServfail, _lastNxdomain, _lastUpstream) = (qps, servfail, nxdomain, upstream);
        ctx.Emit(new ResolverLoadChanged(spec.Name, qps, servfail, nxdomain, upstream), cause);
    }

    private double PerInstance(ResolverName n) => n.Answer switch
    {
        // While a refresh is failing, until the give-up, it is counted as one query: the give-up rate takes over after.
        ResolverAnswer.Fresh => (1 + AuthorityReachability.LatencyTimeouts(n.Reachable, n.Timeouts)) * 1000.0 / n.TtlMs,
        ResolverAnswer.Stale => (double)timings.Attempts * 1000 / Math.Max(1, parameters.StaleRefreshMs),
        ResolverAnswer.Servfail => (double)timings.Attempts * 1000 / Math.Max(1, parameters.ServfailCacheMs),
        _ => (1 + AuthorityReachability.LatencyTimeouts(n.Reachable, n.Timeouts)) * 1000.0 / Math.Max(1, parameters.NegativeTtlMs),
    };

    private double TotalDemand(string service) => _demand.Values.Sum(d => d.GetValueOrDefault(service));

    private static bool Close(double a, double b) => Math.Abs(a - b) <= 0.01 * Math.Max(1e-9, Math.Abs(b));
}
