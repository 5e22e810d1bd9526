using BackboneSim.Model.Nodes;
using BackboneSim.Model.Topology;
using QuikGraph;
using QuikGraph.Algorithms.ConnectedComponents;

namespace BackboneSim.Scenarios;

/// <summary>
/// What an audit tool can tell about an interface change before it goes out, from the network's design: which
/// links it takes down, and whether every PoP can still reach a data center over what is left.
/// </summary>
public static class ChangeAudit
{
    /// <summary>Links that end up administratively down at either end once the targets apply the edits in order.</summary>
    public static HashSet<int> LinksDown(NetworkTopology topology, IReadOnlyCollection<int> targets, IReadOnlyList<InterfaceEdit> edits)
    {
        var down = new HashSet<int>();
        if (edits.Count == 0) return down;
        var targeted = targets.ToHashSet();
        foreach (var link in topology.Links.Where(l => targeted.Contains(l.A) || targeted.Contains(l.B)))
        {
            var up = true;
            foreach (var edit in edits)
                if (edit.Match == "*" || edit.Match == link.Kind || edit.Match == link.Name) up = edit.AdminUp;
            if (!up) down.Add(link.Index);
        }
        return down;
    }

    /// <summary>Edge routers (PoPs) that would reach no data-center border router over the links left up.</summary>
    public static List<string> CutOffEdges(NetworkTopology topology, HashSet<int> linksDown)
    {
        var graph = new UndirectedGraph<int, Edge<int>>(allowParallelEdges: true);
        graph.AddVertexRange(topology.Routers.Select(r => r.Node));
        foreach (var link in topology.Links.Where(l => !linksDown.Contains(l.Index)))
            if (graph.ContainsVertex(link.A) && graph.ContainsVertex(link.B)) graph.AddEdge(new Edge<int>(link.A, link.B));
        var components = new ConnectedComponentsAlgorithm<int, Edge<int>>(graph);
        components.Compute();
        var withDataCenter = topology.Routers.Where(r => r.Role == RouterRole.DataCenterBorder)
            .Select(r => components.Components[r.Node]).ToHashSet();
        return topology.Routers.Where(r => r.Role == RouterRole.Edge && !withDataCenter.Contains(components.Components[r.Node]))
            .Select(r => r.Name).ToList();
    }
}
