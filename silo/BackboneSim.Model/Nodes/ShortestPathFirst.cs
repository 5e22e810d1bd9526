namespace BackboneSim.Model.Nodes;

/// <summary>
/// SPF over a link-state database: Dijkstra's algorithm as OSPF runs it (RFC 2328 §16.1), over the LSAs as they are,
/// with a binary heap. An adjacency counts only if both ends list each other (the two-way check), as in OSPF and
/// IS-IS, so a half-withdrawn link is never used.
/// </summary>
/// <remarks>
/// Every router runs this after every change, thousands of times in a run, so it reads the LSDB directly instead of
/// building a QuikGraph graph each time (which cost more in allocation than the search itself); the tests hold it
/// equal to QuikGraph's Dijkstra on random databases.
/// </remarks>
public static class ShortestPathFirst
{
    /// <summary>Metric distance from <paramref name="rootOrdinal"/> to every router ordinal; +inf when unreachable.</summary>
    public static double[] Distances(IReadOnlyList<Lsa?> lsdb, int firstRouterNode, int rootOrdinal)
    {
        var dist = new double[lsdb.Count];
        Array.Fill(dist, double.PositiveInfinity);
        dist[rootOrdinal] = 0;
        var queue = new PriorityQueue<int, double>();
        queue.Enqueue(rootOrdinal, 0);
        while (queue.TryDequeue(out var u, out var d))
        {
            if (d > dist[u]) continue; // a stale entry: u was settled nearer
            if (lsdb[u] is not { } lsa || (lsa.Overload && u != rootOrdinal)) continue; // reachable as a destination, never used as transit
            for (var k = 0; k < lsa.Neighbors.Length; k++)
            {
                var v = lsa.Neighbors[k] - firstRouterNode;
                if (v < 0 || v >= dist.Length || lsdb[v] is not { } back || Array.IndexOf(back.Neighbors, lsa.Origin) < 0) continue;
                var through = d + lsa.Metrics[k];
                if (through >= dist[v]) continue;
                dist[v] = through;
                queue.Enqueue(v, through);
            }
        }
        return dist;
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
    /// <remarks>A struct enumerable, not an iterator: SPF asks this for every router it settles, and an iterator
    /// object per call was a twentieth of everything a replay allocated.</remarks>
    public static TwoWayNeighborList TwoWayNeighbors(IReadOnlyList<Lsa?> lsdb, int firstRouterNode, int u) => new(lsdb, firstRouterNode, u);

    /// <summary>What <see cref="TwoWayNeighbors"/> returns: enumerate it with foreach.</summary>
    public readonly struct TwoWayNeighborList(IReadOnlyList<Lsa?> lsdb, int firstRouterNode, int u)
    {
        public Enumerator GetEnumerator() => new(lsdb, firstRouterNode, lsdb[u]);

        public struct Enumerator(IReadOnlyList<Lsa?> lsdb, int firstRouterNode, Lsa? lsa)
        {
            private int _k = -1;

            public (int Ordinal, int Metric) Current { get; private set; }

            public bool MoveNext()
            {
                if (lsa is null) return false;
                while (++_k < lsa.Neighbors.Length)
                {
                    var v = lsa.Neighbors[_k] - firstRouterNode;
                    if (v < 0 || v >= lsdb.Count || lsdb[v] is not { } back || Array.IndexOf(back.Neighbors, lsa.Origin) < 0) continue;
                    Current = (v, lsa.Metrics[_k]);
                    return true;
                }
                return false;
            }
        }
    }
}
