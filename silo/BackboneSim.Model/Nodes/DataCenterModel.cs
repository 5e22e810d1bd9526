using BackboneSim.Engine;
using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// A data center's load, cache warmth and power draw. Traffic arrives while its border router reaches an edge
/// router. When traffic stops, power falls to the idle share (and declared caches cool); when it returns, load is
/// admitted by the restore plan's ramp (or all at once without one). What happens on the way back depends on what the
/// topology declares (<see cref="DataCenterPhysics"/>), and nothing of it applies where it declares nothing:
/// <list type="bullet">
/// <item>caches: the load it can serve grows with their warmth, so admitting traffic faster than they warm overloads it;</item>
/// <item>back ends (<see cref="DataCenterBackends"/>): overload is retried and sustains itself until shed, and far too
/// much crashes them: dark while they restart, then back from cold caches. Without them an overload trips it for
/// <c>dc_trip_recovery</c>, as before back ends were modelled;</item>
/// <item>power (<see cref="DataCenterPower"/>): too large a rise of the draw at once trips the breaker: dark until it is
/// reset, then the back ends restart.</item>
/// </list>
/// After a trip it ramps back on its own. Load changes are stepped only while something is changing. A surge in
/// client demand raises the load it must carry (and the power it draws) above normal, judged the same way. Without
/// power it draws nothing, serves nothing and loses its caches: it comes back cold.
/// </summary>
/// <param name="normalDemand">Its clients' normal demand (users x usage share of the services it hosts): what the
/// extra demand of a surge (<see cref="OfferedLoad"/>) is measured against.</param>
/// <param name="normalUsers">The users the front-ends normally send it (each service's users spread over its data
/// centers by peak power): what users moved to it from a failed data center are measured against.</param>
public sealed class DataCenterModel(DataCenterSpec spec, ModelParameters p, IReadOnlyList<int>? clients = null, double normalDemand = 0,
    double normalUsers = 0) : INodeModel
{
    /// <summary>Clients hear of load changes in steps of this size (and always of 0 and 1), to bound messages.</summary>
    private const double ReportStep = 0.1;
    private double _reportedLoad = 1, _reportedSpare = SteadySpare(p);
    /// <summary>Spare capacity is told in steps of this size, rounded down, so a cohort never counts on more than there is.</summary>
    private const double SpareStep = 0.05;
    private bool _connected = true;
    private double _load = 1, _warmth = 1, _reportedPower = double.NaN;
    private long _warmthAt;
    private long _rampStart, _rampMs;
    private bool _ramping, _tripped, _rampAnnounced;
    /// <summary>The breaker tripped: no power until it is reset (then the back ends restart: <see cref="_tripped"/>).</summary>
    private bool _breakerOpen;
    /// <summary>
    /// The load its servers work on, as a share of normal: the load, or while overloaded everything offered, retries
    /// included (the front tier handles every attempt, the back ends run flat out), up to the peak.
    /// </summary>
    private double _busy = 1;
    private readonly DataCenterBackends _backends = new(spec.Physics.Backends, p);
    private readonly DataCenterPower _power = new(spec.Physics.Power, p, spec.PeakPowerMw);
    /// <summary>The feed it shares with its region's data centers, where the topology gives it a limit.</summary>
    private readonly DataCenterRegionFeed? _feed = spec.RegionPower is { } region ? new DataCenterRegionFeed(region, p) : null;
    /// <summary>The draw the region's other data centers last heard of.</summary>
    private double _toldMw = double.NaN;
    private readonly bool _caches = spec.Physics.Caches is not null;
    private readonly double _coldCapacity = spec.Physics.Caches?.ColdCapacity ?? p.DcColdCapacity;
    private readonly double _warmCapacity = spec.Physics.Caches?.WarmCapacity ?? p.DcWarmCapacity;
    private readonly long _cacheWarmMs = spec.Physics.Caches?.WarmMs ?? p.DcCacheWarmMs, _cacheCoolMs = spec.Physics.Caches?.CoolMs ?? p.DcCacheCoolMs;
    private long _plannedStart = -1, _plannedRamp, _planCause;
    /// <summary>The next ramp, control or cool-down step; a change of connectivity, power or plan replaces it.</summary>
    private readonly TimerGroup _step = new();
    private sealed record StepTimer;
    /// <summary>Share of the offered traffic it admits (the ramp); its load is that times the demand.</summary>
    private double _admitted = 1;
    /// <summary>Offered demand as a multiple of normal: 1 unless a surge is under way.</summary>
    private double _demand = 1;
    private readonly Dictionary<int, double> _extraDemand = new();
    /// <summary>Users the front-ends moved here from failed data centers, by cohort, and their sum as a share of normal.</summary>
    private readonly Dictionary<int, double> _movedUsers = new();
    private double _moved;
    /// <summary>The fail actions that keep it without power; power returns when none is left.</summary>
    private readonly SortedSet<string> _darkBy = new(StringComparer.Ordinal);
    private bool Powered => _darkBy.Count == 0;

    public double Load => _load;
    public double PowerMw => Draw(_busy);
    public bool Tripped => _tripped || _breakerOpen;
    public bool BreakerOpen => _breakerOpen;
    /// <summary>Its back ends are overloaded: part of what it is offered fails and is retried.</summary>
    public bool Overloaded => _backends.Overloaded;

    /// <summary>The draw with its servers this busy: the idle share plus the rest in proportion.</summary>
    private double Draw(double busy) => Powered && !_breakerOpen
        ? spec.PeakPowerMw * (p.DcIdlePowerFraction + (1 - p.DcIdlePowerFraction) * busy)
        : 0;

    /// <summary>How busy its servers are with this load offered this much (retries included): overloaded, up to the peak.</summary>
    private static double Busy(double load, double offered) => offered > load ? Math.Min(offered, Math.Max(1, load)) : load;

    public void Start(NodeContext ctx)
    {
        _reportedPower = _toldMw = PowerMw;
        BeforeDrawChange(ctx);
    }

    public void Handle(NodeContext ctx, SimMessage message)
    {
        switch (message.Payload)
        {
            case PowerChange power: OnPower(ctx, power); break;
            case ReachabilityReport report when !Powered: _connected = report.EdgeReachable; break; // acted on when power returns
            case ReachabilityReport report: OnConnectivity(ctx, report.EdgeReachable); break;
            case RestorePlan plan: OnPlan(ctx, plan); break;
            case RegionDraw draw: OnRegionDraw(ctx, message.From, draw); break;
            case OfferedLoad offered: OnOfferedLoad(ctx, message.From, offered); break;
            case StepTimer when !Powered: break;
            case StepTimer: OnStep(ctx); break;
            default: throw new InvalidOperationException($"data center {spec.Name} cannot handle {message.Payload.GetType().Name}");
        }
    }

    private void OnConnectivity(NodeContext ctx, bool connected)
    {
        if (connected == _connected) return;
        _connected = connected;
        // A breaker being reset or crashed back ends restarting go on whether traffic can arrive or not; when they
        // are done, traffic returns if it can (else when it can again).
        if (_breakerOpen || (_tripped && _backends.Declared)) return;
        AdvanceWarmth(ctx.Now);
        _step.CancelAll(ctx);
        _backends.Reset();
        if (!connected)
        {
            _ramping = false;
            _tripped = false; // a cool-down in progress no longer matters: there is no traffic to come back to
            SetLoad(ctx, 0, LoadKind.TrafficLost, ctx.CurrentCause);
            return;
        }
        BeginReturn(ctx, ctx.CurrentCause);
    }

    /// <summary>Traffic can arrive again: follow the plan if one was made, else everything comes back at once.</summary>
    private void BeginReturn(NodeContext ctx, long cause)
    {
        if (_plannedStart >= 0)
        {
            BeginRamp(ctx, Math.Max(ctx.Now, _plannedStart), _plannedRamp, _planCause);
            _plannedStart = -1; // a plan is for one restore; a later outage starts afresh
        }
        else BeginRamp(ctx, ctx.Now, 0, cause);
    }

    /// <summary>
    /// Power lost: load, power and caches go to 0 (servers that lose power lose what they held in memory). Power
    /// back: it draws its idle power and takes traffic back once its border router reaches an edge router again,
    /// by the restore plan or all at once, from cold caches.
    /// </summary>
    private void OnPower(NodeContext ctx, PowerChange power)
    {
        BeforeDrawChange(ctx);
        var wasPowered = Powered;
        if (power.On) _darkBy.Remove(power.Action); else _darkBy.Add(power.Action);
        if (wasPowered == Powered) return;
        AdvanceWarmth(ctx.Now);
        _step.CancelAll(ctx);
        _backends.Reset();
        if (!Powered)
        {
            (_ramping, _tripped, _breakerOpen, _busy, _admitted, _load) = (false, false, false, 0, 0, 0);
            if (_caches) _warmth = 0;
            var lost = ctx.Emit(new DcPowerLost(spec.Name, power.Action), ctx.CurrentCause);
            TellClients(ctx, 0, lost);
            _reportedPower = 0;
            TellRegion(ctx, lost);
            return;
        }
        _reportedPower = PowerMw;
        var back = ctx.Emit(new DcPowerRestored(spec.Name, Math.Round(_reportedPower, 3), Math.Round(_warmth, 4), power.Action), ctx.CurrentCause);
        TellRegion(ctx, back);
        if (_connected) BeginReturn(ctx, back);
    }

    /// <summary>
    /// A client cohort's demand above normal changed (a surge). Steady, the data center carries it at once: past its
    /// capacity it trips. While traffic returns, the next ramp step takes it into account.
    /// </summary>
    private void OnOfferedLoad(NodeContext ctx, int client, OfferedLoad offered)
    {
        _extraDemand[client] = offered.Extra;
        _movedUsers[client] = offered.Moved;
        _demand = normalDemand > 0 ? Math.Max(0, 1 + _extraDemand.Values.Sum() / normalDemand) : 1;
        _moved = normalUsers > 0 ? Math.Max(0, _movedUsers.Values.Sum() / normalUsers) : 0;
        if (!Powered || !_connected || Tripped || _ramping || _backends.Overloaded) return; // a step under way takes it into account
        AdvanceWarmth(ctx.Now);
        if (Admit(ctx, _admitted, ctx.CurrentCause) && _backends.Overloaded) NextStep(ctx, ctx.Now + p.DcControlStepMs, ctx.CurrentCause);
    }

    private void OnPlan(NodeContext ctx, RestorePlan plan)
    {
        (_plannedStart, _plannedRamp) = (plan.StartAt, plan.RampMs);
        _planCause = ctx.Emit(new DcRestorePlanned(spec.Name, plan.StartAt, plan.RampMs), ctx.CurrentCause);
    }

    private void BeginRamp(NodeContext ctx, long start, long rampMs, long cause)
    {
        (_rampStart, _rampMs, _ramping, _rampAnnounced) = (start, rampMs, true, false);
        NextStep(ctx, start, cause);
    }

    /// <summary>Schedule the next step in place of any still pending.</summary>
    private void NextStep(NodeContext ctx, long at, long cause)
    {
        _step.CancelAll(ctx);
        _step.Set(ctx, at, new StepTimer(), cause);
    }

    private void OnStep(NodeContext ctx)
    {
        AdvanceWarmth(ctx.Now);
        if (_breakerOpen)
        {
            // The breaker is reset and the site draws its idle power again; its servers lost power, so the back ends
            // restart before any traffic is let in.
            BeforeDrawChange(ctx);
            _breakerOpen = false;
            _reportedPower = PowerMw;
            var reset = ctx.Emit(new DcBreakerReset(spec.Name, Math.Round(_reportedPower, 3)), ctx.CurrentCause);
            TellRegion(ctx, reset);
            _tripped = true;
            NextStep(ctx, ctx.Now + RestartMs, reset);
            return;
        }
        if (_tripped)
        {
            // Cool-down (or restart) over: come back slowly on our own, once traffic can arrive.
            _tripped = false;
            if (_connected) BeginRamp(ctx, ctx.Now, p.DcAutoRampMs, ctx.CurrentCause);
            return;
        }
        if (!_connected || (!_ramping && !_backends.Overloaded)) return;
        var cause = ctx.CurrentCause;
        if (_ramping && !_rampAnnounced)
        {
            _rampAnnounced = true;
            cause = ctx.Emit(new DcRestoreBegins(spec.Name, _rampMs, Math.Round(_warmth, 4)), cause);
        }
        var admitted = !_ramping ? _admitted : _rampMs <= 0 ? 1 : Math.Min(1, (double)(ctx.Now - _rampStart) / _rampMs);
        if (!Admit(ctx, admitted, cause)) return;
        if (_ramping && _admitted >= 1 && _warmth >= 0.999) _ramping = false; // steady again
        if (_ramping || _backends.Overloaded) NextStep(ctx, ctx.Now + p.DcControlStepMs, cause);
    }

    /// <summary>How long it stays dark after a trip before ramping back: crashed back ends restart, or the old cool-down.</summary>
    private long RestartMs => _backends.Declared ? _backends.RestartMs : p.DcTripRecoveryMs;

    /// <summary>
    /// Admits this share of the offered demand if the site's power and back ends take it. A rise of the draw past the
    /// step limit trips the breaker; back ends offered far too much crash (<see cref="Trip"/>); overloaded ones serve
    /// part of it and, after a while, shed load: the admitted share falls to what they serve usefully and ramps back
    /// at the automatic ramp's pace. Returns false if it tripped.
    /// </summary>
    private bool Admit(NodeContext ctx, double admitted, long cause)
    {
        var demand = _demand + _moved;
        var capacity = Capacity;
        var wasOverloaded = _backends.Overloaded;
        var verdict = _backends.Assess(ctx.Now, admitted * demand, capacity);
        var busy = verdict.Outcome == DataCenterBackends.Outcome.Fits ? admitted * demand : Busy(admitted * demand, Math.Max(verdict.Offered, admitted * demand));
        var draw = Draw(busy);
        BeforeDrawChange(ctx);
        if (_power.Trips(draw))
        {
            BreakerTrip(ctx, _power.SettledMw, draw, cause);
            return false;
        }
        if (_feed is not null && _feed.Trips(_feed.Total(draw)))
        {
            BreakerTrip(ctx, _feed.SettledMw, _feed.Total(draw), cause, byRegion: true);
            return false;
        }
        switch (verdict.Outcome)
        {
            case DataCenterBackends.Outcome.Crash:
                Trip(ctx, verdict.Offered, capacity, cause);
                return false;
            case DataCenterBackends.Outcome.Shed:
                admitted = demand > 0 ? Math.Min(admitted, verdict.Useful / demand) : admitted;
                cause = ctx.Emit(new DcLoadShed(spec.Name, verdict.Offered, verdict.Useful, admitted), cause);
                (_rampStart, _rampMs, _ramping, _rampAnnounced) = (ctx.Now - (long)(admitted * p.DcAutoRampMs), p.DcAutoRampMs, true, true);
                busy = admitted * demand;
                break;
            case DataCenterBackends.Outcome.Overloaded when !wasOverloaded:
                cause = ctx.Emit(new DcBackendsOverloaded(spec.Name, verdict.Offered, capacity, verdict.Useful), cause);
                break;
        }
        SetLoad(ctx, admitted, LoadKind.Load, cause, verdict.Outcome == DataCenterBackends.Outcome.Overloaded ? verdict.Served : 1, busy);
        return true;
    }

    /// <summary>
    /// More was offered than the back ends can take: the data center falls over. Without declared back ends it stays
    /// dark for the cool-down; with them they crashed, lose what their caches held and restart. Then it ramps back.
    /// </summary>
    private void Trip(NodeContext ctx, double offered, double capacity, long cause)
    {
        _tripped = true;
        _ramping = false;
        var trip = ctx.Emit(new DcOverload(spec.Name, offered, capacity, Math.Round(_warmth, 4)), cause);
        if (_backends.Declared && _caches) _warmth = 0;
        SetLoad(ctx, 0, LoadKind.Load, trip);
        NextStep(ctx, ctx.Now + RestartMs, trip);
    }

    /// <summary>
    /// The draw (or, <paramref name="byRegion"/>, the region's total) would rise too much at once: the breaker opens, the
    /// site is dark and its servers lose their memory.
    /// </summary>
    private void BreakerTrip(NodeContext ctx, double fromMw, double toMw, long cause, bool byRegion = false)
    {
        BeforeDrawChange(ctx);
        _backends.Reset();
        (_ramping, _tripped, _breakerOpen, _busy, _admitted, _load) = (false, false, true, 0, 0, 0);
        if (_caches) _warmth = 0;
        var trip = byRegion && _feed is not null
            ? ctx.Emit(new DcRegionPowerTrip(spec.Name, _feed.Limit.Region, Math.Round(fromMw, 3), Math.Round(toMw, 3), Math.Round(_feed.Limit.StepLimitMw, 3)), cause)
            : ctx.Emit(new DcBreakerTrip(spec.Name, Math.Round(fromMw, 3), Math.Round(toMw, 3), Math.Round(_power.StepLimitMw, 3)), cause);
        TellClients(ctx, 0, trip);
        _reportedPower = 0;
        TellRegion(ctx, trip);
        NextStep(ctx, ctx.Now + _power.BreakerResetMs, trip);
    }

    /// <summary>The load it can serve: with declared caches, as warm as they are; without, its warm capacity always.</summary>
    private double Capacity => _caches ? _coldCapacity + (_warmCapacity - _coldCapacity) * _warmth : p.DcWarmCapacity;

    /// <summary>
    /// The load it could take above its own users' (a share of its normal load): only once it admits everything
    /// offered, is powered, reached and not tripped; a data center still ramping back takes no one else's users.
    /// </summary>
    private double Spare => Powered && _connected && !Tripped && !_backends.Overloaded && _admitted >= 1 ? Steps(Capacity - _demand) : 0;

    /// <summary>The spare capacity of a data center at normal load with warm caches: what every cohort starts by assuming.</summary>
    public static double SteadySpare(ModelParameters p) => Steps(p.DcWarmCapacity - 1);

    private static double Steps(double spare) => Math.Max(0, Math.Floor(spare / SpareStep + 1e-9) * SpareStep);

    /// <summary>Brings the settled levels of the site's plant and of its region's feed up to now; call before the draw changes.</summary>
    private void BeforeDrawChange(NodeContext ctx)
    {
        _power.Advance(ctx.Now, PowerMw);
        _feed?.Advance(ctx.Now, _feed.Total(PowerMw));
    }

    /// <summary>Another data center of its region tells its draw.</summary>
    private void OnRegionDraw(NodeContext ctx, int from, RegionDraw draw)
    {
        if (_feed is null) return;
        _feed.Advance(ctx.Now, _feed.Total(PowerMw));
        _feed.Heard(from, draw.Mw);
    }

    /// <summary>The region's other data centers hear of a change of its draw, a local hop later (only where the region has a limit).</summary>
    private void TellRegion(NodeContext ctx, long cause)
    {
        if (_feed is null || Math.Abs(PowerMw - _toldMw) < 1e-9) return;
        _toldMw = PowerMw;
        foreach (var peer in _feed.Peers) ctx.Send(peer, Math.Max(ctx.Lookahead, p.LocalHopMs), new RegionDraw { Mw = _toldMw }, cause);
    }

    /// <summary>Warmth follows load (up to full warmth) with a first-order lag: exact for the constant load since the last update.</summary>
    private void AdvanceWarmth(long now)
    {
        var dt = now - _warmthAt;
        if (dt <= 0) return;
        if (!_caches) { _warmthAt = now; return; } // no caches declared: nothing to warm, full capacity always
        var tau = _load > 0 ? _cacheWarmMs : _cacheCoolMs;
        _warmth += (Math.Min(1, _load) - _warmth) * (1 - Math.Exp(-dt / (double)Math.Max(1, tau)));
        _warmthAt = now;
    }

    /// <summary>Admits this share of the offered demand: the load is that times the demand (above 1 in a surge).</summary>
    /// <summary>What a load change is recorded as: a step of load, or the traffic gone when the edge became unreachable.</summary>
    private enum LoadKind { Load, TrafficLost }

    /// <param name="served">Share of the admitted users' requests that succeed (below 1 while the back ends are overloaded).</param>
    /// <param name="busy">How busy its servers are, if more than the load (overloaded: <see cref="Busy"/>).</param>
    private void SetLoad(NodeContext ctx, double admitted, LoadKind kind, long cause, double served = 1, double busy = -1)
    {
        BeforeDrawChange(ctx);
        _admitted = admitted;
        var load = _load = admitted * (_demand + _moved);
        _busy = Math.Max(load, busy);
        TellClients(ctx, admitted * served, cause);
        TellRegion(ctx, cause);
        var power = PowerMw;
        if (kind == LoadKind.Load && Math.Abs(power - _reportedPower) < 0.05) return;
        _reportedPower = power;
        var (l, mw, warmth) = (Math.Round(load, 4), Math.Round(power, 3), Math.Round(_warmth, 4));
        ctx.Emit(kind == LoadKind.TrafficLost ? new DcTrafficLost(spec.Name, l, mw, warmth) : new DcLoad(spec.Name, l, mw, warmth), cause);
    }

    /// <summary>The client cohorts hear what share of their demand it serves, in steps (and always of 0 and 1).</summary>
    private void TellClients(NodeContext ctx, double served, long cause)
    {
        var spare = Spare;
        if (clients is null || (Math.Abs(served - _reportedLoad) < ReportStep - 1e-9 && !(served is 0 or 1 && served != _reportedLoad)
            && Math.Abs(spare - _reportedSpare) < 1e-9)) return;
        _reportedLoad = served;
        _reportedSpare = spare;
        // The global load balancers learn the data center's state like any local control message.
        foreach (var c in clients) ctx.Send(c, Math.Max(ctx.Lookahead, p.LocalHopMs), new ServingLoad { Load = served, Spare = spare }, cause);
    }
}
