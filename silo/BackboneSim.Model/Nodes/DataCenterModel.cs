using BackboneSim.Engine;
using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// A data center's load, cache warmth and power draw. Traffic arrives while its border router reaches an edge
/// router. When traffic stops, power falls to the idle share and caches cool; when it returns, load is admitted by
/// the restore plan's ramp (or all at once without one). Caches warm with load, and the load a data center can
/// serve grows with warmth: admitting traffic faster than caches warm overloads it, it trips, stays dark for a
/// cool-down and then ramps back slowly. Load changes are stepped only while something is changing. A surge in
/// client demand raises the load it must carry (and the power it draws) above normal; past its capacity it trips
/// the same way. Without power it draws nothing, serves nothing and loses its caches: it comes back cold.
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
    public double PowerMw => Powered ? spec.PeakPowerMw * (p.DcIdlePowerFraction + (1 - p.DcIdlePowerFraction) * _load) : 0;
    public bool Tripped => _tripped;

    public void Start(NodeContext ctx) => _reportedPower = PowerMw;

    public void Handle(NodeContext ctx, SimMessage message)
    {
        switch (message.Payload)
        {
            case PowerChange power: OnPower(ctx, power); break;
            case ReachabilityReport report when !Powered: _connected = report.EdgeReachable; break; // acted on when power returns
            case ReachabilityReport report: OnConnectivity(ctx, report.EdgeReachable); break;
            case RestorePlan plan: OnPlan(ctx, plan); break;
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
        AdvanceWarmth(ctx.Now);
        _step.CancelAll(ctx);
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
        var wasPowered = Powered;
        if (power.On) _darkBy.Remove(power.Action); else _darkBy.Add(power.Action);
        if (wasPowered == Powered) return;
        AdvanceWarmth(ctx.Now);
        _step.CancelAll(ctx);
        if (!Powered)
        {
            (_ramping, _tripped, _warmth, _admitted, _load) = (false, false, 0, 0, 0);
            var lost = ctx.Emit(new DcPowerLost(spec.Name, power.Action), ctx.CurrentCause);
            TellClients(ctx, 0, lost);
            _reportedPower = 0;
            return;
        }
        _reportedPower = PowerMw;
        var back = ctx.Emit(new DcPowerRestored(spec.Name, Math.Round(_reportedPower, 3), Math.Round(_warmth, 4), power.Action), ctx.CurrentCause);
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
        if (!Powered || !_connected || _tripped || _ramping) return;
        AdvanceWarmth(ctx.Now);
        if (Overloaded(ctx, _admitted, ctx.CurrentCause)) return;
        SetLoad(ctx, _admitted, LoadKind.Load, ctx.CurrentCause);
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
        if (_tripped)
        {
            // Cool-down over: come back slowly on our own.
            _tripped = false;
            BeginRamp(ctx, ctx.Now, p.DcAutoRampMs, ctx.CurrentCause);
            return;
        }
        if (!_connected || !_ramping) return;
        var cause = ctx.CurrentCause;
        if (!_rampAnnounced)
        {
            _rampAnnounced = true;
            cause = ctx.Emit(new DcRestoreBegins(spec.Name, _rampMs, Math.Round(_warmth, 4)), cause);
        }
        var admitted = _rampMs <= 0 ? 1 : Math.Min(1, (double)(ctx.Now - _rampStart) / _rampMs);
        if (Overloaded(ctx, admitted, cause)) return;
        SetLoad(ctx, admitted, LoadKind.Load, cause);
        if (admitted >= 1 && _warmth >= 0.999) { _ramping = false; return; } // steady again: no more steps
        NextStep(ctx, ctx.Now + p.DcControlStepMs, cause);
    }

    /// <summary>
    /// Whether admitting this share of the offered demand is more than the caches and back ends can take; if so the
    /// data center falls over again: it trips, stays dark for the cool-down, then ramps back on its own.
    /// </summary>
    private bool Overloaded(NodeContext ctx, double admitted, long cause)
    {
        var offered = admitted * (_demand + _moved);
        var capacity = Capacity;
        if (offered <= capacity + 1e-9) return false;
        _tripped = true;
        _ramping = false;
        var trip = ctx.Emit(new DcOverload(spec.Name, offered, capacity, Math.Round(_warmth, 4)), cause);
        SetLoad(ctx, 0, LoadKind.Load, trip);
        NextStep(ctx, ctx.Now + p.DcTripRecoveryMs, trip);
        return true;
    }

    /// <summary>The load it can serve with its caches as warm as they are.</summary>
    private double Capacity => p.DcColdCapacity + (p.DcWarmCapacity - p.DcColdCapacity) * _warmth;

    /// <summary>
    /// The load it could take above its own users' (a share of its normal load): only once it admits everything
    /// offered, is powered, reached and not tripped; a data center still ramping back takes no one else's users.
    /// </summary>
    private double Spare => Powered && _connected && !_tripped && _admitted >= 1 ? Steps(Capacity - _demand) : 0;

    /// <summary>The spare capacity of a data center at normal load with warm caches: what every cohort starts by assuming.</summary>
    public static double SteadySpare(ModelParameters p) => Steps(p.DcWarmCapacity - 1);

    private static double Steps(double spare) => Math.Max(0, Math.Floor(spare / SpareStep + 1e-9) * SpareStep);

    /// <summary>Warmth follows load (up to full warmth) with a first-order lag: exact for the constant load since the last update.</summary>
    private void AdvanceWarmth(long now)
    {
        var dt = now - _warmthAt;
        if (dt <= 0) return;
        var tau = _load > 0 ? p.DcCacheWarmMs : p.DcCacheCoolMs;
        _warmth += (Math.Min(1, _load) - _warmth) * (1 - Math.Exp(-dt / (double)Math.Max(1, tau)));
        _warmthAt = now;
    }

    /// <summary>Admits this share of the offered demand: the load is that times the demand (above 1 in a surge).</summary>
    /// <summary>What a load change is recorded as: a step of load, or the traffic gone when the edge became unreachable.</summary>
    private enum LoadKind { Load, TrafficLost }

    private void SetLoad(NodeContext ctx, double admitted, LoadKind kind, long cause)
    {
        _admitted = admitted;
        var load = _load = admitted * (_demand + _moved);
        TellClients(ctx, admitted, cause);
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
