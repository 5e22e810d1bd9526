using BackboneSim.Engine;

namespace BackboneSim.Model.Nodes;

// The events a data center records (docs/outputs.md), one record per kind.

[GenerateSerializer, Immutable]
[EventKind("dc.power_lost")]
public sealed record DcPowerLost(string DataCenter, string Failure) : ModelEvent
{
    public override string Subject => DataCenter;
    public override (string Key, object? Value)[] Data() => [("power_mw", 0), ("failure", Failure)];
}

[GenerateSerializer, Immutable]
[EventKind("dc.power_restored")]
public sealed record DcPowerRestored(string DataCenter, double PowerMw, double CacheWarmth, string Failure) : ModelEvent
{
    public override string Subject => DataCenter;
    public override double Value => PowerMw;
    public override (string Key, object? Value)[] Data() => [("power_mw", PowerMw), ("cache_warmth", CacheWarmth), ("failure", Failure)];
}

/// <summary>The responders' restore plan reached the data center: traffic returns from <see cref="StartMs"/> over <see cref="RampMs"/>.</summary>
[GenerateSerializer, Immutable]
[EventKind("dc.restore_planned")]
public sealed record DcRestorePlanned(string DataCenter, long StartMs, long RampMs) : ModelEvent
{
    public override string Subject => DataCenter;
    public override (string Key, object? Value)[] Data() => [("start_ms", StartMs), ("ramp_ms", RampMs)];
}

[GenerateSerializer, Immutable]
[EventKind("dc.restore_begins")]
public sealed record DcRestoreBegins(string DataCenter, long RampMs, double CacheWarmth) : ModelEvent
{
    public override string Subject => DataCenter;
    public override (string Key, object? Value)[] Data() => [("ramp_ms", RampMs), ("cache_warmth", CacheWarmth)];
}

/// <summary>More traffic was offered than the caches and back ends could take: the data center tripped.</summary>
[GenerateSerializer, Immutable]
[EventKind("dc.overload")]
public sealed record DcOverload(string DataCenter, double Offered, double Capacity, double CacheWarmth) : ModelEvent
{
    public override string Subject => DataCenter;
    public override double Value => Offered;
    public override (string Key, object? Value)[] Data() => [("offered", Math.Round(Offered, 4)), ("capacity", Math.Round(Capacity, 4)), ("cache_warmth", CacheWarmth)];
}

/// <summary>The data center's load and power moved (or, as <c>dc.traffic_lost</c>, fell to nothing when the edge became unreachable).</summary>
[GenerateSerializer, Immutable]
[EventKind("dc.load")]
public sealed record DcLoad(string DataCenter, double Load, double PowerMw, double CacheWarmth) : ModelEvent
{
    public override string Subject => DataCenter;
    public override double Value => PowerMw;
    public override (string Key, object? Value)[] Data() => [("load", Load), ("power_mw", PowerMw), ("cache_warmth", CacheWarmth)];
}

[GenerateSerializer, Immutable]
[EventKind("dc.traffic_lost")]
public sealed record DcTrafficLost(string DataCenter, double Load, double PowerMw, double CacheWarmth) : ModelEvent
{
    public override string Subject => DataCenter;
    public override double Value => PowerMw;
    public override (string Key, object? Value)[] Data() => [("load", Load), ("power_mw", PowerMw), ("cache_warmth", CacheWarmth)];
}

/// <summary>
/// Its back ends (declared in the topology) were offered more than their caches let them serve: they serve part of it,
/// the rest fails and is retried. Emitted when an overload begins.
/// </summary>
[GenerateSerializer, Immutable]
[EventKind("dc.backends_overloaded")]
public sealed record DcBackendsOverloaded(string DataCenter, double Offered, double Capacity, double Useful) : ModelEvent
{
    public override string Subject => DataCenter;
    public override double Value => Math.Round(Offered, 4);
    public override (string Key, object? Value)[] Data() =>
        [("offered", Math.Round(Offered, 4)), ("capacity", Math.Round(Capacity, 4)), ("useful", Math.Round(Useful, 4))];
}

/// <summary>An overload lasted <c>shed_after</c>: the data center sheds load, admitting only what it serves usefully, and ramps back.</summary>
[GenerateSerializer, Immutable]
[EventKind("dc.load_shed")]
public sealed record DcLoadShed(string DataCenter, double Offered, double Useful, double Admitted) : ModelEvent
{
    public override string Subject => DataCenter;
    public override double Value => Math.Round(Admitted, 4);
    public override (string Key, object? Value)[] Data() =>
        [("offered", Math.Round(Offered, 4)), ("useful", Math.Round(Useful, 4)), ("admitted", Math.Round(Admitted, 4))];
}

/// <summary>
/// Its draw would have risen more than the site's step limit above the level its plant had settled to: the breaker
/// opened, the site is dark.
/// </summary>
[GenerateSerializer, Immutable]
[EventKind("dc.breaker_trip")]
public sealed record DcBreakerTrip(string DataCenter, double SettledMw, double ToMw, double StepLimitMw) : ModelEvent
{
    public override string Subject => DataCenter;
    public override double Value => ToMw;
    public override (string Key, object? Value)[] Data() => [("settled_mw", SettledMw), ("to_mw", ToMw), ("step_limit_mw", StepLimitMw), ("power_mw", 0)];
}

/// <summary>The breaker is reset: the site draws its idle power, and its back ends restart before traffic returns.</summary>
[GenerateSerializer, Immutable]
[EventKind("dc.breaker_reset")]
public sealed record DcBreakerReset(string DataCenter, double PowerMw) : ModelEvent
{
    public override string Subject => DataCenter;
    public override double Value => PowerMw;
    public override (string Key, object? Value)[] Data() => [("power_mw", PowerMw)];
}

/// <summary>
/// Its change would have raised its region's total draw more than the region's feed takes above the level it had
/// settled to: its breaker opened, the site is dark (then as after <c>dc.breaker_trip</c>).
/// </summary>
[GenerateSerializer, Immutable]
[EventKind("dc.region_power_trip")]
public sealed record DcRegionPowerTrip(string DataCenter, string Region, double SettledMw, double ToMw, double StepLimitMw) : ModelEvent
{
    public override string Subject => DataCenter;
    public override double Value => ToMw;
    public override (string Key, object? Value)[] Data() =>
        [("region", Region), ("settled_mw", SettledMw), ("to_mw", ToMw), ("step_limit_mw", StepLimitMw), ("power_mw", 0)];
}
