using BackboneSim.Model.Configuration;
using BackboneSim.Model.Nodes;
using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Build;

/// <summary>
/// Builds the BGP side of every node from the topology: each operator router's sessions and policies, what each
/// external AS sends the operator (a full table to a transit customer, its customer cone to a peer, its members'
/// cones from a route server), and the converged route counts every session starts with, found by letting the
/// routers' own export rules run to a fixed point, so a run starts without a burst of messages.
/// </summary>
public sealed class BgpSetup
{
    private readonly NetworkTopology _t;
    private readonly ModelParameters _p;
    private readonly Dictionary<int, List<BgpSessionTemplate>> _sessions = new();
    private readonly HashSet<int> _reflectors = new();
    private readonly Dictionary<int, Dictionary<int, RouteSet>> _received = new();
    private readonly Dictionary<(int As, int Router), RouteSet> _asExports = new();

    private sealed record BgpSessionTemplate(int Peer, BgpSessionKind Kind, double LatencyMs, bool ToClient);

    public BgpSetup(NetworkTopology topology, ModelParameters parameters, IReadOnlyDictionary<int, List<(string Prefix, int Requester)>> initialAnycast,
        BaseConfiguration? configuration = null)
    {
        _t = topology;
        _p = parameters;
        _config = configuration ?? BaseConfiguration.Empty(parameters);
        _initialAnycast = initialAnycast;
        foreach (var r in topology.Routers) { _sessions[r.Node] = new List<BgpSessionTemplate>(); _received[r.Node] = new Dictionary<int, RouteSet>(); }
        var neighborhoods = BgpPolicy.Neighborhoods(topology);
        var cones = new Dictionary<int, RouteSet>();
        foreach (var peering in topology.Peerings)
        {
            var kind = KindOf(peering.Kind);
            _sessions[peering.RouterNode].Add(new BgpSessionTemplate(peering.AsNode, kind, peering.LatencyMs, false));
            var export = kind == BgpSessionKind.Transit
                ? FullTable()
                : Cone(peering.AsNode, neighborhoods, cones, new HashSet<int>());
            _asExports[(peering.AsNode, peering.RouterNode)] = export;
            _received[peering.RouterNode][peering.AsNode] = export;
        }
        foreach (var s in topology.IbgpSessions)
        {
            if (s.Mesh) { _reflectors.Add(s.A); _reflectors.Add(s.B); }
            else _reflectors.Add(s.B);
            _sessions[s.A].Add(new BgpSessionTemplate(s.B, BgpSessionKind.Ibgp, s.LatencyMs, false));
            _sessions[s.B].Add(new BgpSessionTemplate(s.A, BgpSessionKind.Ibgp, s.LatencyMs, !s.Mesh));
        }
        Converge();
        CountStartExports();
    }

    private readonly IReadOnlyDictionary<int, List<(string Prefix, int Requester)>> _initialAnycast;
    private readonly BaseConfiguration _config;

    /// <summary>A session's policy as the router starts with it: the design's for its kind, with the base configuration.</summary>
    public BgpPolicySpec Policy(int router, BgpSessionKind kind, int peer) => _config.Policy(router, kind, _t.NodeNames[peer], _t.Bgp.Policies[kind]);

    /// <summary>What a router announces unconditionally: the static prefixes, and those its base configuration adds.</summary>
    public IReadOnlyList<string> StaticPrefixes(int router)
        => _config.Announced(router).Count == 0 ? _t.StaticPrefixes : _t.StaticPrefixes.Concat(_config.Announced(router)).Distinct().ToList();

    public static BgpSessionKind KindOf(AsLinkKind operatorIs) => operatorIs switch
    {
        AsLinkKind.CustomerOf => BgpSessionKind.Transit,
        AsLinkKind.RouteServer => BgpSessionKind.RouteServer,
        _ => BgpSessionKind.Peer,
    };

    /// <summary>A fresh speaker for a router, in the converged start state.</summary>
    public BgpSpeaker Speaker(RouterSpec router)
    {
        var sessions = _sessions[router.Node].Select(s => new BgpSession(s.Peer, _t.NodeNames[s.Peer], s.Kind, s.LatencyMs, Policy(router.Node, s.Kind, s.Peer), s.ToClient)
            { Flowspec = s.Kind == BgpSessionKind.Ibgp && _t.Bgp.FlowspecOnIbgp });
        return new BgpSpeaker(router.Name, router.Node, _t.OperatorAsn, _p, _reflectors.Contains(router.Node), sessions,
            _sessions[router.Node].Any(s => s.Kind != BgpSessionKind.Ibgp) ? StaticPrefixes(router.Node) : [],
            _initialAnycast.GetValueOrDefault(router.Node) ?? [], _received[router.Node],
            router.Role == RouterRole.DataCenterBorder ? _t.Bgp.ServerRoutes : 0);
    }

    public long RouteCapacity(RouterSpec router) => _t.Bgp.RouteCapacity.GetValueOrDefault(router.Role, long.MaxValue);

    /// <summary>An external AS's sessions with operator routers: its max-prefix limit, what it sends, and how many routes
    /// the router sends it in the converged start state (what a limit changed on the timeline is checked against).</summary>
    public IEnumerable<ExternalAsModel.OperatorSessionSpec> OperatorSessions(int asNode)
        => _t.Peerings.Where(p => p.AsNode == asNode).Select(p => new ExternalAsModel.OperatorSessionSpec(p.RouterNode, _t.NodeNames[p.RouterNode],
            _t.Bgp.LimitsAtAses.GetValueOrDefault(KindOf(p.Kind)), _asExports[(asNode, p.RouterNode)]) { StartReceived = StartExport(p.RouterNode, asNode) });

    /// <summary>How many routes a router exports to an AS as the run starts, per (router, AS) peering: worked out once
    /// after the start state converged and only read afterwards, since node models are made concurrently on a silo.</summary>
    private readonly Dictionary<(int Router, int As), long> _startExports = new();

    private long StartExport(int router, int peer) => _startExports.GetValueOrDefault((router, peer));

    private void CountStartExports()
    {
        foreach (var group in _t.Peerings.GroupBy(p => p.RouterNode))
        {
            var speaker = Speaker(_t.Routers.First(r => r.Node == group.Key));
            foreach (var p in group)
                if (speaker.Sessions.FirstOrDefault(s => s.Peer == p.AsNode) is { } session) _startExports[(p.RouterNode, p.AsNode)] = speaker.Export(session).Total;
        }
    }

    private RouteSet FullTable()
    {
        var set = new RouteSet();
        set.Union(RouteFilter.Internet, _t.Bgp.FullTableRoutes);
        return set;
    }

    /// <summary>An AS's own routes and, recursively, its customers' (a route server has none of its own).</summary>
    private RouteSet Cone(int asNode, Dictionary<int, List<BgpNeighbor>> neighborhoods, Dictionary<int, RouteSet> memo, HashSet<int> visiting)
    {
        if (memo.TryGetValue(asNode, out var known)) return known;
        var set = new RouteSet();
        var spec = _t.ExternalAses.First(a => a.Node == asNode);
        if (spec.Tier != AsTier.Ixp) set.Union(RouteFilter.AsClass(spec.Asn), _t.Bgp.RoutesPerAs);
        visiting.Add(asNode);
        foreach (var n in neighborhoods[asNode].Where(n => n.Relation == BgpRelation.Customer && neighborhoods.ContainsKey(n.Node) && !visiting.Contains(n.Node)))
            foreach (var (cls, count) in Cone(n.Node, neighborhoods, memo, visiting).Classes) set.Union(cls, count);
        visiting.Remove(asNode);
        return memo[asNode] = set;
    }

    /// <summary>Lets every router's export rules feed its iBGP peers until nothing changes.</summary>
    private void Converge()
    {
        for (var round = 0; round < 16; round++)
        {
            var changed = false;
            var speakers = _t.Routers.Where(r => _sessions[r.Node].Count > 0).ToDictionary(r => r.Node, Speaker);
            foreach (var (node, speaker) in speakers)
                foreach (var s in speaker.Sessions.Where(s => s.IsIbgp))
                {
                    var export = speaker.Export(s);
                    if (_received[s.Peer].TryGetValue(node, out var have) && have.SameAs(export)) continue;
                    _received[s.Peer][node] = export;
                    changed = true;
                }
            if (!changed) return;
        }
        throw new InvalidOperationException("the initial iBGP route counts did not converge");
    }
}
