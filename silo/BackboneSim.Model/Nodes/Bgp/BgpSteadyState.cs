using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// The converged BGP state a run starts from: iterates the same decision rule as <see cref="ExternalAsModel"/>
/// synchronously until nothing changes, so t=0 needs no warm-up burst of updates. The prefixes are the operator's
/// (originated by its routers) and the Internet's aggregates (<see cref="InternetAggregates"/>, each originated by its
/// AS: a route from the AS itself with an empty path, which it prefers to any other and passes to every neighbour, as
/// its own routes go everywhere).
/// </summary>
public static class BgpSteadyState
{
    /// <summary>How an AS ranks its own route to an aggregate it originates: as a customer's (preferred, passed to
    /// everyone); with its empty path nothing else can tie with it.</summary>
    public const BgpRelation OwnRoute = BgpRelation.Customer;

    /// <summary>Adj-RIB-In per external AS node, per prefix.</summary>
    public static Dictionary<int, Dictionary<string, SortedDictionary<int, long[]>>> Compute(NetworkTopology topology,
        IReadOnlyDictionary<int, IReadOnlyList<string>> originatedByRouter, Func<PeeringSpec, string, bool> announcedOver)
    {
        var asnOf = topology.ExternalAses.ToDictionary(a => a.Node, a => a.Asn);
        var routeServer = topology.ExternalAses.ToDictionary(a => a.Node, a => a.Tier == AsTier.Ixp);
        var neighborhoods = BgpPolicy.Neighborhoods(topology);
        var relation = neighborhoods.ToDictionary(kv => kv.Key, kv => kv.Value.ToDictionary(n => n.Node, n => n.Relation));
        foreach (var a in topology.ExternalAses) relation[a.Node][a.Node] = OwnRoute;
        var asNeighbors = neighborhoods.ToDictionary(kv => kv.Key, kv => kv.Value.Where(n => asnOf.ContainsKey(n.Node)).Select(n => n.Node).ToList());
        var prefixes = originatedByRouter.Values.SelectMany(p => p).Concat(topology.InternetAggregates).Distinct().OrderBy(p => p, StringComparer.Ordinal).ToList();

        var rib = topology.ExternalAses.ToDictionary(a => a.Node, _ => new Dictionary<string, SortedDictionary<int, long[]>>(StringComparer.Ordinal));
        foreach (var a in topology.ExternalAses) foreach (var p in prefixes) rib[a.Node][p] = new SortedDictionary<int, long[]>();
        foreach (var peering in topology.Peerings)
            if (originatedByRouter.TryGetValue(peering.RouterNode, out var own))
                foreach (var p in own.Where(p => announcedOver(peering, p))) rib[peering.AsNode][p][peering.RouterNode] = [topology.OperatorAsn];
        foreach (var a in topology.ExternalAses)
            foreach (var p in a.Prefixes) rib[a.Node][p][a.Node] = [];

        for (var round = 0; round <= topology.ExternalAses.Count + 1; round++)
        {
            var changed = false;
            var bests = rib.ToDictionary(kv => kv.Key, kv => kv.Value.ToDictionary(p => p.Key, p => BgpDecision.Best(p.Value, n => relation[kv.Key][n])));
            foreach (var a in topology.ExternalAses)
                foreach (var n in asNeighbors[a.Node])
                    foreach (var p in prefixes)
                    {
                        var advert = BgpDecision.Advertised(asnOf[n], bests[n][p], x => relation[n][x], relation[n][a.Node], routeServer[n]);
                        var routes = rib[a.Node][p];
                        if (advert is not null && Array.IndexOf(advert, a.Asn) < 0)
                        {
                            if (!routes.TryGetValue(n, out var old) || !old.AsSpan().SequenceEqual(advert)) { routes[n] = advert; changed = true; }
                        }
                        else if (routes.Remove(n)) changed = true;
                    }
            if (!changed) return rib;
        }
        throw new InvalidOperationException("the initial BGP state did not converge");
    }
}
