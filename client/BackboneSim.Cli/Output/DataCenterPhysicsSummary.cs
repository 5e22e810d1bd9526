using System.Globalization;
using BackboneSim.Model.Nodes;
using BackboneSim.Model.Scenario;
using BackboneSim.Model.Topology;

namespace BackboneSim.Cli.Output;

/// <summary>
/// <c>validate</c>'s line on what the topology declares about its data centers' restore physics (caches, back ends,
/// power limits), grouped by data centers that declare the same, with the values in force (a field the topology
/// leaves out shows its <c>dc_*</c> parameter). A topology that declares none says so: then nothing trips on return.
/// </summary>
public static class DataCenterPhysicsSummary
{
    public static IEnumerable<string> Lines(NetworkTopology t, ModelParameters p)
    {
        if (t.DataCenters.Count == 0) yield break;
        var groups = t.DataCenters.GroupBy(d => Describe(d.Physics, p)).ToList();
        var regions = t.DataCenters.Where(d => d.RegionPower is not null).Select(d => d.RegionPower!).DistinctBy(r => r.Region)
            .OrderBy(r => r.Region, StringComparer.Ordinal).Select(r => $"    region {r.Region}: its data centers' total draw may rise at most " +
                $"{N(r.StepLimitMw)} MW above the level settled over {D(r.SettleMs ?? p.DcPowerSettleMs)}").ToList();
        if (groups.Count == 1 && t.DataCenters[0].Physics.IsNone && regions.Count == 0)
        {
            yield return $"  data centers: {t.DataCenters.Count}, no restore physics declared (no cold caches, back-end overload or power limits: " +
                         "traffic may return all at once)";
            yield break;
        }
        yield return $"  data centers: {t.DataCenters.Count}, restore physics:";
        foreach (var g in groups)
        {
            var names = g.Count() == t.DataCenters.Count ? $"all {g.Count()}" : string.Join(" ", g.Select(d => d.Site));
            yield return $"    {names}: {g.Key}";
        }
        foreach (var line in regions) yield return line;
    }

    private static string Describe(DataCenterPhysics x, ModelParameters p)
    {
        if (x.IsNone) return "none";
        var parts = new List<string>();
        if (x.Caches is { } c)
            parts.Add($"caches (capacity {N(c.ColdCapacity ?? p.DcColdCapacity)} cold to {N(c.WarmCapacity ?? p.DcWarmCapacity)} warm, " +
                      $"warm {D(c.WarmMs ?? p.DcCacheWarmMs)}, cool {D(c.CoolMs ?? p.DcCacheCoolMs)})");
        else parts.Add("no caches");
        if (x.Backends is { } b)
            parts.Add($"back ends (retries {b.Retries ?? p.DcRetries}, overload waste {N(b.OverloadWaste ?? p.DcOverloadWaste)}, " +
                      $"crash at {N(b.CrashRatio ?? p.DcCrashRatio)}x capacity, shed after {D(b.ShedAfterMs ?? p.DcShedAfterMs)}, " +
                      $"restart {D(b.RestartMs ?? p.DcBackendRestartMs)})");
        else parts.Add("no back-end model");
        if (x.Power is { } w)
            parts.Add($"power (step limit {N(w.StepLimit ?? p.DcPowerStepLimit)} of peak above the draw settled over {D(w.SettleMs ?? p.DcPowerSettleMs)}, " +
                      $"breaker reset {D(w.BreakerResetMs ?? p.DcBreakerResetMs)})");
        else parts.Add("no power limit");
        return string.Join("; ", parts);
    }

    private static string N(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
    private static string D(long ms) => TimeText.FormatDuration(ms);
}
