using QuikGraph;
using QuikGraph.Algorithms.ShortestPath;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// SPF over a link-state database with QuikGraph's Dijkstra. An adjacency counts only if both ends list each other
/// (the two-way check), as in OSPF and IS-IS, so a half-withdrawn link is never used.
/// </summary>
public static class ShortestPathFirst
{
    /// <summary>Metric distance from <paramref name="rootOrdinal"/> to every router ordinal; +inf when unreachable.</summary>
    public static double[] Distances(IReadOnlyList<Lsa?> lsdb, int firstRouterNode, int rootOrdinal)
    {
        var graph = new AdjacencyGraph<int, TaggedEdge<int, int>>(allowParallelEdges: true);
        for (var i = 0; i < lsdb.Count; i++) graph.AddVertex(i);
        for (var u = 0; u < lsdb.Count; u++)
        {
            var lsa = lsdb[u];
            if (lsa is null) continue;
            if (lsa.Overload && u != rootOrdinal) continue; // reachable as a destination, never used as transit
            foreach (var (v, metric) in TwoWayNeighbors(lsdb, firstRouterNode, u)) graph.AddEdge(new TaggedEdge<int, int>(u, v, metric));
        }
        var dijkstra = new DijkstraShortestPathAlgorithm<int, TaggedEdge<int, int>>(graph, e => e.Tag);
        dijkstra.Compute(rootOrdinal);
        var result = new double[lsdb.Count];
        for (var i = 0; i < result.Length; i++)
            // QuikGraph reports a distance for every vertex, double.MaxValue for the ones it never reached.
            result[i] = dijkstra.TryGetDistance(i, out var d) && d < double.MaxValue ? d : double.PositiveInfinity;
        return result;
    }

    /// <summary>
    /// Which router ordinals <paramref name="rootOrdinal"/> can reach at all, by breadth-first search with the same
    /// two-way and overload rules: enough for iBGP, which only needs to know whether a peer answers.
    /// </summary>
    public static bool[] Reachable(IReadOnlyList<Lsa?> lsdb, int firstRouterNode, int rootOrdinal)
    {
        var seen = new bool[lsdb.Count];
        var queue = new Queue<int>();
        seen[rootOrdinal] = true;
        queue.Enqueue(rootOrdinal);
        while (queue.TryDequeue(out var u))
        {
            if (lsdb[u] is not { } lsa || (lsa.Overload && u != rootOrdinal)) continue;
            foreach (var (v, _) in TwoWayNeighbors(lsdb, firstRouterNode, u))
            {
                if (seen[v]) continue;
                seen[v] = true;
                queue.Enqueue(v);
            }
        }
        return seen;
    }

    /// <summary>
    /// The neighbours router ordinal <paramref name="u"/> may use, one per adjacency (parallel links repeat a
    /// neighbour), with the metric: only those that list <paramref name="u"/> back (the two-way check).
    /// </summary>
    public static IEnumerable<(int Ordinal, int Metric)> TwoWayNeighbors(IReadOnlyList<Lsa?> lsdb, int firstRouterNode, int u)
    {
        if (lsdb[u] is not { } lsa) yield break;
        for (var k = 0; k < lsa.Neighbors.Length; k++)
        {
            var v = lsa.Neighbors[k] - firstRouterNode;
            if (v < 0 || v >= lsdb.Count || lsdb[v] is not { } back || Array.IndexOf(back.Neighbors, lsa.Origin) < 0) continue;
            yield return (v, lsa.Metrics[k]);
        }
    }
}
