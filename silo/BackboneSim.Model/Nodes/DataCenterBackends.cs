using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// A data center's back ends under the load its caches let through, judged once per control step. Declared (the
/// topology's <c>backends</c>), they behave as overloaded services do (Bronson et al., "Metastable Failures in
/// Distributed Systems", HotOS 2021; Google SRE book, "Handling Overload" and "Addressing Cascading Failures"):
/// <list type="bullet">
/// <item>what fails is retried: the load offered is the demand × (1 + retries × the share that failed last step);</item>
/// <item>once overloaded, queues are long and part of the work is for requests already given up on: the useful
/// capacity is capacity × (1 − waste) until the offered load falls under it. With retries this is a trap: a load
/// the data center could carry fresh keeps it overloaded once the retries have built up;</item>
/// <item>after <c>shed_after</c> of overload, load is shed: only what it serves usefully stays admitted;</item>
/// <item>past <c>crash_ratio</c> × capacity the back ends crash.</item>
/// </list>
/// Not declared, the old rule holds: more load than capacity trips it at once, no retries, no waste.
/// </summary>
public sealed class DataCenterBackends
{
    public enum Outcome { Fits, Overloaded, Shed, Crash }

    /// <param name="Offered">Load offered with the retries, as a share of normal.</param>
    /// <param name="Useful">Load served usefully (what admission keeps after a shed).</param>
    /// <param name="Served">Share of the admitted users' attempts that succeed.</param>
    public readonly record struct Verdict(Outcome Outcome, double Offered, double Useful, double Served);

    private readonly int _retries;
    private readonly double _waste, _crashRatio;
    private readonly long _shedAfterMs;
    private long _overloadedSince = -1;

    public DataCenterBackends(BackendPhysics? declared, ModelParameters p)
    {
        Declared = declared is not null;
        _retries = declared?.Retries ?? p.DcRetries;
        _waste = declared?.OverloadWaste ?? p.DcOverloadWaste;
        _crashRatio = declared?.CrashRatio ?? p.DcCrashRatio;
        _shedAfterMs = declared?.ShedAfterMs ?? p.DcShedAfterMs;
        RestartMs = declared?.RestartMs ?? p.DcBackendRestartMs;
    }

    public bool Declared { get; }

    /// <summary>How long crashed back ends take to come back (declared back ends only).</summary>
    public long RestartMs { get; }

    /// <summary>Share of the attempts that failed at the last step: what the clients retry.</summary>
    public double Failed { get; private set; }

    public bool Overloaded => _overloadedSince >= 0;

    /// <summary>The back ends' state after this step: offered this load (admitted share × demand) against this capacity.</summary>
    public Verdict Assess(long now, double load, double capacity)
    {
        if (!Declared)
            return load <= capacity + 1e-9 ? new(Outcome.Fits, load, load, 1) : new(Outcome.Crash, load, 0, 0);
        var offered = load * (1 + _retries * Failed);
        var useful = Overloaded ? capacity * (1 - _waste) : capacity;
        if (offered <= useful + 1e-9)
        {
            Reset();
            return new(Outcome.Fits, offered, load, 1);
        }
        if (offered > _crashRatio * capacity + 1e-9)
        {
            Reset();
            return new(Outcome.Crash, offered, 0, 0);
        }
        if (!Overloaded) _overloadedSince = now;
        useful = capacity * (1 - _waste);
        Failed = 1 - useful / offered;
        if (now - _overloadedSince >= _shedAfterMs)
        {
            Reset(); // shed requests are turned away cheaply at the front door, and clients back off from them
            return new(Outcome.Shed, offered, useful, 1);
        }
        return new(Outcome.Overloaded, offered, useful, 1 - Failed);
    }

    /// <summary>No overload and no retries pending: after a shed, a crash, or a loss of traffic or power.</summary>
    public void Reset() => (Failed, _overloadedSince) = (0, -1);
}
