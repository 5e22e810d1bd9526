using BackboneSim.Engine;
using BackboneSim.Model.Configuration;
using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// An authoritative anycast DNS server. Its health check ("can I reach a data center?") runs every interval at a
/// per-server phase (drawn at the start; 0 for every server whose checks are aligned); after N consecutive failures it withdraws its anycast announcement, after M passes it
/// announces again. Checks that change nothing cost nothing: the server only wakes when its gateway reports a
/// change, and then computes the check time at which the threshold would be crossed. Its zone content (the names
/// it answers for) changes with config pushes; the resolvers in its anycast catchment see what it holds.
/// </summary>
/// <param name="dataPlaneNode">The data-plane node that carries health-check probes (-1: none).</param>
/// <param name="probeTargets">The data centers' border routers a probing health check sends to.</param>
/// <param name="capacityQps">The queries per second it answers (0: no limit); beyond it, it answers that share.</param>
/// <param name="offered">The queries per second each resolver cohort sends it at the start.</param>
public sealed class DnsServerModel(DnsServerSpec spec, ModelParameters parameters, IEnumerable<string>? zone = null, IEnumerable<int>? catchment = null,
    DnsHealthCheck? health = null, int dataPlaneNode = -1, IReadOnlyList<int>? probeTargets = null, double capacityQps = 0,
    IEnumerable<(int Resolver, double Qps)>? offered = null) : INodeModel
{
    /// <summary>The answered share is told in steps of this size (rounded down), to bound events and messages.</summary>
    private const double ShareStep = 0.05;
    /// <summary>Queries per second from each resolver cohort whose queries reach this server.</summary>
    private readonly SortedDictionary<int, double> _offered = new((offered ?? []).ToDictionary(o => o.Resolver, o => o.Qps));
    private double _answerShare = 1;
    /// <summary>This server's health check: the global parameters unless the base configuration gives it its own.</summary>
    private readonly DnsHealthCheck _health = health ?? DnsHealthCheck.Default(parameters, spec);
    private long _phase;
    /// <summary>The health check's threshold count in progress; a new report or a power change restarts it.</summary>
    private readonly TimerGroup _threshold = new();
    private sealed record ThresholdTimer;
    private readonly DnsZone _zone = new(zone ?? []);
    private readonly int[] _catchment = (catchment ?? []).ToArray();

    public DnsZone Zone => _zone;

    public bool Reachable { get; private set; } = true;
    public bool Announcing { get; private set; } = true;
    /// <summary>The fail actions that keep the server without power; it boots when none is left.</summary>
    private readonly SortedSet<string> _darkBy = new(StringComparer.Ordinal);
    /// <summary>What the gateway said last, kept while dark: a server that boots checks against it.</summary>
    private bool _gatewayReachable = true;
    /// <summary>What the data plane said of the probes last (a probing health check only).</summary>
    private bool _probesArrive = true;
    private bool Probing => _health.DataPlaneProbe && dataPlaneNode >= 0;
    /// <summary>What the health check sees now: the probes' fate, or the gateway's IGP.</summary>
    private bool CheckPasses => Probing ? _probesArrive : _gatewayReachable;

    public void Start(NodeContext ctx)
    {
        // The phase is drawn whether or not it is used, so that aligning the checks changes nothing else the server draws.
        var drawn = ctx.Random.NextLong(0, _health.IntervalMs);
        // Aligned: every such server checks at k × interval from the start, all at the same instants (health_check_phase).
        _phase = _health.AlignedPhase ? 0 : drawn;
        if (Probing) ctx.Send(dataPlaneNode, ctx.Lookahead, new ProbeRegistration { Gateway = spec.Gateway, Targets = [.. probeTargets ?? []] }, ctx.CurrentCause);
    }

    public void Handle(NodeContext ctx, SimMessage message)
    {
        if (message.Payload is PowerChange power) { OnPower(ctx, power); return; }
        if (_darkBy.Count > 0) { HandleWhileDark(ctx, message); return; }
        switch (message.Payload)
        {
            case ReachabilityReport report: _gatewayReachable = report.DataCenterReachable; OnReport(ctx, CheckPasses, ctx.CurrentCause); break;
            case ProbeResult probe: _probesArrive = probe.Passing; OnReport(ctx, CheckPasses, ctx.CurrentCause); break;
            case ThresholdTimer: OnThreshold(ctx); break;
            case ConfigPush push: ApplyPush(ctx, push); break;
            case AuthorityLoad load: OnLoad(ctx, message.From, load); break;
            default: throw new InvalidOperationException($"DNS server {spec.Name} cannot handle {message.Payload.GetType().Name}");
        }
    }

    /// <summary>
    /// A resolver cohort's queries to this server changed. Past its capacity the server answers capacity ÷ offered of
    /// them (the rest are dropped, as a saturated server's socket buffers drop them); the data plane hears the answered
    /// share, in steps, so resolvers that would lose most resolutions wait for timeouts instead.
    /// </summary>
    private void Record(int resolver, AuthorityLoad load)
    {
        if (load.QueriesPerSecond <= 0) _offered.Remove(resolver); else _offered[resolver] = load.QueriesPerSecond;
    }

    private void OnLoad(NodeContext ctx, int resolver, AuthorityLoad load)
    {
        Record(resolver, load);
        if (capacityQps <= 0) return;
        var offered = _offered.Values.Sum();
        var share = offered <= capacityQps ? 1 : Math.Floor(capacityQps / offered / ShareStep + 1e-9) * ShareStep;
        if (Math.Abs(share - _answerShare) < 1e-9) return;
        _answerShare = share;
        var e = share < 1
            ? ctx.Emit(new DnsOverload(spec.Name, Math.Round(offered, 3), Math.Round(capacityQps, 3), Math.Round(share, 2)), ctx.CurrentCause)
            : ctx.Emit(new DnsOverloadEnded(spec.Name, Math.Round(offered, 3), Math.Round(capacityQps, 3)), ctx.CurrentCause);
        TellCatchment(ctx, e);
    }

    /// <summary>
    /// Without power the server answers nothing: if it was announcing, its edge routers notice it gone and stop
    /// announcing for it (<c>dns.withdraw</c>). When power returns it boots withdrawn and announces again only after
    /// its health check has passed the recovery threshold, as after any failure.
    /// </summary>
    /// <summary>The <see cref="PowerChange.Reason"/> of a <c>fail: { dns_servers }</c>: the software, not the power.</summary>
    public const string SoftwareCrash = "software crash";

    private string _darkReason = "";

    private void OnPower(NodeContext ctx, PowerChange power)
    {
        var wasDark = _darkBy.Count > 0;
        if (power.On) _darkBy.Remove(power.Action); else { _darkBy.Add(power.Action); _darkReason = power.Reason; }
        if (wasDark == _darkBy.Count > 0) return;
        _threshold.CancelAll(ctx); // a threshold count in progress stops
        if (!wasDark)
        {
            var down = ctx.Emit(new DnsServerDown(spec.Name, power.Reason, power.Action), ctx.CurrentCause);
            if (Announcing) SetAnnouncing(ctx, false, down);
            Reachable = false;
            return;
        }
        var up = ctx.Emit(new DnsServerUp(spec.Name, power.Action), ctx.CurrentCause);
        OnReport(ctx, CheckPasses, up);
    }

    private void HandleWhileDark(NodeContext ctx, SimMessage message)
    {
        switch (message.Payload)
        {
            case ReachabilityReport report: _gatewayReachable = report.DataCenterReachable; break;
            case ProbeResult probe: _probesArrive = probe.Passing; break;
            case AuthorityLoad load: Record(message.From, load); break;
            case ConfigPush push:
                ctx.Emit(new ConfigUnreachable(spec.Name, push.Action, _darkReason == SoftwareCrash ? "the DNS server's software crashed" : "the DNS server has no power"), ctx.CurrentCause);
                break;
            default: throw new InvalidOperationException($"DNS server {spec.Name} cannot handle {message.Payload.GetType().Name}");
        }
    }

    /// <summary>First health-check time strictly after <paramref name="now"/>.</summary>
    public long NextCheckAfter(long now)
    {
        var interval = _health.IntervalMs;
        var k = now < _phase ? 0 : (now - _phase) / interval + 1;
        return _phase + k * interval;
    }

    private void OnReport(NodeContext ctx, bool reachable, long cause)
    {
        // A repeated report (the gateway also reports edge reachability and traffic) changes no check result.
        if (reachable == Reachable) return;
        Reachable = reachable;
        _threshold.CancelAll(ctx); // any threshold count in progress restarts
        if (reachable == Announcing) return;
        if (!_health.WithdrawWhenUnhealthy)
        {
            // Designed to keep answering: the failure is noticed (and alerted on), but the announcement stays.
            ctx.Emit(new DnsHealthcheckFailing(spec.Name, NextCheckAfter(ctx.Now), Threshold: 0, ActsAtMs: -1, Then: "keep_answering"), ctx.CurrentCause);
            return;
        }
        var threshold = reachable ? _health.RecoverThreshold : _health.FailThreshold;
        var firstCheck = NextCheckAfter(ctx.Now);
        var crossing = firstCheck + (Math.Max(1, threshold) - 1) * _health.IntervalMs;
        var e = ctx.Emit(reachable ? new DnsHealthcheckPassing(spec.Name, firstCheck, threshold, crossing)
            : new DnsHealthcheckFailing(spec.Name, firstCheck, threshold, crossing), cause);
        _threshold.Set(ctx, crossing, new ThresholdTimer(), e);
    }

    private void OnThreshold(NodeContext ctx) => SetAnnouncing(ctx, Reachable, ctx.CurrentCause);

    private void SetAnnouncing(NodeContext ctx, bool announce, long cause)
    {
        Announcing = announce;
        var e = ctx.Emit(Announcing ? new DnsAnnounce(spec.Name, spec.Prefixes, spec.Site) : new DnsWithdraw(spec.Name, spec.Prefixes, spec.Site), cause);
        var request = new AnycastRequest { Prefixes = spec.Prefixes.ToArray(), Announce = Announcing };
        foreach (var router in spec.AnnounceVia)
            ctx.Send(router, Math.Max(ctx.Lookahead, parameters.LocalHopMs), request, e);
        TellCatchment(ctx, e);
    }

    /// <summary>The data plane works out which resolvers' queries reach this server: it hears whether the server answers
    /// them (while it announces) and what its zone holds.</summary>
    private void TellCatchment(NodeContext ctx, long cause)
    {
        if (dataPlaneNode >= 0) ctx.Send(dataPlaneNode, ctx.Lookahead, new AnycastSite { Serving = Announcing, Names = [.. _zone.Names], AnswerShare = _answerShare }, cause);
    }

    /// <summary>
    /// A push edits the zone content (the first push of a name keeps what it changes; its rollback puts that
    /// back). The resolvers whose anycast catchment this server is are told which names it holds now; they notice
    /// when they next resolve the name. A push reaches the server whatever its health check says.
    /// </summary>
    private void ApplyPush(NodeContext ctx, ConfigPush push)
    {
        var applied = ctx.Emit(new ConfigApplied(spec.Name, push.Action, push.Zone.Length, push.RestoreOf), ctx.CurrentCause);
        var (added, removed) = push.RestoreOf is { } undo ? _zone.Restore(undo) : _zone.Apply(push.Action, push.Zone);
        if (added.Length + removed.Length == 0) return;
        var e = ctx.Emit(new DnsZoneChanged(spec.Name, added, removed, _zone.Names.Count), applied);
        TellCatchment(ctx, e);
        // Not a packet: the resolvers learn what this server would answer, and pay the round trip when they ask.
        foreach (var resolver in _catchment)
            foreach (var (name, present) in added.Select(n => (n, true)).Concat(removed.Select(n => (n, false))))
                ctx.Send(resolver, ctx.Lookahead, new ZoneUpdate { Service = name, Present = present }, e);
    }
}
