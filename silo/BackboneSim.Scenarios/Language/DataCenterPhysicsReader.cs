using BackboneSim.Model.Nodes.Parameters;
using BackboneSim.Model.Topology;

namespace BackboneSim.Scenarios;

/// <summary>
/// Reads what a topology declares about its data centers' restore physics: <c>datacenter_physics:</c> for all of them,
/// and a data center's own <c>physics:</c>, whose parts (<c>caches</c>, <c>backends</c>, <c>power</c>) replace the
/// topology's (docs/scenario-format.md#data-center-physics). A part not declared is off. The topology's may also give
/// limits per region (<c>regions:</c>), on the total draw of the region's data centers.
/// </summary>
public static class DataCenterPhysicsReader
{
    public const string TopologyKey = "datacenter_physics", SiteKey = "physics";

    public static DataCenterPhysics? Read(YamlReader.Map map, string key)
    {
        if (map.SubMap(key, false, key == TopologyKey ? ["caches", "backends", "power", "regions"] : ["caches", "backends", "power"]) is not { } m) return null;
        const long max = ParameterCatalog.MaxDurationMs;
        CachePhysics? caches = null;
        if (m.SubMap("caches", false, "cold_capacity", "warm_capacity", "warm", "cool") is { } c)
        {
            caches = new(c.Number("cold_capacity", 0, 10), c.Number("warm_capacity", 0, 10), c.Duration("warm", 1, max), c.Duration("cool", 1, max));
            if (caches is { ColdCapacity: { } cold, WarmCapacity: { } warm } && warm < cold)
                m.Reader.Error(c.Get("warm_capacity")!, "'warm_capacity' must be at least 'cold_capacity': caches do not make a data center weaker");
        }
        BackendPhysics? backends = null;
        if (m.SubMap("backends", false, "retries", "overload_waste", "crash_ratio", "shed_after", "restart") is { } b)
            backends = new((int?)b.Integer("retries", 0, 10), b.Number("overload_waste", 0, 0.99), b.Number("crash_ratio", 1, 100),
                b.Duration("shed_after", 1, max), b.Duration("restart", 0, max));
        PowerPhysics? power = null;
        if (m.SubMap("power", false, "step_limit", "settle", "breaker_reset") is { } p)
            power = new(p.Number("step_limit", 0, 10), p.Duration("breaker_reset", 0, max), p.Duration("settle", 1, max));
        return new DataCenterPhysics(caches, backends, power);
    }

    /// <summary>
    /// <c>datacenter_physics.regions</c>: region → <c>{ step_limit_mw, settle }</c>, for regions the data centers are in
    /// (another name is an error: a limit on a region without data centers would limit nothing).
    /// </summary>
    public static Dictionary<string, (double StepLimitMw, long? SettleMs)> Regions(YamlReader.Map map, IEnumerable<string> dataCenterRegions)
    {
        var limits = new Dictionary<string, (double, long?)>(StringComparer.Ordinal);
        var regions = dataCenterRegions.Distinct().Order(StringComparer.Ordinal).ToArray();
        if (map.SubMap(TopologyKey, false, "caches", "backends", "power", "regions") is not { } m
            || m.SubMap("regions", false, regions) is not { } byRegion) return limits;
        foreach (var region in regions)
            if (byRegion.SubMap(region, false, "step_limit_mw", "settle") is { } r
                && r.Number("step_limit_mw", 0.001, 1_000_000, required: true) is { } limit)
                limits[region] = (limit, r.Duration("settle", 1, ParameterCatalog.MaxDurationMs));
        return limits;
    }

    /// <summary>Each data center's physics: its own over the topology's; those with none left out.</summary>
    public static Dictionary<string, DataCenterPhysics> Merge(DataCenterPhysics? topology, IReadOnlyDictionary<string, DataCenterPhysics> own,
        IEnumerable<string> dataCenters)
    {
        var merged = new Dictionary<string, DataCenterPhysics>(StringComparer.Ordinal);
        foreach (var dc in dataCenters)
            if ((own.TryGetValue(dc, out var o) ? o.Over(topology) : topology) is { IsNone: false } physics) merged[dc] = physics;
        return merged;
    }
}
