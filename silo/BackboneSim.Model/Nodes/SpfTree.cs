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

    /// <summary>The first hops of every router ordinal as a FIB holds them (<see cref="NextHopTable"/>: no entry where
    /// there are none). The sets are never changed, so tables may share them.</summary>
    public NextHopTable FirstHopTable() => NextHopTable.From(_firstHops);

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
        var direct = DirectFirstHops(interfaces, firstRouterNode, lsdb.Count, maxPaths);
        // Every other router inherits the union of its parents' first hops; parents are settled first, since every
        // metric is positive and routers are taken in order of distance (then ordinal, so the result never depends
        // on the sort).
        var order = new int[lsdb.Count];
        var reached = 0;
        for (var i = 0; i < order.Length; i++) if (!double.IsPositiveInfinity(dist[i])) order[reached++] = i;
        Array.Sort(order, 0, reached, Comparer<int>.Create((x, y) => dist[x] != dist[y] ? dist[x].CompareTo(dist[y]) : x.CompareTo(y)));
        for (var k = 0; k < reached; k++)
        {
            var u = order[k];
            if (u != rootOrdinal && (lsdb[u] is not { } lsa || lsa.Overload)) continue; // not transit
            foreach (var (v, metric) in ShortestPathFirst.TwoWayNeighbors(lsdb, firstRouterNode, u))
            {
                if (v == rootOrdinal || Math.Abs(dist[u] + metric - dist[v]) > 1e-9) continue;
                var inherited = u == rootOrdinal ? direct.GetValueOrDefault(v) : hops[u];
                if (inherited is null || inherited.Length == 0) continue;
                hops[v] = hops[v] is null ? inherited : Merge(hops[v]!, inherited, maxPaths);
            }
        }
        return new SpfTree(dist, hops);
    }

    /// <summary>A router's own neighbours by ordinal, each through every interface to it with an adjacency up and the
    /// lowest metric (the lowest <paramref name="maxPaths"/> in <see cref="NextHop"/> order).</summary>
    public static Dictionary<int, NextHop[]> DirectFirstHops(IReadOnlyList<RouterInterface> interfaces, int firstRouterNode, int routers, int maxPaths)
    {
        var direct = new Dictionary<int, NextHop[]>();
        foreach (var group in interfaces.Where(i => i.AdjacencyUp).GroupBy(i => i.Peer - firstRouterNode))
        {
            var v = group.Key;
            if (v < 0 || v >= routers) continue;
            var lowest = group.Min(i => i.Metric);
            direct[v] = group.Where(i => i.Metric == lowest).Select(i => new NextHop(i.Link, i.Peer)).Distinct().Order().Take(maxPaths).ToArray();
        }
        return direct;
    }

    /// <summary>The union of two sorted sets of first hops, the lowest <paramref name="maxPaths"/> kept; one of them
    /// itself when the other adds nothing (most parents share their first hops), so equal sets share one array.</summary>
    public static NextHop[] Merge(NextHop[] a, NextHop[] b, int maxPaths)
    {
        if (ReferenceEquals(a, b)) return a;
        var merged = new List<NextHop>(Math.Min(maxPaths, a.Length + b.Length));
        int i = 0, j = 0;
        while ((i < a.Length || j < b.Length) && merged.Count < maxPaths)
        {
            var c = i == a.Length ? 1 : j == b.Length ? -1 : a[i].CompareTo(b[j]);
            merged.Add(c <= 0 ? a[i] : b[j]);
            if (c <= 0) i++;
            if (c >= 0) j++;
        }
        if (merged.Count == a.Length && merged.SequenceEqual(a)) return a;
        if (merged.Count == b.Length && merged.SequenceEqual(b)) return b;
        return [.. merged];
    }
}
