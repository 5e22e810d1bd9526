namespace BackboneSim.Model.Topology;

/// <summary>
/// What a topology declares about how a data center comes back after an outage (topology key
/// <c>datacenter_physics:</c>, or a data center's own <c>physics:</c>). Each part is off (null) unless declared: a
/// network that says nothing about its caches, back ends or electrical limits gets none of these effects, so the
/// figures calibrated for one operator never apply to another unasked. A field left out of a declared part takes the
/// matching <c>dc_*</c> parameter (docs/model.md).
/// </summary>
public sealed record DataCenterPhysics(CachePhysics? Caches = null, BackendPhysics? Backends = null, PowerPhysics? Power = null)
{
    public static readonly DataCenterPhysics None = new();

    /// <summary>A data center's own declaration over the topology's: each part it declares replaces the default's.</summary>
    public DataCenterPhysics Over(DataCenterPhysics? fallback) =>
        fallback is null ? this : new(Caches ?? fallback.Caches, Backends ?? fallback.Backends, Power ?? fallback.Power);

    public bool IsNone => Caches is null && Backends is null && Power is null;
}

/// <summary>Caches whose warmth sets what the data center can serve (capacity from cold to warm).</summary>
public sealed record CachePhysics(double? ColdCapacity = null, double? WarmCapacity = null, long? WarmMs = null, long? CoolMs = null);

/// <summary>
/// Back ends that overload when offered more than the caches let them serve: clients retry what fails, overloaded
/// back ends waste part of their work, sustained overload is shed, and far too much load crashes them.
/// </summary>
public sealed record BackendPhysics(int? Retries = null, double? OverloadWaste = null, double? CrashRatio = null, long? ShedAfterMs = null,
    long? RestartMs = null);

/// <summary>
/// The site's electrical limit on a sudden rise of its draw above the level its plant has settled to, how fast it
/// settles, and how long a tripped breaker keeps it dark.
/// </summary>
public sealed record PowerPhysics(double? StepLimit = null, long? BreakerResetMs = null, long? SettleMs = null);

/// <summary>
/// A limit the topology gives for a region's data centers together (<c>datacenter_physics.regions</c>): the feed they
/// share settles to their total draw with <paramref name="SettleMs"/> (null: <c>dc_power_settle</c>), and a data
/// center whose change would raise the total more than <paramref name="StepLimitMw"/> above that trips its breaker.
/// </summary>
/// <param name="Peers">The region's other data centers, by node, with their peak power (each starts at it).</param>
public sealed record RegionPowerLimit(string Region, double StepLimitMw, long? SettleMs, IReadOnlyList<(int Node, double PeakMw)> Peers);
