using BackboneSim.Engine;
using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// A data center's load, cache warmth and power draw. Traffic arrives while its border router reaches an edge
/// router. When traffic stops, power falls to the idle share and caches cool; when it returns, load is admitted by
/// the restore plan's ramp (or all at once without one). Caches warm with load, and the load a data center can
/// serve grows with warmth: admitting traffic faster than caches warm overloads it, it trips, stays dark for a
/// cool-down and then ramps back slowly. Load changes are stepped only while something is changing.
/// </summary>
public sealed class DataCenterModel(DataCenterSpec spec, ModelParameters p, IReadOnlyList<int>? clients = null) : INodeModel
{
    /// <summary>Clients hear of load changes in steps of this size (and always of 0 and 1), to bound messages.</summary>
    private const double ReportStep = 0.1;
    private double _reportedLoad = 1;
    private bool _connected = true;
    private double _load = 1, _warmth = 1, _reportedPower = double.NaN;
    private long _warmthAt;
    private long _rampStart, _rampMs;
    private bool _ramping, _tripped, _rampAnnounced;
    private long _plannedStart = -1, _plannedRamp, _planCause;
    private int _generation;

    public double Load => _load;
    public double PowerMw => spec.PeakPowerMw * (p.DcIdlePowerFraction + (1 - p.DcIdlePowerFraction) * _load);
    public bool Tripped => _tripped;

    public void Start(NodeContext ctx) => _reportedPower = PowerMw;

    public void Handle(NodeContext ctx, SimMessage message)
    {
        switch (message.Payload)
        {
            case ReachabilityReport report: OnConnectivity(ctx, report.EdgeReachable); break;
            case RestorePlan plan: OnPlan(ctx, plan); break;
            case DataCenterTimer timer when timer.Generation == _generation: OnStep(ctx); break;
            case DataCenterTimer: break; // superseded
            default: throw new InvalidOperationException($"data center {spec.Name} cannot handle {message.Payload.GetType().Name}");
        }
    }

    private void OnConnectivity(NodeContext ctx, bool connected)
    {
        if (connected == _connected) return;
        _connected = connected;
        AdvanceWarmth(ctx.Now);
        _generation++;
        if (!connected)
        {
            _ramping = false;
            _tripped = false; // a cool-down in progress no longer matters: there is no traffic to come back to
            SetLoad(ctx, 0, "dc.traffic_lost", ctx.CurrentCause);
            return;
        }
        // Traffic can arrive again: follow the plan if one was made, else everything comes back at once.
        if (_plannedStart >= 0)
        {
            BeginRamp(ctx, Math.Max(ctx.Now, _plannedStart), _plannedRamp, _planCause);
            _plannedStart = -1; // a plan is for one restore; a later outage starts afresh
        }
        else BeginRamp(ctx, ctx.Now, 0, ctx.CurrentCause);
    }

    private void OnPlan(NodeContext ctx, RestorePlan plan)
    {
        (_plannedStart, _plannedRamp) = (plan.StartAt, plan.RampMs);
        _planCause = ctx.Emit("dc.restore_planned", ctx.CurrentCause, spec.Name, 0, ("start_ms", plan.StartAt), ("ramp_ms", plan.RampMs));
    }

    private void BeginRamp(NodeContext ctx, long start, long rampMs, long cause)
    {
        (_rampStart, _rampMs, _ramping, _rampAnnounced) = (start, rampMs, true, false);
        ctx.SetTimer(start, new DataCenterTimer { Generation = ++_generation }, cause);
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
            cause = ctx.Emit("dc.restore_begins", cause, spec.Name, 0, ("ramp_ms", _rampMs), ("cache_warmth", Math.Round(_warmth, 4)));
        }
        var admitted = _rampMs <= 0 ? 1 : Math.Min(1, (double)(ctx.Now - _rampStart) / _rampMs);
        var capacity = p.DcColdCapacity + (p.DcWarmCapacity - p.DcColdCapacity) * _warmth;
        if (admitted > capacity + 1e-9)
        {
            // More traffic than cold caches and back ends can take: the data center falls over again.
            _tripped = true;
            _ramping = false;
            var trip = ctx.Emit("dc.overload", cause, spec.Name, admitted, ("offered", Math.Round(admitted, 4)),
                ("capacity", Math.Round(capacity, 4)), ("cache_warmth", Math.Round(_warmth, 4)));
            SetLoad(ctx, 0, "dc.load", trip);
            ctx.SetTimer(ctx.Now + p.DcTripRecoveryMs, new DataCenterTimer { Generation = ++_generation }, trip);
            return;
        }
        SetLoad(ctx, admitted, "dc.load", cause);
        if (admitted >= 1 && _warmth >= 0.999) { _ramping = false; return; } // steady again: no more steps
        ctx.SetTimer(ctx.Now + p.DcControlStepMs, new DataCenterTimer { Generation = ++_generation }, cause);
    }

    /// <summary>Warmth follows load with a first-order lag: exact for the constant load since the last update.</summary>
    private void AdvanceWarmth(long now)
    {
        var dt = now - _warmthAt;
        if (dt <= 0) return;
        var tau = _load > 0 ? p.DcCacheWarmMs : p.DcCacheCoolMs;
        _warmth += (_load - _warmth) * (1 - Math.Exp(-dt / (double)Math.Max(1, tau)));
        _warmthAt = now;
    }

    private void SetLoad(NodeContext ctx, double load, string kind, long cause)
    {
        _load = load;
        if (clients is not null && (Math.Abs(load - _reportedLoad) >= ReportStep - 1e-9 || (load is 0 or 1 && load != _reportedLoad)))
        {
            _reportedLoad = load;
            // The global load balancers learn the data center's state like any local control message.
            foreach (var c in clients) ctx.Send(c, Math.Max(ctx.Lookahead, p.LocalHopMs), new ServingLoad { Load = load }, cause);
        }
        var power = PowerMw;
        if (kind == "dc.load" && Math.Abs(power - _reportedPower) < 0.05) return;
        _reportedPower = power;
        ctx.Emit(kind, cause, spec.Name, Math.Round(power, 3), ("load", Math.Round(load, 4)), ("power_mw", Math.Round(power, 3)),
            ("cache_warmth", Math.Round(_warmth, 4)));
    }
}
