using BackboneSim.Engine;
using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// An authoritative anycast DNS server. Its health check ("can I reach a data center?") runs every interval at a
/// per-server phase; after N consecutive failures it withdraws its anycast announcement, after M passes it
/// announces again. Checks that change nothing cost nothing: the server only wakes when its gateway reports a
/// change, and then computes the check time at which the threshold would be crossed.
/// </summary>
public sealed class DnsServerModel(DnsServerSpec spec, ModelParameters parameters) : INodeModel
{
    private long _phase;
    private int _generation;

    public bool Reachable { get; private set; } = true;
    public bool Announcing { get; private set; } = true;

    public void Start(NodeContext ctx) => _phase = ctx.Random.NextLong(0, parameters.HealthCheckIntervalMs);

    public void Handle(NodeContext ctx, SimMessage message)
    {
        switch (message.Payload)
        {
            case ReachabilityReport report: OnReport(ctx, report.DataCenterReachable); break;
            case HealthThresholdTimer timer when timer.Generation == _generation: OnThreshold(ctx); break;
            case HealthThresholdTimer: break; // superseded by a later report
            default: throw new InvalidOperationException($"DNS server {spec.Name} cannot handle {message.Payload.GetType().Name}");
        }
    }

    /// <summary>First health-check time strictly after <paramref name="now"/>.</summary>
    public long NextCheckAfter(long now)
    {
        var interval = parameters.HealthCheckIntervalMs;
        var k = now < _phase ? 0 : (now - _phase) / interval + 1;
        return _phase + k * interval;
    }

    private void OnReport(NodeContext ctx, bool reachable)
    {
        // A repeated report (the gateway also reports edge reachability and traffic) changes no check result.
        if (reachable == Reachable) return;
        Reachable = reachable;
        _generation++; // any threshold count in progress restarts
        if (reachable == Announcing) return;
        var threshold = reachable ? parameters.HealthRecoverThreshold : parameters.HealthFailThreshold;
        var firstCheck = NextCheckAfter(ctx.Now);
        var crossing = firstCheck + (Math.Max(1, threshold) - 1) * parameters.HealthCheckIntervalMs;
        var e = ctx.Emit(reachable ? "dns.healthcheck_passing" : "dns.healthcheck_failing", ctx.CurrentCause, spec.Name, 0,
            ("first_check_ms", firstCheck), ("threshold", threshold), ("acts_at_ms", crossing));
        ctx.SetTimer(crossing, new HealthThresholdTimer { Generation = _generation }, e);
    }

    private void OnThreshold(NodeContext ctx)
    {
        Announcing = Reachable;
        var e = ctx.Emit(Announcing ? "dns.announce" : "dns.withdraw", ctx.CurrentCause, spec.Name, Announcing ? 1 : 0,
            ("prefixes", spec.Prefixes), ("site", spec.Site));
        var request = new AnycastRequest { Prefixes = spec.Prefixes.ToArray(), Announce = Announcing };
        foreach (var router in spec.AnnounceVia)
            ctx.Send(router, Math.Max(ctx.Lookahead, parameters.LocalHopMs), request, e);
    }
}
