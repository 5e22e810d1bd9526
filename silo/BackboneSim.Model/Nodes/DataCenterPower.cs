using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// A data center's electrical limit on a sudden rise of its draw (the topology's <c>power</c>). The site's power
/// and cooling plant settle to the draw it has had lately (first-order lag, time constant <c>settle</c>: chillers
/// and pumps stage down through a long dip); a change of load that would raise the draw more than <c>step_limit</c>
/// × peak above that settled level trips the breaker, which keeps the site dark for <c>breaker_reset</c>. So a
/// ramp, or traffic back after a blip of seconds, is no step; traffic back all at once after a long dip is (Meta, 5 Oct
/// 2021: reversing power dips of tens of megawatts at once "could put everything from electrical systems to caches at
/// risk"). A breaker acts within cycles, so it is judged before the back ends, which take longer to fall over.
/// Re-energising a site after a power loss or a breaker reset is the facility's own staged procedure and is not
/// judged. Not declared: no limit.
/// </summary>
public sealed class DataCenterPower(PowerPhysics? declared, ModelParameters p, double peakMw)
{
    private readonly long _settleMs = Math.Max(1, declared?.SettleMs ?? p.DcPowerSettleMs);
    private double _settled = double.NaN;
    private long _settledAt;

    public bool Declared { get; } = declared is not null;

    /// <summary>The largest rise of the draw above its settled level at once (MW).</summary>
    public double StepLimitMw { get; } = (declared?.StepLimit ?? p.DcPowerStepLimit) * peakMw;

    public long BreakerResetMs { get; } = declared?.BreakerResetMs ?? p.DcBreakerResetMs;

    /// <summary>The draw the plant has settled to (MW), as of the last <see cref="Advance"/>.</summary>
    public double SettledMw => _settled;

    /// <summary>Brings the settled level up to now, the draw having been <paramref name="drawMw"/> since the last call; call before the draw changes.</summary>
    public void Advance(long now, double drawMw)
    {
        if (double.IsNaN(_settled)) (_settled, _settledAt) = (drawMw, now);
        if (now <= _settledAt) return;
        _settled += (drawMw - _settled) * (1 - Math.Exp(-(now - _settledAt) / (double)_settleMs));
        _settledAt = now;
    }

    /// <summary>Whether drawing this much now trips the breaker (after <see cref="Advance"/> to now).</summary>
    public bool Trips(double toMw) => Declared && toMw - _settled > StepLimitMw + 1e-9;
}
