using BackboneSim.Model.DataPlane;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// Carries one flow (<see cref="FlowReport"/>: a gateway's front-end traffic, the replication or the internal tools'
/// traffic) to its data center's prefix over the routers' FIBs: from each ingress router (equal shares) by that
/// router's entry for the prefix, which names routers (the site's nearest border routers, or a BGP exit), in equal
/// shares; to each on its loopback route, as a BGP-free core carries traffic on the label of its BGP next hop
/// (<see cref="Loopbacks"/>). A router that is not a border router of the site looks the prefix up again itself (a
/// BGP exit), so the prefix entries are resolved recursively over the loopback routes (<see cref="DataCenterPrefixes"/>).
/// Each leg is a <see cref="FlowWalk"/>; what reaches its router goes on. Flowspec rules act at every router the
/// packets arrive at: the ingress routers (where the flow enters the backbone), each router on the way and the
/// border router that delivers it; each router once, however many legs meet there.
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
    /// <param name="rules">What a router's Flowspec rules do to the flow's packets arriving there
    /// (<see cref="FlowspecTable.Action"/>), or null: no router has rules.</param>
    /// <param name="ingressRules">What an ingress router's rules do to other packets of the flow that arrive there
    /// first (the users' own requests to the front-ends' public address), or null.</param>
    /// <returns>The path, with links numbered by direction (<see cref="FlowWalk.Directed"/>).</returns>
    public static FlowPath Walk(FlowReport flow, int site, DataCenterPrefixes prefixes, int firstRouterNode, Func<int, IForwardingTable?> fibOf,
        Func<int, int, int[]> siteRoute, Func<int, double>? passes = null, Func<int, int>? rules = null, Func<int, int>? ingressRules = null)
    {
        var sum = new Sum();
        if (flow.Ingress.Length == 0) return sum.Result();
        foreach (var ingress in flow.Ingress)
        {
            var share = 1.0 / flow.Ingress.Length;
            if (ingressRules is not null) share = sum.Arrive(ingress, ingressRules(ingress), share, passes);
            if (rules is not null && share > 0) share = sum.Arrive(ingress, rules(ingress), share, passes);
            if (share > 0) Resolve(ingress, share, 0);
        }
        return sum.Result();

        // The rules of the router resolved have acted already (at the ingress above, or on arrival at the end of a leg).
        void Resolve(int router, double share, int lookups)
        {
            if (site >= 0 && prefixes.Owns(site, router)) { sum.Deliver(share); return; }
            var hops = site < 0 ? [] : siteRoute(router, site);
            if (hops.Length == 0) { sum.Drop(router, share); return; }
            if (lookups >= MaxLookups) { sum.Loop(share); return; }
            var part = share / hops.Length;
            foreach (var next in hops)
            {
                var leg = FlowWalk.Walk(router, Loopbacks.Of(next - firstRouterNode), fibOf, r => r == next, DefaultTtl, passes, directed: true,
                    rules, ingressArrives: false);
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
        private readonly SortedDictionary<int, double> _filteredAt = new();
        private readonly SortedDictionary<int, double> _policed = new();
        private double _delivered, _blackholed, _looped, _stale, _congested, _staleLost, _filtered;

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
            _filtered += leg.Filtered * weight;
            foreach (var (router, share) in leg.FilteredAtRouters) _filteredAt[router] = _filteredAt.GetValueOrDefault(router) + share * weight;
            foreach (var (policer, share) in leg.Policers) _policed[policer] = _policed.GetValueOrDefault(policer) + share * weight;
        }

        /// <summary>A share arrives at an ingress router whose rules do <paramref name="action"/> to it: what goes on.</summary>
        public double Arrive(int router, int action, double share, Func<int, double>? passes)
        {
            if (action == FlowspecTable.Pass) return share;
            var pass = 0.0;
            if (action != FlowspecTable.Discard)
            {
                _policed[action] = _policed.GetValueOrDefault(action) + share;
                pass = passes is null ? 1 : Math.Clamp(passes(action), 0, 1);
            }
            if (pass >= 1) return share;
            _filtered += share * (1 - pass);
            _filteredAt[router] = _filteredAt.GetValueOrDefault(router) + share * (1 - pass);
            return share * pass;
        }

        public void Deliver(double share) => _delivered += share;

        public void Loop(double share) => _looped += share;

        public void Drop(int router, double share)
        {
            _dropped[router] = _dropped.GetValueOrDefault(router) + share;
            _blackholed += share;
        }

        public FlowPath Result() => new(_links.Select(kv => new LinkUse(kv.Key, kv.Value)).ToList(), _delivered, _blackholed, _looped,
            _dropped, _stale, _congested, _droppedOnLink, _staleLost, _filtered, _filteredAt.Count > 0 ? _filteredAt : null,
            _policed.Count > 0 ? _policed.Select(kv => new LinkUse(kv.Key, kv.Value)).ToList() : null);
    }
}
