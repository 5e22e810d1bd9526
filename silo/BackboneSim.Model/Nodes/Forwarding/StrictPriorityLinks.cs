using BackboneSim.Model.DataPlane;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// What share of the traffic offered to a link direction it carries, per class: the classes are served by strict
/// priority (RFC 4594's classes, <see cref="TrafficClass"/>: a class gets only what the classes above it leave, as a
/// priority scheduler serves its queues), and within a class every flow loses the same share (one FIFO queue with
/// tail drop per class: every packet has the same chance to find it full, so open-loop fluid traffic is cut in
/// proportion to what it offers). A direction whose far end has an ACL denying data carries nothing to it.
/// <para>
/// A resource numbered below zero is a Flowspec policer (<see cref="FlowspecTable"/>; RFC 8955 §7.1's traffic-rate
/// action), not a link: its capacity is its rate, and it polices what matches its rule whatever the class (a token
/// bucket drops any packet that finds it empty), so every class loses the same share, 1 − rate / offered.
/// </para>
/// </summary>
public static class StrictPriorityLinks
{
    /// <param name="offered">Per link direction and class, the Gbps offered to it.</param>
    /// <param name="capacity">A link direction's capacity, Gbps (0 while it is down); a policer's rate.</param>
    /// <param name="filtered">Whether a link direction's far end discards the data arriving.</param>
    /// <returns>Per link direction and class, the share carried where it is below 1 (a missing key carries all).</returns>
    public static Dictionary<(int Link, TrafficClass Class), double> Passes(IReadOnlyDictionary<(int Link, TrafficClass Class), double> offered,
        Func<int, double> capacity, Func<int, bool> filtered)
    {
        var passes = new Dictionary<(int, TrafficClass), double>();
        foreach (var link in offered.Keys.Select(k => k.Link).Distinct().Order())
        {
            var left = capacity(link);
            if (link < 0)
            {
                var total = Enum.GetValues<TrafficClass>().Sum(c => offered.GetValueOrDefault((link, c)));
                if (total <= left) continue;
                foreach (var cls in Enum.GetValues<TrafficClass>())
                    if (offered.GetValueOrDefault((link, cls)) > 0) passes[(link, cls)] = Math.Max(0, left) / total;
                continue;
            }
            var blocked = filtered(link);
            foreach (var cls in Enum.GetValues<TrafficClass>())
            {
                if (!offered.TryGetValue((link, cls), out var gbps) || gbps <= 0) continue;
                var carried = blocked ? 0 : Math.Min(gbps, Math.Max(0, left));
                left -= carried;
                if (carried < gbps) passes[(link, cls)] = carried / gbps;
            }
        }
        return passes;
    }

    /// <summary>
    /// What every link direction carries per class once the losses upstream are taken into account: a link behind a
    /// congested one is offered only what got through it, so it drops less (and a flow that crosses two congested
    /// links in series is not cut twice from its full rate). Starts from the load offered with no loss, works out
    /// the shares carried, walks the flows that cross a congested link again with those shares to get the load that
    /// reaches each link, and repeats until the shares settle (each round fixes at least the next link along every
    /// path, so a path of n congested links settles in n rounds), at most <paramref name="maxRounds"/> times.
    /// </summary>
    /// <param name="flows">Each flow's rate, class, and the load it offers each link direction (shares of its rate)
    /// when the links carry the given shares (null: every link carries everything).</param>
    /// <returns>The shares carried (as <see cref="Passes"/>) and the load offered per link direction and class.</returns>
    public static (Dictionary<(int Link, TrafficClass Class), double> Passes, Dictionary<(int Link, TrafficClass Class), double> Offered) Settle(
        IReadOnlyList<(double Gbps, TrafficClass Class, Func<Func<int, double>?, IReadOnlyList<LinkUse>> Loads)> flows,
        Func<int, double> capacity, Func<int, bool> filtered, int maxRounds = 16)
    {
        var offered = Offer(flows, null);
        var passes = Passes(offered, capacity, filtered);
        for (var round = 0; round < maxRounds && passes.Count > 0; round++)
        {
            var current = passes;
            offered = Offer(flows, current);
            passes = Passes(offered, capacity, filtered);
            if (Same(current, passes)) break;
        }
        return (passes, offered);
    }

    private static Dictionary<(int Link, TrafficClass Class), double> Offer(
        IReadOnlyList<(double Gbps, TrafficClass Class, Func<Func<int, double>?, IReadOnlyList<LinkUse>> Loads)> flows,
        Dictionary<(int Link, TrafficClass Class), double>? passes)
    {
        var offered = new Dictionary<(int Link, TrafficClass Class), double>();
        foreach (var (gbps, cls, loads) in flows)
        {
            if (gbps <= 0) continue;
            var unconstrained = loads(null);
            // Only a flow that crosses a link carrying less than all of its class loses anything on the way.
            var crosses = passes is not null && unconstrained.Any(u => passes.ContainsKey((u.Link, cls)));
            foreach (var (link, share) in crosses ? loads(l => passes!.GetValueOrDefault((l, cls), 1)) : unconstrained)
                offered[(link, cls)] = offered.GetValueOrDefault((link, cls)) + gbps * share;
        }
        return offered;
    }

    private static bool Same(Dictionary<(int, TrafficClass), double> a, Dictionary<(int, TrafficClass), double> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && Math.Abs(v - kv.Value) < 1e-9);
}
