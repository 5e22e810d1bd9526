using BackboneSim.Model.DataPlane;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// An SPF run's result as a router uses it to forward: the distance to every router and, per router, the set of
/// first hops (local interface and neighbour) on every equal-cost shortest path to it, as OSPF's next-hop calculation
/// does (RFC 2328 §16.1.1: a destination's next hops are the union of its parents' on the shortest-path tree; the
/// root's own neighbours are reached through the root's interfaces). Parallel links of equal metric to one neighbour
/// are distinct first hops, as in a real ECMP group.
/// </summary>
public sealed class SpfTree
{
    private readonly NextHop[]?[] _firstHops;

    private SpfTree(double[] distances, NextHop[]?[] firstHops) => (Distances, _firstHops) = (distances, firstHops);

    /// <summary>Metric distance to every router ordinal; +inf when unreachable.</summary>
    public double[] Distances { get; }

    /// <summary>The first hops towards router ordinal <paramref name="ordinal"/>, sorted; empty for the root itself and
    /// for a router it cannot reach (or reaches only through interfaces that are down).</summary>
    public IReadOnlyList<NextHop> FirstHops(int ordinal) => _firstHops[ordinal] ?? [];

    /// <param name="lsdb">The link-state database, by router ordinal.</param>
    /// <param name="firstRouterNode">Node index of router ordinal 0.</param>
    /// <param name="rootOrdinal">The router computing.</param>
    /// <param name="interfaces">The root's interfaces: a neighbour is reached through those with an adjacency up whose
    /// metric is the lowest to it.</param>
    /// <param name="maxPaths">The most first hops kept per destination (the lowest in <see cref="NextHop"/> order), as
    /// a router's ECMP width caps them (<c>ecmp_max_paths</c>).</param>
    public static SpfTree Compute(IReadOnlyList<Lsa?> lsdb, int firstRouterNode, int rootOrdinal, IReadOnlyList<RouterInterface> interfaces, int maxPaths)
    {
        if (maxPaths < 1) throw new ArgumentOutOfRangeException(nameof(maxPaths), maxPaths, "at least 1");
        var dist = ShortestPathFirst.Distances(lsdb, firstRouterNode, rootOrdinal);
        var hops = new NextHop[]?[lsdb.Count];
        // The root's own neighbours: every live interface to them with the lowest metric.
        foreach (var group in interfaces.Where(i => i.AdjacencyUp).GroupBy(i => i.Peer - firstRouterNode))
        {
            var v = group.Key;
            if (v < 0 || v >= lsdb.Count) continue;
            var lowest = group.Min(i => i.Metric);
            hops[v] = Cap(group.Where(i => i.Metric == lowest).Select(i => new NextHop(i.Link, i.Peer)), maxPaths);
        }
        var direct = (NextHop[]?[])hops.Clone();
        Array.Clear(hops);
        // Every other router inherits the union of its parents' first hops; parents are settled first, since every
        // metric is positive and routers are taken in order of distance.
        var order = Enumerable.Range(0, lsdb.Count).Where(i => !double.IsPositiveInfinity(dist[i])).OrderBy(i => dist[i]).ThenBy(i => i);
        foreach (var u in order)
        {
            if (u != rootOrdinal && (lsdb[u] is not { } lsa || lsa.Overload)) continue; // not transit
            foreach (var (v, metric) in ShortestPathFirst.TwoWayNeighbors(lsdb, firstRouterNode, u))
            {
                if (v == rootOrdinal || Math.Abs(dist[u] + metric - dist[v]) > 1e-9) continue;
                var inherited = u == rootOrdinal ? direct[v] : hops[u];
                if (inherited is null || inherited.Length == 0) continue;
                hops[v] = hops[v] is null ? inherited : Cap(hops[v]!.Concat(inherited), maxPaths);
            }
        }
        return new SpfTree(dist, hops);
    }

    private static NextHop[] Cap(IEnumerable<NextHop> hops, int maxPaths) => hops.Distinct().Order().Take(maxPaths).ToArray();
}
