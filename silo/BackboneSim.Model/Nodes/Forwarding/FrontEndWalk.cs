using BackboneSim.Model.DataPlane;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// Carries one flow (<see cref="FlowReport"/>: a gateway's front-end traffic, the replication or the internal tools'
/// traffic) to its data center's prefix over the routers' FIBs: from each ingress router (equal shares) by that
/// router's entry for the prefix, which names routers (the site's nearest border routers, or a BGP exit), in equal
/// shares; to each on its loopback route, as a BGP-free core carries traffic on the label of its BGP next hop
/// (<see cref="Loopbacks"/>). A router that is not a border router of the site looks the prefix up again itself (a
/// BGP exit), so the prefix entries are resolved recursively over the loopback routes (<see cref="DataCenterPrefixes"/>).
/// Each leg is a <see cref="FlowWalk"/>; what reaches its router goes on.
/// </summary>
public static class FrontEndWalk
{
    /// <summary>The hop limit: the initial TTL most hosts send with, 64 (IANA's recommended default, RFC 1700; Linux's
    /// <c>net.ipv4.ip_default_ttl</c>); an MPLS core copies it into the label's TTL (RFC 3443).</summary>
    public const int DefaultTtl = 64;

    /// <summary>How many routers in a row may look the prefix up again before the traffic counts as looping: BGP exits
    /// that point at each other (a recursion loop) send it round until its TTL runs out.</summary>
    public const int MaxLookups = 8;

    /// <param name="site">The flow's data-center site index (-1: a site nobody originates, so no route at the ingress).</param>
    /// <param name="siteRoute">A router's entry for a site: the routers it sends to (empty: no route).</param>
    /// <returns>The path, with links numbered by direction (<see cref="FlowWalk.Directed"/>).</returns>
    public static FlowPath Walk(FlowReport flow, int site, DataCenterPrefixes prefixes, int firstRouterNode, Func<int, IForwardingTable?> fibOf,
        Func<int, int, int[]> siteRoute, Func<int, double>? passes = null)
    {
        var sum = new Sum();
        if (flow.Ingress.Length == 0) return sum.Result();
        foreach (var ingress in flow.Ingress) Resolve(ingress, 1.0 / flow.Ingress.Length, 0);
        return sum.Result();

        void Resolve(int router, double share, int lookups)
        {
            if (site >= 0 && prefixes.Owns(site, router)) { sum.Deliver(share); return; }
            var hops = site < 0 ? [] : siteRoute(router, site);
            if (hops.Length == 0) { sum.Drop(router, share); return; }
            if (lookups >= MaxLookups) { sum.Loop(share); return; }
            var part = share / hops.Length;
            foreach (var next in hops)
            {
                var leg = FlowWalk.Walk(router, Loopbacks.Of(next - firstRouterNode), fibOf, r => r == next, DefaultTtl, passes, directed: true);
                sum.Add(leg, part);
                if (leg.Delivered > 0) Resolve(next, part * leg.Delivered, lookups + 1);
            }
        }
    }

    /// <summary>Adds legs up, each weighted by the share of the flow that takes it.</summary>
    private sealed class Sum
    {
        private readonly SortedDictionary<int, double> _links = new();
        private readonly SortedDictionary<int, double> _dropped = new();
        private readonly SortedDictionary<int, double> _droppedOnLink = new();
        private double _delivered, _blackholed, _looped, _stale, _congested, _staleLost;

        /// <summary>A leg to a router on the way: what reaches it goes on (and is counted where it ends).</summary>
        public void Add(FlowPath leg, double weight)
        {
            foreach (var (link, share) in leg.Links) _links[link] = _links.GetValueOrDefault(link) + share * weight;
            foreach (var (router, share) in leg.DroppedAt) _dropped[router] = _dropped.GetValueOrDefault(router) + share * weight;
            foreach (var (link, share) in leg.DroppedOnLink ?? new Dictionary<int, double>()) _droppedOnLink[link] = _droppedOnLink.GetValueOrDefault(link) + share * weight;
            _blackholed += leg.Blackholed * weight;
            _looped += leg.Looped * weight;
            _stale += leg.Stale * weight;
            _congested += leg.Congested * weight;
            _staleLost += leg.StaleLost * weight;
        }

        public void Deliver(double share) => _delivered += share;

        public void Loop(double share) => _looped += share;

        public void Drop(int router, double share)
        {
            _dropped[router] = _dropped.GetValueOrDefault(router) + share;
            _blackholed += share;
        }

        public FlowPath Result() => new(_links.Select(kv => new LinkUse(kv.Key, kv.Value)).ToList(), _delivered, _blackholed, _looped,
            _dropped, _stale, _congested, _droppedOnLink, _staleLost);
    }
}
