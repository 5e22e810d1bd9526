using BackboneSim.Model.DataPlane;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// Carries one gateway's front-end traffic (<see cref="FlowReport"/>) over the routers' FIBs: from each ingress edge
/// router (equal shares) on the loopback route of the BGP exit if there is one, and from there (or straight from the
/// ingress) on the loopback routes of the data center's border routers (equal shares), as a BGP-free core carries
/// traffic on the label of its BGP next hop (<see cref="Loopbacks"/>). Each leg is a <see cref="FlowWalk"/>; what
/// reaches the exit goes on.
/// </summary>
public static class FrontEndWalk
{
    /// <summary>The hop limit: the initial TTL most hosts send with, 64 (IANA's recommended default, RFC 1700; Linux's
    /// <c>net.ipv4.ip_default_ttl</c>); an MPLS core copies it into the label's TTL (RFC 3443).</summary>
    public const int DefaultTtl = 64;

    /// <returns>The path, with links numbered by direction (<see cref="FlowWalk.Directed"/>).</returns>
    public static FlowPath Walk(FlowReport flow, int firstRouterNode, Func<int, IForwardingTable?> fibOf, Func<int, double>? passes = null)
    {
        var sum = new Sum();
        if (flow.Ingress.Length == 0) return sum.Result();
        // A data center the control plane cannot reach: the front-ends' packets find no route at the ingress.
        if (flow.Targets.Length == 0) { foreach (var ingress in flow.Ingress) sum.Drop(ingress, 1.0 / flow.Ingress.Length); return sum.Result(); }
        var perIngress = 1.0 / flow.Ingress.Length;
        foreach (var ingress in flow.Ingress)
        {
            if (flow.Via < 0) { ToTargets(ingress, perIngress); continue; }
            var first = Leg(ingress, flow.Via);
            sum.Add(first, perIngress, countDelivered: false);
            if (first.Delivered > 0) ToTargets(flow.Via, perIngress * first.Delivered);
        }
        return sum.Result();

        void ToTargets(int from, double share)
        {
            foreach (var target in flow.Targets) sum.Add(Leg(from, target), share / flow.Targets.Length, countDelivered: true);
        }

        FlowPath Leg(int from, int to) =>
            FlowWalk.Walk(from, Loopbacks.Of(to - firstRouterNode), fibOf, r => r == to, DefaultTtl, passes, directed: true);
    }

    /// <summary>Adds legs up, each weighted by the share of the flow that takes it.</summary>
    private sealed class Sum
    {
        private readonly SortedDictionary<int, double> _links = new();
        private readonly SortedDictionary<int, double> _dropped = new();
        private readonly SortedDictionary<int, double> _droppedOnLink = new();
        private double _delivered, _blackholed, _looped, _stale, _congested, _staleLost;

        public void Add(FlowPath leg, double weight, bool countDelivered)
        {
            foreach (var (link, share) in leg.Links) _links[link] = _links.GetValueOrDefault(link) + share * weight;
            foreach (var (router, share) in leg.DroppedAt) _dropped[router] = _dropped.GetValueOrDefault(router) + share * weight;
            foreach (var (link, share) in leg.DroppedOnLink ?? new Dictionary<int, double>()) _droppedOnLink[link] = _droppedOnLink.GetValueOrDefault(link) + share * weight;
            if (countDelivered) _delivered += leg.Delivered * weight;
            _blackholed += leg.Blackholed * weight;
            _looped += leg.Looped * weight;
            _stale += leg.Stale * weight;
            _congested += leg.Congested * weight;
            _staleLost += leg.StaleLost * weight;
        }

        public void Drop(int router, double share)
        {
            _dropped[router] = _dropped.GetValueOrDefault(router) + share;
            _blackholed += share;
        }

        public FlowPath Result() => new(_links.Select(kv => new LinkUse(kv.Key, kv.Value)).ToList(), _delivered, _blackholed, _looped,
            _dropped, _stale, _congested, _droppedOnLink, _staleLost);
    }
}
