using BackboneSim.Model.Scenario;
using BackboneSim.Model.Nodes;
using BackboneSim.Model.Topology;

namespace BackboneSim.Scenarios;

/// <summary>
/// A scenario's <c>controllers:</c> — control systems that program routers (docs/scenario-format.md#controllers): each
/// becomes a node after the topology's own, with the routers its <c>controls:</c> selects.
/// </summary>
public static class ControllerReader
{
    public const int MaxControllers = 100;
    public static readonly string[] Keys = ["name", "site", "controls", "hold", "fail_static", "then"];

    /// <returns>The topology with the controllers added (the same one without <c>controllers:</c>).</returns>
    public static NetworkTopology Read(YamlReader r, YamlReader.Map map, NetworkTopology topology, ModelParameters parameters)
    {
        if (map.Sequence("controllers") is not { } items) return topology;
        if (items.Count > MaxControllers) { r.Error(map.Get("controllers")!, $"'controllers' has {items.Count} entries; at most {MaxControllers}"); return topology; }
        var names = topology.NodeNames.ToList();
        var controllers = new List<ControllerSpec>();
        foreach (var item in items)
        {
            if (r.AsMap(item, "a controller", Keys) is not { } c) continue;
            var errors = r.Errors.Errors.Count;
            var name = c.String("name", required: true);
            if (name is not null && !TopologyLoader.IsPlainName(name)) r.Error(c.Get("name")!, $"controller name '{name}' must be 1–64 letters, digits, '-' or '_'");
            else if (name is not null && names.Contains(name)) r.Error(c.Get("name")!, $"'{name}' is already the name of a node; give the controller another");
            var site = c.String("site", required: true);
            if (site is not null && topology.Sites.All(s => s.Name != site))
                r.Error(c.Get("site")!, $"no site named '{site}'{Suggestions.DidYouMean(site, topology.Sites.Select(s => s.Name))}");
            IReadOnlyList<int> routers = [];
            if (c.Get("controls", required: true) is { } controls)
            {
                var (nodes, kind) = TargetSelector.Resolve(r, controls, topology);
                if (kind == TargetSelector.Dns) r.Error(controls, "'controls' selects the routers the controller programs, not DNS servers");
                else routers = nodes;
            }
            // Defaults: the router notices the silence as it does a neighbour's (igp_hold), and keeps forwarding for as
            // long as a router keeps a dead control plane's routes (fib_fail_static).
            var hold = c.Duration("hold", 1, ScenarioLoader.MaxDurationMs) ?? parameters.IgpHoldMs;
            var failStatic = c.Duration("fail_static", 0, ScenarioLoader.MaxDurationMs) ?? parameters.FibFailStaticMs;
            var then = c.Choice("then", ["drain", "keep"]) == "keep" ? ControllerLossAction.Keep : ControllerLossAction.Drain;
            if (r.Errors.Errors.Count > errors || name is null || site is null) continue;
            controllers.Add(new ControllerSpec(names.Count, name, site, routers, hold, failStatic, then));
            names.Add(name);
        }
        return controllers.Count == 0 ? topology : topology with { Controllers = controllers, NodeNames = names };
    }
}
