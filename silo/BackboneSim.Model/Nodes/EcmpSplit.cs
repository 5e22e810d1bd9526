using QuikGraph;
using QuikGraph.Algorithms.ShortestPath;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// How traffic from a PoP's front-ends to a data center spreads over the backbone under equal-cost multipath: the
/// front-ends hand it to every edge router of the PoP alike, and every router splits what it carries evenly over
/// all its next hops on shortest paths to the data center's border routers (each parallel link counts as one).
/// </summary>
public static class EcmpSplit
{
    /// <summary>Share of the flow on each router pair (from, to), with the parallel links it uses.</summary>
    public static List<(int From, int To, int Links, double Share)> Compute(IReadOnlyList<Lsa?> lsdb, int firstRouterNode,
        IReadOnlyCollection<int> roots, ISet<int> destinations)
    {
        var n = lsdb.Count;
        var toDestination = DistancesTo(lsdb, firstRouterNode, destinations);
        var starts = roots.Where(r => lsdb[r] is not null && !double.IsPositiveInfinity(toDestination[r])).ToList();
        var result = new SortedDictionary<(int, int), (int Links, double Share)>();
        if (starts.Count == 0) return [];
        var share = new double[n];
        foreach (var r in starts) share[r] += 1.0 / starts.Count;
        // Farthest first: by the time a router is reached, everything that flows into it has arrived.
        var order = Enumerable.Range(0, n).Where(i => !double.IsPositiveInfinity(toDestination[i])).OrderByDescending(i => toDestination[i]).ThenBy(i => i);
        foreach (var u in order)
        {
            if (share[u] <= 0 || destinations.Contains(u) || lsdb[u] is not { } lsa) continue;
            if (lsa.Overload && !starts.Contains(u)) continue;
            var outs = ShortestPathFirst.TwoWayNeighbors(lsdb, firstRouterNode, u)
                .Where(x => Math.Abs(x.Metric + toDestination[x.Ordinal] - toDestination[u]) < 1e-9).Select(x => x.Ordinal).ToList();
            foreach (var v in outs)
            {
                var part = share[u] / outs.Count;
                share[v] += part;
                var have = result.GetValueOrDefault((u, v));
                result[(u, v)] = (have.Links + 1, have.Share + part);
            }
        }
        return result.Select(kv => (kv.Key.Item1 + firstRouterNode, kv.Key.Item2 + firstRouterNode, kv.Value.Links, kv.Value.Share)).ToList();
    }

    /// <summary>Metric distance from every router to the nearest destination: Dijkstra on the reversed graph from a
    /// virtual source joined to every destination.</summary>
    private static double[] DistancesTo(IReadOnlyList<Lsa?> lsdb, int firstRouterNode, ISet<int> destinations)
    {
        var n = lsdb.Count;
        var graph = new AdjacencyGraph<int, TaggedEdge<int, int>>(allowParallelEdges: true);
        for (var i = 0; i <= n; i++) graph.AddVertex(i);
        foreach (var d in destinations) graph.AddEdge(new TaggedEdge<int, int>(n, d, 0));
        for (var u = 0; u < n; u++)
        {
            if (lsdb[u] is not { } lsa || (lsa.Overload && !destinations.Contains(u))) continue;
            foreach (var (v, metric) in ShortestPathFirst.TwoWayNeighbors(lsdb, firstRouterNode, u))
                graph.AddEdge(new TaggedEdge<int, int>(v, u, metric)); // reversed: how far u is from v's side
        }
        var dijkstra = new DijkstraShortestPathAlgorithm<int, TaggedEdge<int, int>>(graph, e => e.Tag);
        dijkstra.Compute(n);
        var result = new double[n];
        for (var i = 0; i < n; i++) result[i] = dijkstra.TryGetDistance(i, out var d) && d < double.MaxValue ? d : double.PositiveInfinity;
        return result;
    }
}
