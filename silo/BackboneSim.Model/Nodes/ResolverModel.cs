using BackboneSim.Engine;
using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// A cohort of recursive resolvers (an ISP's, or a public service), modelled by rates rather than single queries.
/// Each operator name is cached for its TTL and refreshed on a fixed grid. When the AS it sits in loses every
/// route to the authoritative anycast prefixes, the cached answer lasts until its next expiry; the refresh then
/// times out after the give-up time and the cohort answers SERVFAIL (caching the failure briefly), or serves the
/// stale answer if configured (RFC 8767). When a route returns, the next resolution after the failure cache
/// expires succeeds. Queries/s and SERVFAIL/s follow from the clients' demand, which grows while they fail.
/// </summary>
public sealed class ResolverModel : INodeModel
{
    private readonly ResolverSpec _spec;
    private readonly ModelParameters _p;
    private readonly IReadOnlyList<string> _authorityPrefixes;
    private readonly Dictionary<string, bool> _routed = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, NameState> _names = new(StringComparer.Ordinal);
    private readonly SortedDictionary<int, Dictionary<string, double>> _demand = new();
    private bool _upstreamOk;
    private double _lastQps = double.NaN, _lastServfail = double.NaN, _lastUpstream = double.NaN;

    private sealed class NameState(long ttlMs)
    {
        public long TtlMs { get; } = ttlMs;
        public long Phase { get; set; }
        public bool Answering { get; set; } = true;
        public bool Stale { get; set; }
        public int Generation { get; set; }
    }

    public ResolverModel(ResolverSpec spec, ModelParameters parameters, IEnumerable<ServiceSpec> names, IReadOnlyList<string> authorityPrefixes,
        IEnumerable<string> initiallyRouted, IEnumerable<(int Client, string Service, double Qps)> initialDemand)
    {
        _spec = spec;
        _p = parameters;
        _authorityPrefixes = authorityPrefixes;
        foreach (var n in names) _names[n.Name] = new NameState(n.TtlMs);
        foreach (var p in authorityPrefixes) _routed[p] = false;
        foreach (var p in initiallyRouted) _routed[p] = true;
        _upstreamOk = _routed.Values.Any(v => v);
        foreach (var (client, service, qps) in initialDemand) Demand(client)[service] = qps;
    }

    public bool Answering(string service) => _names[service].Answering;
    public double QueriesPerSecond => _names.Keys.Sum(TotalDemand);
    public double ServfailPerSecond => _names.Where(n => !n.Value.Answering).Sum(n => TotalDemand(n.Key));

    public void Start(NodeContext ctx)
    {
        foreach (var n in _names.Values) n.Phase = ctx.Random.NextLong(0, Math.Max(1, n.TtlMs));
        (_lastQps, _lastServfail, _lastUpstream) = (QueriesPerSecond, ServfailPerSecond, UpstreamPerSecond);
    }

    public void Handle(NodeContext ctx, SimMessage message)
    {
        switch (message.Payload)
        {
            case RouteAvailability route: OnRoute(ctx, route); break;
            case QueryDemand demand: Demand(message.From)[demand.Service] = demand.QueriesPerSecond; ReportLoad(ctx, ctx.CurrentCause); break;
            case ResolverTimer timer when _names.TryGetValue(timer.Service, out var n) && n.Generation == timer.Generation: OnTimer(ctx, timer.Service, n); break;
            case ResolverTimer: break; // superseded
            default: throw new InvalidOperationException($"resolver {_spec.Name} cannot handle {message.Payload.GetType().Name}");
        }
    }

    private void OnRoute(NodeContext ctx, RouteAvailability route)
    {
        if (!_routed.ContainsKey(route.Prefix)) return;
        _routed[route.Prefix] = route.Available;
        var ok = _routed.Values.Any(v => v);
        if (ok == _upstreamOk) return;
        _upstreamOk = ok;
        var e = ctx.Emit(ok ? "resolver.authority_reachable" : "resolver.authority_unreachable", ctx.CurrentCause, _spec.Name, ok ? 1 : 0,
            ("prefix", route.Prefix));
        ReportLoad(ctx, e);
        foreach (var (name, n) in _names)
        {
            n.Generation++;
            if (!ok && n.Answering && !n.Stale)
            {
                // The cached answer serves until its next expiry; the refresh then runs into timeouts.
                var expiry = ctx.Now < n.Phase ? n.Phase : n.Phase + ((ctx.Now - n.Phase) / n.TtlMs + 1) * n.TtlMs;
                ctx.SetTimer(expiry + _p.ResolverGiveUpMs, new ResolverTimer { Service = name, Generation = n.Generation }, e);
            }
            else if (ok && (!n.Answering || n.Stale))
            {
                // Clients keep asking, so the next resolution starts when the cached failure runs out.
                var wait = n.Stale ? ctx.Random.NextLong(0, _p.StaleRefreshMs) : ctx.Random.NextLong(0, _p.ServfailCacheMs);
                ctx.SetTimer(ctx.Now + wait + _p.ResolverRttMs, new ResolverTimer { Service = name, Generation = n.Generation }, e);
            }
        }
    }

    private void OnTimer(NodeContext ctx, string service, NameState n)
    {
        string kind;
        if (_upstreamOk)
        {
            n.Answering = true;
            n.Stale = false;
            n.Phase = ctx.Now % n.TtlMs; // freshly cached now: the refresh grid restarts here
            kind = "resolver.resolving";
        }
        else if (_spec.ServeStale)
        {
            n.Stale = true;
            kind = "resolver.serving_stale";
        }
        else
        {
            n.Answering = false;
            kind = "resolver.servfail";
        }
        var e = ctx.Emit(kind, ctx.CurrentCause, _spec.Name, n.Answering ? 1 : 0, ("name", service));
        foreach (var client in _demand.Keys)
            ctx.Send(client, Math.Max(ctx.Lookahead, _p.ResolverRttMs), new DnsAnswerStatus { Service = service, Answering = n.Answering }, e);
        ReportLoad(ctx, e);
    }

    /// <summary>Queries to the authority: one refresh per TTL per instance while answering from a fresh cache; a
    /// whole failed resolution per failure-cache or stale-refresh period once the authority cannot be reached.</summary>
    public double UpstreamPerSecond => _names.Values.Sum(n => n.Answering && !n.Stale
        ? _spec.Instances * 1000.0 / n.TtlMs
        : _spec.Instances * (double)_p.ResolverAttempts * 1000 / Math.Max(1, n.Stale ? _p.StaleRefreshMs : _p.ServfailCacheMs));

    /// <summary>
    /// Records the cohort's load when it changes by more than 1 % (or SERVFAIL starts or stops): client queries/s,
    /// SERVFAIL/s and queries to the authority. The threshold keeps a retry storm from filling the log.
    /// </summary>
    private void ReportLoad(NodeContext ctx, long cause)
    {
        var qps = QueriesPerSecond;
        var servfail = ServfailPerSecond;
        var upstream = UpstreamPerSecond;
        var servfailFlipped = (servfail > 0) != (_lastServfail > 0);
        if (!servfailFlipped && Close(qps, _lastQps) && Close(servfail, _lastServfail) && Close(upstream, _lastUpstream)) return;
        (_lastQps, _lastServfail, _lastUpstream) = (qps, servfail, upstream);
        ctx.Emit("resolver.load", cause, _spec.Name, qps, ("queries_per_s", Math.Round(qps, 3)), ("servfail_per_s", Math.Round(servfail, 3)),
            ("upstream_per_s", Math.Round(upstream, 3)));
    }

    private double TotalDemand(string service) => _demand.Values.Sum(d => d.GetValueOrDefault(service));

    private Dictionary<string, double> Demand(int client)
    {
        if (!_demand.TryGetValue(client, out var d)) _demand[client] = d = new Dictionary<string, double>(StringComparer.Ordinal);
        return d;
    }

    private static bool Close(double a, double b) => Math.Abs(a - b) <= 0.01 * Math.Max(1e-9, Math.Abs(b));
}
