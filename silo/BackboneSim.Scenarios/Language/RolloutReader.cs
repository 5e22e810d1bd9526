using BackboneSim.Model.Scenario;
using BackboneSim.Model.Topology;

namespace BackboneSim.Scenarios;

/// <summary>Reads a push's <c>rollout:</c> (docs/scenario-format.md#staged-rollouts).</summary>
public static class RolloutReader
{
    public const int MaxWaves = 100;
    private static readonly string[] Keys = ["canary", "waves", "wait", "health", "on_fail"];
    private static readonly string[] HealthKeys = [.. ConditionReader.EventKeys, .. ConditionReader.SeriesKeys, "targets_adjacencies_up"];

    public static RolloutPlan? Read(YamlReader r, YamlReader.Map push, NetworkTopology topology, IReadOnlyList<int> targets, IReadOnlyList<string> columns)
    {
        if (push.SubMap("rollout", false, Keys) is not { } m) return null;
        var errors = r.Errors.Errors.Count;
        if (!m.Has("canary") && !m.Has("waves")) { r.Error(m.Node, "a rollout needs 'canary', 'waves' or both"); return null; }
        var names = topology.Routers.Select(x => (x.Node, x.Name)).Concat(topology.DnsServers.Select(d => (d.Node, d.Name)))
            .ToDictionary(x => x.Node, x => x.Name);
        var ordered = targets.OrderBy(t => names.GetValueOrDefault(t, ""), StringComparer.Ordinal).ToList();
        var total = ordered.Count;
        if (total == 0) return null; // the targets were wrong, and that is reported: there is nothing to roll out to
        // Cumulative sizes: the canary, then the waves.
        var sizes = new List<long>();
        if (m.Has("canary") && GateReader.ReadShare(r, m, "canary", total) is { } canary) sizes.Add(Math.Clamp(canary, 1, total));
        if (m.Get("waves") is { } wavesNode)
        {
            var done = sizes.LastOrDefault();
            if (wavesNode is YamlDotNet.RepresentationModel.YamlSequenceNode list)
            {
                if (list.Children.Count > MaxWaves) r.Error(wavesNode, $"{list.Children.Count} waves; the limit is {MaxWaves}");
                else foreach (var item in list.Children)
                {
                    var one = new YamlDotNet.RepresentationModel.YamlMappingNode { { "wave", item } };
                    if (GateReader.ReadShare(r, new YamlReader.Map(r, one, "'waves'"), "wave", total) is not { } size) continue;
                    if (size <= sizes.LastOrDefault()) { r.Error(item, $"waves are cumulative: each must reach more targets than the one before ({size} after {sizes.LastOrDefault()})"); continue; }
                    sizes.Add(Math.Min(size, total));
                }
            }
            else if (m.Integer("waves", 1, MaxWaves) is { } count)
                for (var i = 1; i <= count; i++) sizes.Add(done + (long)Math.Ceiling((total - done) * (double)i / count));
        }
        if (sizes.Count > 0 && sizes[^1] < total) sizes.Add(total);
        var wait = m.Duration("wait", 0, 24 * 3_600_000L) ?? 5 * 60_000;
        var health = new List<HealthCheck>();
        foreach (var item in m.Sequence("health") ?? [])
        {
            if (r.AsMap(item, "a health check", HealthKeys) is not { } h) continue;
            var kinds = new[] { "event", "series", "targets_adjacencies_up" }.Where(h.Has).ToList();
            if (kinds.Count != 1) { r.Error(item, "a health check has exactly one of 'event', 'series' or 'targets_adjacencies_up'"); continue; }
            if (kinds[0] == "event" && ConditionReader.Event(r, h) is { } ev) health.Add(new HealthCheck(ev, null, null));
            else if (kinds[0] == "series" && ConditionReader.Series(r, h, columns, topology) is { } bound) health.Add(new HealthCheck(null, bound, null));
            else if (kinds[0] == "targets_adjacencies_up" && ReadPercent(r, h, "targets_adjacencies_up") is { } share)
                health.Add(new HealthCheck(null, null, share));
        }
        var rollback = (m.Choice("on_fail", ["halt", "rollback"]) ?? "halt") == "rollback";
        if (r.Errors.Errors.Count > errors || sizes.Count == 0) return null;
        var waves = new List<IReadOnlyList<int>>();
        for (var i = 0; i < sizes.Count; i++)
            waves.Add(ordered.GetRange((int)(i == 0 ? 0 : sizes[i - 1]), (int)(sizes[i] - (i == 0 ? 0 : sizes[i - 1]))));
        return new RolloutPlan(waves, wait, health, rollback);
    }

    private static double? ReadPercent(YamlReader r, YamlReader.Map m, string key)
    {
        if (m.String(key) is not { } text) return null;
        var t = text.Trim();
        if (t.EndsWith('%') && double.TryParse(t[..^1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var pct)
            && pct is >= 0 and <= 100)
            return pct / 100;
        r.Error(m.Get(key)!, $"'{key}' must be a share like 90%, not '{(text.Length > 40 ? text[..37] + "..." : text)}'");
        return null;
    }
}
