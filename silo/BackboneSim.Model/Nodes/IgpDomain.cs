using BackboneSim.Model.Configuration;
using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// What all routers of one IGP share and never change: router ordinals and the converged link-state database at
/// time 0. A run starts from a converged network instead of flooding every LSA at t=0, which would only add noise.
/// </summary>
public sealed class IgpDomain
{
    /// <param name="configuration">The base configuration: links an end of which starts administratively down are
    /// left out, each end advertises its configured metric, and overloaded routers set the bit.</param>
    public IgpDomain(NetworkTopology topology, BaseConfiguration? configuration = null)
    {
        var config = configuration ?? BaseConfiguration.Empty(new ModelParameters());
        FirstRouterNode = topology.FirstRouterNode;
        RouterCount = topology.Routers.Count;
        Links = topology.Links;
        _names = topology.NodeNames;
        foreach (var g in topology.Routers.GroupBy(r => r.Site)) foreach (var r in g) _siteRouters[r.Node] = g.Select(x => x.Node).OrderBy(x => x).ToArray();
        DataCenterPrefixes = new DataCenterPrefixes(topology);
        var dataCenterOf = topology.Routers.ToDictionary(r => r.Node, r => r.Role == RouterRole.DataCenterBorder ? r.Site : null);
        var edge = topology.Routers.Where(r => r.Role == RouterRole.Edge).Select(r => r.Node).ToHashSet();
        InitialLsdb = new Lsa[RouterCount];
        foreach (var r in topology.Routers)
        {
            var adj = topology.Links.Where(l => (l.A == r.Node || l.B == r.Node) && config.DownEnds(l) == 0)
                .Select(l => (Peer: l.A == r.Node ? l.B : l.A, config.Interface(r.Node, l).Metric)).ToList();
            InitialLsdb[r.Node - FirstRouterNode] = new Lsa
            {
                Origin = r.Node, Sequence = 1, Neighbors = adj.Select(a => a.Peer).ToArray(),
                Metrics = adj.Select(a => a.Metric).ToArray(), DataCenter = dataCenterOf[r.Node], Edge = edge.Contains(r.Node), Overload = config.Overload(r.Node),
            };
        }
        InitialChunks = LinkStateDatabase.Chunks(InitialLsdb);
    }

    private readonly IReadOnlyList<string> _names;
    private readonly Dictionary<int, int[]> _siteRouters = new();

    /// <summary>Every router at the same site as <paramref name="routerNode"/>, itself included.</summary>
    public IReadOnlyList<int> SiteRouters(int routerNode) => _siteRouters.GetValueOrDefault(routerNode) ?? [routerNode];

    public int FirstRouterNode { get; }
    public int RouterCount { get; }
    public IReadOnlyList<LinkSpec> Links { get; }
    public Lsa[] InitialLsdb { get; }
    /// <summary>The same, in the chunks every router's <see cref="LinkStateDatabase"/> starts by sharing (made with the
    /// domain: routers are made concurrently on a silo and only read it).</summary>
    public Lsa?[][] InitialChunks { get; }
    /// <summary>The data centers' prefixes and how a router routes them.</summary>
    public DataCenterPrefixes DataCenterPrefixes { get; }

    public int Ordinal(int routerNode) => routerNode - FirstRouterNode;
    public string NameOf(int node) => _names[node];
    public bool IsRouter(int node) => node >= FirstRouterNode && node < FirstRouterNode + RouterCount;
}
