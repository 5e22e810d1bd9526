using BackboneSim.Engine;
using BackboneSim.Model.DataPlane;

namespace BackboneSim.Model.Nodes;

/// <summary>
/// The front-ends' health checks of the data centers as probes over the data plane: from each PoP gateway towards
/// every data center's border routers, forwarded by the routers' FIBs as they are. A check passes when at least half
/// of what is sent towards some border router of the data center arrives (the rule of the DNS servers' probes): a
/// missing entry, a dark router, a link that is down or filtered, or a loop stops it; a congested link drops what it
/// drops of the interactive traffic; a router whose Flowspec rules discard the probe (an ICMP echo to the border
/// router's loopback) where it arrives, the gateway and the border router included, stops it too, and a policer
/// drops what it drops of the traffic it polices. Each client cohort behind a gateway hears which results changed
/// (<see cref="FrontEndProbe"/>, one message per cohort and step), and its health checks count a data center failing
/// while its probes do not arrive from any usable gateway (<see cref="ClientCohortModel"/>).
/// </summary>
/// <remarks>
/// A probe is a packet, not load: it loads no link. Every (gateway, data center) pair is probed, so the share that
/// arrives is worked out per border router for every router at once (<see cref="ShareArriving"/>), rather than walked
/// from each gateway: a loop found on the way counts as lost, as a looping probe's TTL runs out.
/// </remarks>
/// <param name="gateways">Each PoP gateway router and the client cohorts it serves.</param>
/// <param name="dataCenters">Each data center's node and its border routers.</param>
public sealed class FrontEndProbes(IReadOnlyList<(int Gateway, int[] Cohorts)> gateways, IReadOnlyList<(int Node, int[] Borders)> dataCenters,
    int firstRouterNode, int routerCount)
{
    /// <summary>Results that failed when last told (every probe passes at the start, as the converged network does).</summary>
    private readonly HashSet<(int Gateway, int DataCenter)> _failing = new();
    // Scratch for one border router's results, by router ordinal: the share, and whether it is known or on the path.
    private readonly double[] _share = new double[routerCount];
    private readonly byte[] _state = new byte[routerCount];
    private const byte Unknown = 0, OnPath = 1, Known = 2;
    private Func<int, int, int>? _rules;

    /// <summary>Works every probe out again and tells the cohorts whose results changed.</summary>
    /// <param name="passes">What share of a probe a link direction (<see cref="FlowWalk.Directed"/>) or a policer lets through.</param>
    /// <param name="rules">What a router's Flowspec rules do to a probe towards a border router arriving there
    /// (<see cref="FlowspecTable.Action"/>), by router and border router; null: no router has rules.</param>
    public void Check(NodeContext ctx, Func<int, IForwardingTable?> fibOf, Func<int, double> passes, long delayMs, long cause,
        Func<int, int, int>? rules = null)
    {
        _rules = rules;
        var news = new SortedDictionary<int, List<(int Gateway, int DataCenter, bool Passing)>>();
        var passing = new bool[gateways.Count];
        foreach (var (dc, borders) in dataCenters)
        {
            Array.Clear(passing);
            foreach (var border in borders)
            {
                Array.Clear(_state);
                var destination = Loopbacks.Of(border - firstRouterNode);
                for (var i = 0; i < gateways.Count; i++)
                    passing[i] |= ShareArriving(gateways[i].Gateway, border, destination, fibOf, passes) >= 0.5;
            }
            for (var i = 0; i < gateways.Count; i++)
            {
                var (gateway, cohorts) = gateways[i];
                if (passing[i] != _failing.Contains((gateway, dc))) continue;
                if (passing[i]) _failing.Remove((gateway, dc)); else _failing.Add((gateway, dc));
                foreach (var cohort in cohorts)
                {
                    if (!news.TryGetValue(cohort, out var list)) news[cohort] = list = new List<(int, int, bool)>();
                    list.Add((gateway, dc, passing[i]));
                }
            }
        }
        foreach (var (cohort, list) in news)
            ctx.Send(cohort, Math.Max(ctx.Lookahead, delayMs), new FrontEndProbe
            {
                Gateways = list.Select(x => x.Gateway).ToArray(), DataCenters = list.Select(x => x.DataCenter).ToArray(),
                Passing = list.Select(x => x.Passing).ToArray(),
            }, cause);
    }

    /// <summary>
    /// The share of what <paramref name="router"/> sends towards <paramref name="target"/> that arrives, worked out once
    /// per router by following its FIB entry: 1 at the target itself, 0 where no entry or no power, and the ECMP
    /// shares of its next hops' results, times what each link lets through, elsewhere. A router met again on the way
    /// is a loop and adds nothing. A router's rules act on the probe as it arrives there.
    /// </summary>
    private double ShareArriving(int router, int target, Prefix destination, Func<int, IForwardingTable?> fibOf, Func<int, double> passes)
    {
        var o = router - firstRouterNode;
        if (_state[o] == Known) return _share[o];
        if (_state[o] == OnPath) return 0;
        var admitted = 1.0;
        if (_rules?.Invoke(router, target) is { } action and not FlowspecTable.Pass)
            admitted = action == FlowspecTable.Discard ? 0 : Math.Clamp(passes(action), 0, 1);
        if (router == target || admitted == 0)
        {
            (_state[o], _share[o]) = (Known, router == target ? admitted : 0);
            return _share[o];
        }
        _state[o] = OnPath;
        var entry = fibOf(router)?.Lookup(destination);
        double share = 0;
        if (entry is not null)
        {
            var hops = entry.NextHops;
            var part = 1.0 / hops.Count;
            for (var i = 0; i < hops.Count; i++)
            {
                var hop = hops[i];
                share += part * Math.Clamp(passes(FlowWalk.Directed(hop.Interface, router, hop.Neighbour)), 0, 1)
                    * ShareArriving(hop.Neighbour, target, destination, fibOf, passes);
            }
        }
        (_state[o], _share[o]) = (Known, share * admitted);
        return share * admitted;
    }
}
