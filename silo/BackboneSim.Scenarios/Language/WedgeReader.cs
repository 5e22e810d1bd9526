using BackboneSim.Model.Nodes;
using BackboneSim.Model.Topology;

namespace BackboneSim.Scenarios;

/// <summary>Reads a change's <c>wedge:</c> (docs/scenario-format.md): the routers a push or a rollback leaves wedged until
/// someone restarts them, named or each with a probability.</summary>
public static class WedgeReader
{
    public static readonly string[] Keys = ["mode", "probability", "routers"];

    /// <param name="targets">The routers the change reaches: named routers must be among them.</param>
    public static WedgeSpec? Read(YamlReader r, YamlReader.Map parent, NetworkTopology topology, IReadOnlyCollection<int> targets)
    {
        if (parent.SubMap("wedge", false, Keys) is not { } m) return null;
        var mode = m.Choice("mode", WedgeSpec.Modes) ?? WedgeSpec.ControlPlane;
        var probability = m.Number("probability", 0, 1);
        int[] routers = [];
        if (m.Get("routers") is { } node)
        {
            var (selected, kind) = TargetSelector.Resolve(r, node, topology);
            if (kind == TargetSelector.Dns) r.Error(node, "'routers' selects routers that stay wedged, not DNS servers");
            routers = selected.Where(targets.Contains).Order().ToArray();
            if (selected.Count > 0 && routers.Length == 0)
                r.Error(node, $"'routers' selects none of the {targets.Count} routers the change reaches, so none could stay wedged");
        }
        if (m.Has("probability") == m.Has("routers"))
        {
            r.Error(m.Node, "'wedge' needs exactly one of 'probability' (each router the change reaches, drawn when it applies it) and 'routers' (those named)");
            return null;
        }
        return new WedgeSpec { Mode = mode, Probability = probability ?? 0, Routers = routers };
    }

    public static string Describe(WedgeSpec w) => w.Routers.Length > 0
        ? $"; leaves {w.Routers.Length} router{(w.Routers.Length == 1 ? "" : "s")} wedged ({w.Mode})"
        : $"; leaves each router wedged ({w.Mode}) with probability {w.Probability}";
}
