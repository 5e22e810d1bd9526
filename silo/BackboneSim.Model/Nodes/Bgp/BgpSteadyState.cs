using BackboneSim.Model.Topology;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// The converged BGP state a run starts from: iterates the same rules as <see cref="ExternalAsModel"/> (import, best
/// path, export: <see cref="BgpDecision"/>, with each AS's session policies) synchronously until nothing changes, so
/// t=0 needs no warm-up burst of updates. The prefixes are the operator's (originated by its routers) and the
/// Internet's aggregates (<see cref="InternetAggregates"/>, each originated by its AS: a route from the AS itself with
/// an empty path, which it prefers to any other and passes to every neighbour, as its own routes go everywhere).
/// </summary>
public static class BgpSteadyState
{
    /// <summary>How an AS's own route to an aggregate it originates counts for the export rule: as a customer's (it goes
    /// to every neighbour).</summary>
    public const BgpRelation OwnRoute = BgpRelation.Customer;

    /// <summary>Adj-RIB-In per external AS node, per prefix: the routes received (loop-free, before import policy) and
    /// its own; <see cref="BgpDecision.Held"/> applies the AS's import maps.</summary>
    /// <param name="announcedOver">What an operator router announces over a peering for one of its prefixes (the path
    /// and communities its export policy gives), or null when it does not announce it there.</param>
    /// <param name="policies">Each AS's policies on its sessions, by neighbour node; missing: the relationship's rules.</param>
    /// <summary>The best route an AS starts with for a prefix (after its import policy), or null.</summary>
    public static (int From, AsRoute Route)? BestAt(Dictionary<int, Dictionary<string, SortedDictionary<int, AsRoute>>> state, ExternalAsSpec a,
        string prefix, Func<int, BgpRelation> relationOf, IReadOnlyDictionary<int, IReadOnlyDictionary<int, AsSessionPolicy>>? policies = null)
        => state[a.Node].TryGetValue(prefix, out var routes)
            ? BgpDecision.Best(BgpDecision.Held(a.Asn, prefix, routes, relationOf, n => policies?.GetValueOrDefault(a.Node)?.GetValueOrDefault(n)?.Import, a.Node), relationOf)
            : null;

    public static Dictionary<int, Dictionary<string, SortedDictionary<int, AsRoute>>> Compute(NetworkTopology topology,
        IReadOnlyDictionary<int, IReadOnlyList<string>> originatedByRouter, Func<PeeringSpec, string, AsRoute?> announcedOver,
        IReadOnlyDictionary<int, IReadOnlyDictionary<int, AsSessionPolicy>>? policies = null)
    {
        var asnOf = topology.ExternalAses.ToDictionary(a => a.Node, a => a.Asn);
        var routeServer = topology.ExternalAses.ToDictionary(a => a.Node, a => a.Tier == AsTier.Ixp);
        var neighborhoods = BgpPolicy.Neighborhoods(topology);
        var relation = neighborhoods.ToDictionary(kv => kv.Key, kv => kv.Value.ToDictionary(n => n.Node, n => n.Relation));
        foreach (var a in topology.ExternalAses) relation[a.Node][a.Node] = OwnRoute;
        var asNeighbors = neighborhoods.ToDictionary(kv => kv.Key, kv => kv.Value.Where(n => asnOf.ContainsKey(n.Node)).Select(n => n.Node).ToList());
        var prefixes = originatedByRouter.Values.SelectMany(p => p).Concat(topology.InternetAggregates).Distinct().OrderBy(p => p, StringComparer.Ordinal).ToList();
        AsSessionPolicy? Policy(int asNode, int neighbor) => policies?.GetValueOrDefault(asNode)?.GetValueOrDefault(neighbor);

        var rib = topology.ExternalAses.ToDictionary(a => a.Node, _ => new Dictionary<string, SortedDictionary<int, AsRoute>>(StringComparer.Ordinal));
        foreach (var a in topology.ExternalAses) foreach (var p in prefixes) rib[a.Node][p] = new SortedDictionary<int, AsRoute>();
        foreach (var peering in topology.Peerings)
            if (originatedByRouter.TryGetValue(peering.RouterNode, out var own))
                foreach (var p in own)
                    if (announcedOver(peering, p) is { } sent && Array.IndexOf(sent.Path, asnOf[peering.AsNode]) < 0)
                        rib[peering.AsNode][p][peering.RouterNode] = sent;
        foreach (var a in topology.ExternalAses)
            foreach (var p in a.Prefixes) rib[a.Node][p][a.Node] = AsRoute.Own([]);

        for (var round = 0; round <= topology.ExternalAses.Count + 1; round++)
        {
            var changed = false;
            var bests = rib.ToDictionary(kv => kv.Key, kv => kv.Value.ToDictionary(p => p.Key,
                p => BgpDecision.Best(BgpDecision.Held(asnOf[kv.Key], p.Key, p.Value, n => relation[kv.Key][n], n => Policy(kv.Key, n)?.Import, kv.Key), n => relation[kv.Key][n])));
            foreach (var a in topology.ExternalAses)
                foreach (var n in asNeighbors[a.Node])
                    foreach (var p in prefixes)
                    {
                        var advert = BgpDecision.Advertised(asnOf[n], bests[n][p], x => relation[n][x], relation[n][a.Node], routeServer[n], n, p, Policy(n, a.Node)?.Export);
                        var routes = rib[a.Node][p];
                        if (advert is not null && Array.IndexOf(advert.Path, a.Asn) < 0)
                        {
                            if (!routes.TryGetValue(n, out var old) || !old.Equals(advert)) { routes[n] = advert; changed = true; }
                        }
                        else if (routes.Remove(n)) changed = true;
                    }
            if (!changed) return rib;
        }
        throw new InvalidOperationException("the initial BGP state did not converge (a policy that makes routes oscillate?)");
    }
}
