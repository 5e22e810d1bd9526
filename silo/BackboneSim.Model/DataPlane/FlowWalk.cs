using BackboneSim.Model.Nodes;

namespace BackboneSim.Model.DataPlane;

/// <summary>Where a flow aggregate's traffic goes when every router forwards it by its FIB, as shares of its rate.</summary>
/// <param name="Links">The links it uses and how much of its rate crosses each (more than 1 on a loop), in link order.</param>
/// <param name="Delivered">Share that reached a router that owns the destination.</param>
/// <param name="Blackholed">Share dropped at a router with no entry for the destination (or not forwarding at all).</param>
/// <param name="Looped">Share still in flight when its hop limit ran out: it went round a loop until its TTL expired.</param>
/// <param name="DroppedAt">Per router, the share it dropped for want of an entry (for "dropped at X because…").</param>
/// <param name="Stale">Share that crossed at least one stale (fail-static) entry on its way, whatever became of it.</param>
/// <param name="Congested">Share dropped by links that could not carry what was offered to them (only when the walk
/// was given what each link passes).</param>
/// <param name="DroppedOnLink">That share, per link.</param>
/// <param name="StaleLost">Share lost (blackholed, looped, dropped on a link or by a rule) after crossing a stale
/// entry: what a router's fail-static forwarding sent where it could not arrive.</param>
/// <param name="Filtered">Share dropped by the Flowspec rules of routers it arrived at (<see cref="FlowspecTable"/>): by a
/// discard rule, or by a policer over its rate (only when the walk was given what each policer passes).</param>
/// <param name="FilteredAt">That share, per router.</param>
/// <param name="Policed">The policers it crosses (<see cref="FlowspecTable"/>'s numbers, below zero) and how much of
/// its rate arrives at each, in number order: the load each policer is offered.</param>
public sealed record FlowPath(IReadOnlyList<LinkUse> Links, double Delivered, double Blackholed, double Looped,
    IReadOnlyDictionary<int, double> DroppedAt, double Stale, double Congested = 0, IReadOnlyDictionary<int, double>? DroppedOnLink = null,
    double StaleLost = 0, double Filtered = 0, IReadOnlyDictionary<int, double>? FilteredAt = null, IReadOnlyList<LinkUse>? Policed = null)
{
    /// <summary><see cref="FilteredAt"/>, empty when nothing was filtered.</summary>
    public IReadOnlyDictionary<int, double> FilteredAtRouters => FilteredAt ?? FlowWalk.Nothing;
    /// <summary><see cref="Policed"/>, empty when it crosses no policer.</summary>
    public IReadOnlyList<LinkUse> Policers => Policed ?? [];
}

/// <summary>
/// Forwards one flow aggregate (ingress router, destination prefix) hop by hop over the routers' FIBs, as fluid:
/// the share at each router is split over its entry's ECMP next hops (equal shares, as hash-based ECMP spreads many
/// flows, RFC 2992), so an aggregate is never enumerated path by path. Traffic is delivered at a router that owns the
/// destination, blackholed where the longest-prefix match finds no entry (RFC 1812 §5.2.7.1: no route, dropped), and
/// lost to a loop when it is still in flight after <c>maxHops</c> hops (every router decrements the TTL, RFC 1812
/// §5.3.1; a packet that loops crosses its loop's links again and again until then, so a loop loads them that many
/// times). Inconsistent FIBs during reconvergence give exactly such transient loops. A router's Flowspec rules act on
/// what arrives at it before it is forwarded or delivered: a discard rule drops it there, a policer passes what
/// <c>passes</c> says of it.
/// </summary>
public static class FlowWalk
{
    /// <summary>One direction of link <paramref name="link"/>: 2 × link, + 1 from the higher-numbered node to the lower.</summary>
    public static int Directed(int link, int from, int to) => link * 2 + (from > to ? 1 : 0);

    /// <summary>Shares smaller than this are dropped from the walk: dust from repeated ECMP splits, not traffic.</summary>
    private const double Dust = 1e-12;

    /// <param name="ingress">The router where the aggregate enters.</param>
    /// <param name="destination">Where it goes.</param>
    /// <param name="fibOf">A router's FIB; null for a router that forwards nothing (dark): its share is dropped there.</param>
    /// <param name="owns">Whether a router delivers the destination itself (attached, or the destination's own node).</param>
    /// <param name="maxHops">The hop limit (the packets' initial TTL).</param>
    /// <param name="passes">What share of the traffic offered to a link it carries (1 when it is not congested); the
    /// rest is dropped there. Null: every link carries everything.</param>
    /// <param name="directed">Count each direction of a link apart (full duplex: each has the link's capacity): links
    /// are then numbered <see cref="Directed"/>, in <see cref="FlowPath.Links"/> and for <paramref name="passes"/>.</param>
    /// <param name="rules">What a router's Flowspec rules do to this flow's packets arriving there
    /// (<see cref="FlowspecTable.Action"/>: pass, discard, or a policer whose share <paramref name="passes"/> gives);
    /// null: no router has rules.</param>
    /// <param name="ingressArrives">Whether the packets arrive at <paramref name="ingress"/> (from a host or another
    /// network: its rules apply), or are already there (a leg that goes on from a router that applied them).</param>
    public static FlowPath Walk(int ingress, Prefix destination, Func<int, IForwardingTable?> fibOf, Func<int, bool> owns, int maxHops,
        Func<int, double>? passes = null, bool directed = false, Func<int, int>? rules = null, bool ingressArrives = true)
    {
        if (maxHops < 1) throw new ArgumentOutOfRangeException(nameof(maxHops), maxHops, "at least one hop");
        // Hash maps with the keys sorted where order counts: every router is taken in ascending order at each hop and
        // the results are listed in key order, so the sums are made in the same order as with sorted maps, for less
        // allocation (walks run for every flow after every FIB change).
        var links = new Dictionary<int, double>();
        SortedDictionary<int, double>? dropped = null, droppedOnLink = null;
        SortedDictionary<int, double>? filteredAt = null, policed = null;
        double delivered = 0, blackholed = 0, looped = 0, stale = 0, congested = 0, staleLost = 0, filtered = 0;
        // Share in flight at each router, and the part of it that already crossed a stale entry.
        var here = new Dictionary<int, (double Share, double Stale)> { [ingress] = (1, 0) };
        var next = new Dictionary<int, (double Share, double Stale)>();
        var routers = new List<int>();
        for (var hop = 0; here.Count > 0; hop++)
        {
            routers.Clear();
            routers.AddRange(here.Keys);
            routers.Sort();
            foreach (var router in routers)
            {
                var (share, staleShare) = here[router];
                if (rules is not null && (hop > 0 || ingressArrives) && rules(router) is var action and not FlowspecTable.Pass)
                {
                    var pass = 0.0;
                    if (action != FlowspecTable.Discard)
                    {
                        policed ??= new SortedDictionary<int, double>();
                        policed[action] = policed.GetValueOrDefault(action) + share;
                        pass = passes is null ? 1 : Math.Clamp(passes(action), 0, 1);
                    }
                    if (pass < 1)
                    {
                        filtered += share * (1 - pass);
                        filteredAt ??= new SortedDictionary<int, double>();
                        filteredAt[router] = filteredAt.GetValueOrDefault(router) + share * (1 - pass);
                        stale += staleShare * (1 - pass);
                        staleLost += staleShare * (1 - pass);
                        (share, staleShare) = (share * pass, staleShare * pass);
                        if (share < Dust) continue;
                    }
                }
                if (owns(router)) { delivered += share; stale += staleShare; continue; }
                if (hop == maxHops) { looped += share; stale += staleShare; staleLost += staleShare; continue; }
                var entry = fibOf(router)?.Lookup(destination);
                if (entry is null)
                {
                    blackholed += share;
                    stale += staleShare;
                    staleLost += staleShare;
                    dropped ??= new SortedDictionary<int, double>();
                    dropped[router] = dropped.GetValueOrDefault(router) + share;
                    continue;
                }
                var onward = entry.Stale ? share : staleShare;
                var hops = entry.NextHops;
                for (var k = 0; k < hops.Count; k++)
                {
                    var nextHop = hops[k];
                    var part = 1.0 / hops.Count; // FibEntry.Shares: an equal share each
                    var s = share * part;
                    if (s < Dust) continue;
                    var link = directed ? Directed(nextHop.Interface, router, nextHop.Neighbour) : nextHop.Interface;
                    links[link] = links.GetValueOrDefault(link) + s;
                    var pass = passes is null ? 1 : Math.Clamp(passes(link), 0, 1);
                    if (pass < 1)
                    {
                        congested += s * (1 - pass);
                        droppedOnLink ??= new SortedDictionary<int, double>();
                        droppedOnLink[link] = droppedOnLink.GetValueOrDefault(link) + s * (1 - pass);
                    }
                    stale += onward * part * (1 - pass);
                    staleLost += onward * part * (1 - pass);
                    var (before, beforeStale) = next.GetValueOrDefault(nextHop.Neighbour);
                    next[nextHop.Neighbour] = (before + s * pass, beforeStale + onward * part * pass);
                }
            }
            (here, next) = (next, here);
            next.Clear();
        }
        var used = new List<LinkUse>(links.Count);
        foreach (var (link, share) in links) used.Add(new LinkUse(link, share));
        used.Sort((a, b) => a.Link.CompareTo(b.Link));
        return new FlowPath(used, delivered, blackholed, looped, dropped ?? Nothing, stale, congested, droppedOnLink ?? Nothing, staleLost,
            filtered, filteredAt, policed?.Select(kv => new LinkUse(kv.Key, kv.Value)).ToList());
    }

    internal static readonly IReadOnlyDictionary<int, double> Nothing = new SortedDictionary<int, double>().AsReadOnly();
}
