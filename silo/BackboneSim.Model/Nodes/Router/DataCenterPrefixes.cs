using System.Net;
using BackboneSim.Model.DataPlane;
using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// The data centers' prefixes and how a router routes them. Each data-center site has a /24 out of 172.16.0.0/12
/// (RFC 1918 space, numbered by the site's index: the topology's data centers in order, then any other site with
/// border routers, by name), originated by the site's border routers. A router's route to it is a BGP route whose
/// next hops are routers, resolved over their loopback routes (a recursive, hierarchical FIB entry, as in BGP PIC
/// core, draft-ietf-rtgwg-bgp-pic §2): the border routers of the site nearest by the IGP, every one at that distance
/// (BGP's "lowest IGP cost to the next hop" step, RFC 4271 §9.1.2.2 (e), with multipath), or, when a server route
/// with a higher local preference names another router, that router (the BGP exit), which looks the prefix up again
/// itself.
/// </summary>
/// <remarks>
/// Because the entry names routers, not interfaces, an IGP change that only moves the way to a border router
/// rewrites the loopback entries and no prefix entry (prefix-independent convergence); only a change of which
/// routers are the next hops rewrites it.
/// </remarks>
public sealed class DataCenterPrefixes
{
    private const int MaxSites = 1 << 12; // /24s in a /12
    private readonly Dictionary<string, int> _index;
    private readonly int[][] _borderOrdinals;
    private readonly int _firstRouterNode;

    public DataCenterPrefixes(NetworkTopology topology)
    {
        var borderSites = topology.Routers.Where(r => r.Role == RouterRole.DataCenterBorder).Select(r => r.Site).Distinct().ToHashSet(StringComparer.Ordinal);
        var sites = topology.DataCenters.Select(d => d.Site).Distinct().ToList();
        sites.AddRange(borderSites.Where(s => !sites.Contains(s)).Order(StringComparer.Ordinal));
        if (sites.Count > MaxSites) throw new InvalidOperationException($"{sites.Count} data-center sites: the address plan (172.16.0.0/12 in /24s) holds {MaxSites}");
        Sites = sites;
        _index = sites.Select((s, i) => (s, i)).ToDictionary(x => x.s, x => x.i, StringComparer.Ordinal);
        _firstRouterNode = topology.FirstRouterNode;
        _borderOrdinals = sites.Select(s => topology.Routers.Where(r => r.Role == RouterRole.DataCenterBorder && r.Site == s)
            .Select(r => r.Node - topology.FirstRouterNode).Order().ToArray()).ToArray();
        Prefixes = sites.Select((_, i) => PrefixOf(i)).ToArray();
    }

    /// <summary>The sites, by index.</summary>
    public IReadOnlyList<string> Sites { get; }
    /// <summary>Each site's prefix, by index.</summary>
    public IReadOnlyList<Prefix> Prefixes { get; }
    public int Count => Sites.Count;

    /// <summary>A site's index, or -1 when it has no border routers and no data center.</summary>
    public int IndexOf(string? site) => site is not null && _index.TryGetValue(site, out var i) ? i : -1;

    /// <summary>Whether router node <paramref name="router"/> is a border router of site <paramref name="site"/> (it
    /// originates the prefix: traffic to it is delivered there).</summary>
    public bool Owns(int site, int router) => Array.BinarySearch(_borderOrdinals[site], router - _firstRouterNode) >= 0;

    /// <summary>The prefix of site index <paramref name="index"/>: 172.16.0.0/24, 172.16.1.0/24, …</summary>
    public static Prefix PrefixOf(int index)
    {
        if (index < 0 || index >= MaxSites) throw new ArgumentOutOfRangeException(nameof(index), index, $"0 to {MaxSites - 1}");
        var a = (172u << 24) | (16u << 16) | ((uint)index << 8);
        return Prefix.Of(new IPAddress([(byte)(a >> 24), (byte)(a >> 16), (byte)(a >> 8), 0]), 24);
    }

    /// <summary>
    /// A router's entries for every site, by index: the router nodes its traffic to the site's prefix is sent to
    /// (empty: no route). <paramref name="dist"/> is the router's IGP distance to every router ordinal;
    /// <paramref name="egress"/> the node a preferred server route names (-1: none), used while the IGP reaches it.
    /// A router that is itself a border router of a site needs no entry for it (empty).
    /// </summary>
    public int[][] Entries(int router, double[] dist, int egress)
    {
        var entries = new int[Count][];
        int[]? viaEgress = egress >= 0 && egress != router && !double.IsPositiveInfinity(dist[egress - _firstRouterNode]) ? [egress] : null;
        for (var s = 0; s < Count; s++)
            entries[s] = viaEgress is not null && !Owns(s, router) ? viaEgress : Entry(router, s, o => dist[o]);
        return entries;
    }

    /// <summary>A router's entry for one site without a BGP exit: none when it is a border router of the site, else
    /// the site's nearest border routers by <paramref name="distanceToOrdinal"/>.</summary>
    public int[] Entry(int router, int site, Func<int, double> distanceToOrdinal) => Owns(site, router) ? [] : Nearest(site, distanceToOrdinal);

    /// <summary>The site's border routers (nodes, ascending) at the least finite distance, or none.</summary>
    public int[] Nearest(int site, Func<int, double> distanceToOrdinal)
    {
        var best = double.PositiveInfinity;
        foreach (var o in _borderOrdinals[site]) best = Math.Min(best, distanceToOrdinal(o));
        if (double.IsPositiveInfinity(best)) return [];
        var nearest = new List<int>();
        foreach (var o in _borderOrdinals[site])
            if (Math.Abs(distanceToOrdinal(o) - best) < 1e-9) nearest.Add(o + _firstRouterNode);
        return nearest.ToArray();
    }

    public static bool Same(int[]? a, int[]? b) => (a ?? []).AsSpan().SequenceEqual(b ?? []);
}
