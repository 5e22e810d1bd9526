using BackboneSim.Model.DataPlane;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// The converged loopback routes the run starts with, worked out per destination rather than per router: one reverse
/// SPF from a destination gives every router's distance to it, and a router's first hops towards it are then its
/// neighbours on a shortest path (RFC 2328 §16.1.1's next hops, the same sets <see cref="SpfTree"/> gives, with the same
/// two-way, overload, parallel-link and <c>ecmp_max_paths</c> rules). Traffic goes to few destinations (exits and data
/// centers' border routers) and crosses many routers that never change, so this costs one SPF per destination instead
/// of one per router, and no table per router.
/// </summary>
public sealed class StartRoutes
{
    private readonly IReadOnlyList<Lsa?> _lsdb;
    private readonly int _firstRouterNode;
    private readonly int _maxPaths;
    private readonly Func<int, IReadOnlyList<RouterInterface>> _interfaces;
    private readonly Dictionary<int, double[]> _distanceTo = new();
    private List<(int From, int Metric)>?[]? _reverse;
    private readonly Dictionary<int, Dictionary<int, NextHop[]>> _direct = new();

    /// <param name="interfaces">A router's interfaces as the run starts, by node index.</param>
    public StartRoutes(IgpDomain domain, Func<int, IReadOnlyList<RouterInterface>> interfaces, int maxPaths)
        : this(domain.InitialLsdb, domain.FirstRouterNode, interfaces, maxPaths) { }

    /// <param name="lsdb">The start link-state database, by router ordinal.</param>
    /// <param name="firstRouterNode">Node index of router ordinal 0.</param>
    /// <param name="interfaces">A router's interfaces as the run starts, by node index.</param>
    /// <param name="maxPaths"><c>ecmp_max_paths</c>.</param>
    public StartRoutes(IReadOnlyList<Lsa?> lsdb, int firstRouterNode, Func<int, IReadOnlyList<RouterInterface>> interfaces, int maxPaths)
    {
        if (maxPaths < 1) throw new ArgumentOutOfRangeException(nameof(maxPaths), maxPaths, "at least 1");
        (_lsdb, _firstRouterNode, _maxPaths, _interfaces) = (lsdb, firstRouterNode, maxPaths, interfaces);
    }

    /// <summary>The first hops router ordinal <paramref name="router"/> starts with towards router ordinal
    /// <paramref name="destination"/>, sorted; null for itself and for a router it cannot reach.</summary>
    public NextHop[]? FirstHops(int router, int destination)
    {
        if (router == destination || destination < 0 || destination >= _lsdb.Count) return null;
        var to = DistanceTo(destination);
        var best = double.PositiveInfinity;
        foreach (var (v, metric) in ShortestPathFirst.TwoWayNeighbors(_lsdb, _firstRouterNode, router)) best = Math.Min(best, metric + to[v]);
        if (double.IsPositiveInfinity(best)) return null;
        var direct = Direct(router);
        NextHop[]? hops = null;
        foreach (var (v, metric) in ShortestPathFirst.TwoWayNeighbors(_lsdb, _firstRouterNode, router))
        {
            if (Math.Abs(metric + to[v] - best) > 1e-9 || !direct.TryGetValue(v, out var via)) continue;
            hops = hops is null ? via : SpfTree.Merge(hops, via, _maxPaths);
        }
        return hops;
    }

    /// <summary>Every router ordinal's distance to <paramref name="destination"/> through routers that may carry transit
    /// (the destination itself excepted): Dijkstra over the links reversed, once per destination.</summary>
    public double[] DistanceTo(int destination)
    {
        if (_distanceTo.TryGetValue(destination, out var known)) return known;
        var reverse = Reverse();
        var dist = new double[_lsdb.Count];
        Array.Fill(dist, double.PositiveInfinity);
        dist[destination] = 0;
        var queue = new PriorityQueue<int, double>();
        queue.Enqueue(destination, 0);
        while (queue.TryDequeue(out var x, out var d))
        {
            if (d > dist[x]) continue;
            foreach (var (u, metric) in reverse[x] ?? [])
                if (d + metric < dist[u]) { dist[u] = d + metric; queue.Enqueue(u, dist[u]); }
        }
        return _distanceTo[destination] = dist;
    }

    /// <summary>Per router ordinal, the routers with a two-way adjacency towards it and its metric; an overloaded router
    /// has none, since it is never a hop on the way (it is still a destination).</summary>
    private List<(int From, int Metric)>?[] Reverse()
    {
        if (_reverse is not null) return _reverse;
        var reverse = new List<(int From, int Metric)>?[_lsdb.Count];
        for (var u = 0; u < _lsdb.Count; u++)
        {
            if (_lsdb[u] is not { } lsa || lsa.Overload) continue;
            foreach (var (v, metric) in ShortestPathFirst.TwoWayNeighbors(_lsdb, _firstRouterNode, u)) (reverse[v] ??= []).Add((u, metric));
        }
        return _reverse = reverse;
    }

    /// <summary>A router's neighbours by ordinal and the first hops to each, as its own SPF takes them.</summary>
    private Dictionary<int, NextHop[]> Direct(int router) => _direct.TryGetValue(router, out var known) ? known
        : _direct[router] = SpfTree.DirectFirstHops(_interfaces(router + _firstRouterNode), _firstRouterNode, _lsdb.Count, _maxPaths);
}
